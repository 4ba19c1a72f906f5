package dev.loupe.client;

import static dev.loupe.client.Transport.params;
import static dev.loupe.client.Transport.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The library: uploads (through the API, or presigned straight to storage for large files), images' details, changes
 * and deletion, folders, and the library's own listing. Obtained from {@link LoupeClient#library()}.
 */
public final class Library {
    /**
     * Files larger than this go to storage by a presigned PUT: an API request carries at most a few megabytes (API
     * Gateway's and Lambda's payload limits, and multipart's overhead).
     */
    public static final long PRESIGNED_ABOVE = 4L * 1024 * 1024;

    private final Transport transport;
    private final Waiter waiter;

    Library(Transport transport, Waiter waiter) {
        this.transport = transport;
        this.waiter = waiter;
    }

    // ---------------------------------------------------------------- uploads

    /** Uploads {@code file} under its own name, reporting progress; see {@link #upload(Path, UploadOptions, ProgressListener)}. */
    public Image upload(Path file, ProgressListener progress) {
        return upload(file, UploadOptions.none(), progress);
    }

    /**
     * Uploads {@code file} to the library and answers the image once it is ingested. Up to {@link #PRESIGNED_ABOVE}
     * bytes it goes through {@code POST /v1/uploads} (ingested by the call); a larger file goes by a presigned PUT
     * straight to storage ({@code POST /v1/uploads/url}; the PUT is retried as any idempotent call), and this waits
     * (up to 2 minutes) for it to leave {@code pending}. Not retried after the request went out: a second
     * {@code POST /v1/uploads} would store a second image.
     */
    public Image upload(Path file, UploadOptions options, ProgressListener progress) {
        long size = size(file);
        String fileName = options.fileName() != null ? options.fileName() : file.getFileName().toString();
        if (size > PRESIGNED_ABOVE) {
            UploadUrl url = createUploadUrl(fileName, size, contentType(fileName), md5(file), options.folderId());
            put(url, file, progress);
            return awaitImage(url.imageId(), Duration.ofMinutes(2));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("file_name", fileName);
        if (options.description() != null) {
            metadata.put("description", options.description());
        }
        if (options.folderId() != null) {
            metadata.put("folder_id", options.folderId());
        }
        Body body = new Multipart()
                .part("metadata", new String(Transport.write(metadata), java.nio.charset.StandardCharsets.UTF_8),
                        "application/json")
                .withFile("file", fileName, contentType(fileName), () -> {
                    try {
                        return BodyPublishers.ofFile(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, size, progress);
        return transport.read(transport.post("/v1/uploads", body), Image.class);
    }

    /**
     * A presigned PUT for a file of {@code size} bytes; the image stays pending until the bytes arrive.
     *
     * @param md5 the file's MD5 in Base64 (storage refuses other bytes), or null
     */
    public UploadUrl createUploadUrl(String fileName, long size, String contentType, String md5, String folderId) {
        return transport.read(transport.json("POST", "/v1/uploads/url", params("file_name", fileName, "size", size,
                "content_type", contentType, "md5", md5, "folder_id", folderId), false), UploadUrl.class);
    }

    /** PUTs {@code file} to a presigned URL with its headers (retried: the same PUT twice stores the same bytes). */
    public void put(UploadUrl url, Path file, ProgressListener progress) {
        Map<String, String> headers = new LinkedHashMap<>();
        url.headers().forEach((name, value) -> {
            // The HTTP client sets these itself (and refuses to be told them).
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                headers.put(name, value);
            }
        });
        String contentType = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
        Body body = Body.file(file, size(file), contentType, progress);
        transport.exchange(new Transport.Call(url.method() == null ? "PUT" : url.method(), URI.create(url.uploadUrl()),
                body, true, false, headers));
    }

    /** Polls the image (with backoff) until it is no longer pending: its ingest is done or has failed. */
    public Image awaitImage(String imageId, Duration timeout) {
        return waiter.until(timeout, "the ingest of image " + imageId, () -> {
            Image image = image(imageId);
            return "pending".equals(image.status()) ? null : image;
        });
    }

    // ---------------------------------------------------------------- images

    public Image image(String imageId) {
        return transport.read(transport.get("/v1/images/" + segment(imageId), Map.of()), Image.class);
    }

    public Image updateImage(String imageId, ImageChanges changes) {
        return transport.read(transport.json("PATCH", "/v1/images/" + segment(imageId), changes, false), Image.class);
    }

    /** Deletes the image's bytes and thumbnails (galleries that used it keep a tombstone). */
    public void deleteImage(String imageId) {
        transport.exchange(transport.delete("/v1/images/" + segment(imageId), Map.of()));
    }

    /** A page of the library's images, filtered and sorted; {@code cursor} is the last page's next_cursor (null first). */
    public ImagePage images(ImageQuery query, String cursor) {
        return transport.read(transport.get("/v1/images", params("status", query.status(), "extension",
                query.extension(), "search", query.search(), "sort", query.sort(), "limit", query.limit(),
                "cursor", cursor)), ImagePage.class);
    }

    // ---------------------------------------------------------------- folders

    public FolderPage folders(Integer limit, String cursor) {
        return transport.read(transport.get("/v1/folders", params("limit", limit, "cursor", cursor)),
                FolderPage.class);
    }

    public Folder createFolder(String name) {
        return transport.read(transport.json("POST", "/v1/folders", Map.of("name", name), false), Folder.class);
    }

    public Folder folder(String folderId) {
        return transport.read(transport.get("/v1/folders/" + segment(folderId), Map.of()), Folder.class);
    }

    public Folder renameFolder(String folderId, String name) {
        return transport.read(transport.json("PATCH", "/v1/folders/" + segment(folderId), Map.of("name", name),
                false), Folder.class);
    }

    /**
     * Deletes an empty folder (empty answer), or with {@code deleteImages} queues the deletion of its images and then
     * of the folder (the queued job).
     */
    public Optional<FolderJob> deleteFolder(String folderId, boolean deleteImages) {
        var response = transport.send(transport.delete("/v1/folders/" + segment(folderId),
                params("delete_images", deleteImages ? "true" : null)));
        byte[] body = Transport.readAll(response);
        return response.statusCode() == 202
                ? Optional.of(Transport.parse(body, Transport.JSON.constructType(FolderJob.class)))
                : Optional.empty();
    }

    public FolderImages folderImages(String folderId, Integer limit, String cursor) {
        return transport.read(transport.get("/v1/folders/" + segment(folderId) + "/images",
                params("limit", limit, "cursor", cursor)), FolderImages.class);
    }

    /** Starts building a ZIP of the folder's originals; poll {@link #export} for its download URL. */
    public Export exportFolder(String folderId) {
        return transport.read(transport.post("/v1/folders/" + segment(folderId) + "/export", null), Export.class);
    }

    public Export export(String exportId) {
        return transport.read(transport.get("/v1/exports/" + segment(exportId), Map.of()), Export.class);
    }

    // ---------------------------------------------------------------- files

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static String contentType(String fileName) {
        String guessed = URLConnection.guessContentTypeFromName(fileName);
        if (guessed == null && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".webp")) {
            return "image/webp";
        }
        return guessed == null ? "application/octet-stream" : guessed;
    }

    /** The file's MD5 in Base64, as Content-MD5 carries it. */
    public static String md5(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Base64.getEncoder().encodeToString(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is in every JDK", e);
        }
    }
}
