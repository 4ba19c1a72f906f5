package dev.loupe.library;

import dev.loupe.imaging.ImageType;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.fetch.FetchedFile;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.core.http.ApiError;

/**
 * Imports into the library from where files already are: a public URL that the server fetches ({@link #importUrl}),
 * or a ZIP of images ({@link #importZip}). Every file takes the upload's way ({@link IngestService#prepare}, then
 * {@link UploadService}'s one storing path), so an imported image is exactly what uploading it would have made.
 *
 * <p>Whether the caller may change the library is checked first, then what the request alone can get wrong (file
 * name, description, folder): nothing is fetched or unpacked for a request that would be refused anyway. URLs are
 * fetched with a {@link SafeFetcher} built with {@link #FETCH_LIMITS}: public addresses only, every hop vetted after
 * resolution and before connecting. A URL that serves a ZIP is imported as a ZIP.
 *
 * <p>A ZIP is all or nothing twice over. {@link SafeZip} refuses the whole archive for one unsafe name, a bomb or a
 * limit; then every file is checked and prepared before the first one is stored, and one refusal answers 400
 * zip_entry_refused naming them all with nothing stored, unless the caller asked to skip invalid files.
 *
 * <p>Storing the k-th of n images can still fail (S3 or DynamoDB failing midway). The import is then undone: the
 * k-th cleans up after itself as any upload does, and the k-1 stored before it are withdrawn (FAILED with the
 * reason, bytes removed), so that retrying the same ZIP makes no duplicates; the answer is 500 import_failed. An
 * image that can't be withdrawn (the outage goes on, or someone changed it meanwhile) stays as the complete image
 * it is, and the answer is 500 import_incomplete naming it. Nothing is left half-written: an image is either
 * active with its thumbnails, or failed without bytes. Only a Lambda timeout cuts an import short without this
 * undo: the images stored by then stay, complete; the one in flight is finished by the ingest that its original's
 * S3 event starts, or, cut before its original was written, stays pending, which no listing shows.
 */
public final class ImportService {
    /** Images one request imports at most: preparing and storing more would not fit in an API request's 29 s. */
    public static final int MAX_ZIP_IMAGES = 100;
    /** The fetcher's limits: {@link SafeFetcher.Limits#DEFAULTS}, with the largest file the library takes. */
    public static final SafeFetcher.Limits FETCH_LIMITS =
            SafeFetcher.Limits.DEFAULTS.withMaxBytes(IngestService.MAX_BYTES);

    private static final int LISTED_REFUSALS = 20;

    private final UploadService uploads;
    private final IngestService ingest;
    private final SafeFetcher fetcher;

    public ImportService(UploadService uploads, IngestService ingest, SafeFetcher fetcher) {
        this.uploads = uploads;
        this.ingest = ingest;
        this.fetcher = fetcher;
    }

    /** A ZIP entry that was not imported, by its path inside the archive, with the refusal's code and message. */
    public record Skipped(String name, String code, String message) {
    }

    /**
     * What an import made: the active images, the ZIP entries skipped (skip_invalid), and whether the source was a
     * ZIP (a URL may serve one), which decides the answer's shape.
     */
    public record Imported(List<Image> images, List<Skipped> skipped, boolean archive) {
        public Imported {
            images = List.copyOf(images);
            skipped = List.copyOf(skipped);
        }
    }

    public Imported importUrl(Caller caller, URI url, Optional<String> fileName, Optional<String> description,
                              Optional<String> folderId) {
        return importUrl(caller, url, fileName, description, folderId, false);
    }

    /**
     * Fetches the URL and imports what it serves: an image, named {@code fileName}, else as the server names it,
     * else {@code image.<ext>}; or a ZIP, imported as {@link #importZip} does (with {@code description} on each image,
     * {@code fileName} unused: the entries have their own names).
     */
    public Imported importUrl(Caller caller, URI url, Optional<String> fileName, Optional<String> description,
                              Optional<String> folderId, boolean skipInvalid) {
        LibraryAccess.requireChange(caller);
        Optional<String> givenName = fileName.map(String::strip).filter(name -> !name.isEmpty());
        givenName.ifPresent(UploadService::validFileName);
        String text = UploadService.validDescription(description);
        Optional<String> folder = uploads.openFolder(caller.projectId(), folderId);

        FetchedFile fetched = fetcher.fetch(url);
        byte[] bytes = fetched.bytes();
        if (isZip(bytes)) {
            return importArchive(caller, bytes, folder, text, skipInvalid);
        }
        if (bytes.length == 0) {
            throw new ApiError(400, "empty_file", "The URL answered with an empty body: there is no image in it.",
                    "url");
        }
        // Without a type there is no name to derive; the URL, not a file name, is what the caller got wrong.
        ImageType type = ImageType.detect(head(bytes)).orElseThrow(() -> new ApiError(415, "unsupported_type",
                "The file at the URL is not an image Loupe accepts" + fetched.contentType()
                        .map(served -> " (it was served as " + served + ")").orElse("") + "; supported formats: "
                        + ImageType.supportedList() + ", or a ZIP file of them", "url"));
        String name = givenName.orElseGet(() -> nameFor(fetched.fileName(), type));
        // A server's image/* type is a claim about the bytes, checked like a client's; anything else (octet-stream,
        // text/plain from a misconfigured server) says nothing about them.
        Optional<String> declared = fetched.contentType().filter(served -> served.startsWith("image/"));
        Image image = uploads.upload(caller, new UploadService.DirectUpload(name, declared, Optional.empty(),
                UploadValidation.Md5Check.IF_DECLARED, Optional.of(text), folder, bytes));
        return new Imported(List.of(image), List.of(), false);
    }

    /** Imports the images of a ZIP file sent with the request into the folder (or none). */
    public Imported importZip(Caller caller, byte[] zip, Optional<String> folderId, boolean skipInvalid) {
        LibraryAccess.requireChange(caller);
        Optional<String> folder = uploads.openFolder(caller.projectId(), folderId);
        return importArchive(caller, zip, folder, "", skipInvalid);
    }

    /** Local file header, or the end record alone (an empty archive): both are ZIP files for SafeZip to judge. */
    public static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                && (bytes[2] == 3 && bytes[3] == 4 || bytes[2] == 5 && bytes[3] == 6);
    }

    private record Ready(String name, IngestService.Prepared prepared, byte[] bytes) {
    }

    private Imported importArchive(Caller caller, byte[] zip, Optional<String> folder, String description,
                                   boolean skipInvalid) {
        List<ZipFileEntry> files = SafeZip.read(zip);
        if (files.isEmpty()) {
            throw new ApiError(400, "empty_zip", "The ZIP file holds no files.", "file");
        }
        long images = files.stream().filter(file -> ImageType.detect(head(file.bytes())).isPresent()).count();
        if (images > MAX_ZIP_IMAGES) {
            throw new ApiError(400, "zip_too_many_images", "The ZIP file holds " + images + " images; one import "
                    + "takes at most " + MAX_ZIP_IMAGES + ". Split it into several ZIP files and import each.", "file");
        }

        List<Ready> ready = new ArrayList<>();
        List<Skipped> refused = new ArrayList<>();
        for (ZipFileEntry file : files) {
            try {
                String name = UploadService.validFileName(file.name());
                ready.add(new Ready(name, ingest.prepare(name, Optional.empty(), Optional.empty(),
                        UploadValidation.Md5Check.IF_DECLARED, file.bytes()), file.bytes()));
            } catch (ApiError refusal) {
                if (refusal.status() >= 500) {
                    throw refusal;
                }
                refused.add(new Skipped(file.path(), refusal.code(), refusal.getMessage()));
            }
        }
        if (!refused.isEmpty() && (!skipInvalid || ready.isEmpty())) {
            throw entriesRefused(refused, files.size(), skipInvalid);
        }

        List<Image> stored = new ArrayList<>();
        for (int i = 0; i < ready.size(); i++) {
            Ready file = ready.get(i);
            try {
                stored.add(uploads.store(caller, file.name(), description, folder, file.prepared(), file.bytes()));
            } catch (RuntimeException failure) {
                throw undo(stored, i, ready.size(), file.name(), failure);
            }
        }
        return new Imported(stored, refused, true);
    }

    private static ApiError entriesRefused(List<Skipped> refused, int files, boolean skipInvalid) {
        StringBuilder message = new StringBuilder();
        if (refused.size() == files) {
            message.append(files == 1 ? "The ZIP file's only file can't" : "None of the ZIP file's " + files
                    + " files can").append(" be imported: ");
        } else {
            message.append(refused.size()).append(" of the ZIP file's ").append(files)
                    .append(" files can't be imported, so none was: ");
        }
        for (int i = 0; i < Math.min(refused.size(), LISTED_REFUSALS); i++) {
            Skipped s = refused.get(i);
            message.append(i == 0 ? "" : "; ").append(s.name()).append(" (").append(s.code()).append(": ")
                    .append(s.message()).append(')');
        }
        if (refused.size() > LISTED_REFUSALS) {
            message.append("; and ").append(refused.size() - LISTED_REFUSALS).append(" more");
        }
        message.append(skipInvalid || refused.size() == files ? "."
                : ". Remove them, or send skip_invalid=true to import the others.");
        return new ApiError(400, "zip_entry_refused", message.toString(), "file");
    }

    /** Withdraws what the import stored before {@code failure}; answers the error that says how that went. */
    private ApiError undo(List<Image> stored, int failedAt, int total, String failedName, RuntimeException failure) {
        String reason = "import_failed: storing " + failedName + " failed, so the import it belonged to was undone";
        List<String> kept = new ArrayList<>();
        for (Image image : stored) {
            try {
                if (!uploads.withdraw(image, reason)) {
                    kept.add(image.imageId());
                }
            } catch (RuntimeException again) {
                kept.add(image.imageId());
            }
        }
        String what = "Storing image " + (failedAt + 1) + " of " + total + " (" + failedName + ") failed";
        ApiError error;
        if (kept.isEmpty()) {
            error = new ApiError(500, "import_failed", what + (stored.isEmpty() ? "" : "; the " + stored.size()
                    + " stored before it were removed again") + ", so nothing was imported. Try again.");
        } else {
            error = new ApiError(500, "import_incomplete", what + ", and " + kept.size() + " of the "
                    + stored.size() + " images stored before it could not be removed again: they stay in the "
                    + "library as complete images (" + String.join(", ", kept) + "). Nothing else was imported.");
        }
        error.initCause(failure);
        return error;
    }

    /**
     * A name for a fetched image that the upload checks accept: the server's name when its extension names the
     * type the bytes are; else that name with the type's extension in place of another image type's, or added
     * ("photo" and "view.php" become "photo.jpg" and "view.php.jpg"); "image.jpg" when the server gave none.
     */
    static String nameFor(Optional<String> served, ImageType type) {
        String name = served.orElse("image");
        Optional<ImageType> named = ImageType.fromExtension(name);
        if (named.equals(Optional.of(type))) {
            return name;
        }
        String stem = (named.isPresent() ? name.substring(0, name.lastIndexOf('.')) : name)
                .replaceAll("\\.+$", "").strip();
        if (stem.isEmpty()) {
            stem = "image";
        }
        int room = 255 - type.extension().length() - 1;
        return (stem.length() > room ? stem.substring(0, room) : stem) + "." + type.extension();
    }

    private static byte[] head(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, ImageType.HEAD_BYTES));
    }
}
