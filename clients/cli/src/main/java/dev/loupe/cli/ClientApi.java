package dev.loupe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.loupe.client.Folder;
import dev.loupe.client.FolderImages;
import dev.loupe.client.FolderPage;
import dev.loupe.client.ImageQuery;
import dev.loupe.client.LoupeClient;
import dev.loupe.client.LoupeException;
import dev.loupe.client.UploadOptions;

/**
 * The commands' {@link Api} on Loupe's Java client ({@code dev.loupe:loupe-client}). Three calls the client does not
 * offer are made here directly, with the client's own token: one chunk of a task file (the client sends a file's
 * chunks all at once, so it can't resume at chunk k), a gallery's view and additions as its anonymous owner (the
 * owner token in {@code ?token=}), and the download of an export's presigned link.
 */
final class ClientApi implements Api {
    /** The API's field names for the client's records, so {@code --json} prints what the API answers. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final LoupeClient loupe;
    private final HttpClient http;

    ClientApi(Settings settings) {
        this.loupe = LoupeClient.create(settings.url(), settings.publicKey(), settings.secretKey());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String folder(String nameOrId, boolean create) {
        Optional<String> found = findFolder(nameOrId);
        if (found.isPresent()) {
            return found.get();
        }
        if (!create) {
            throw new ApiException(404, "folder_not_found", "There is no folder named (or with the id) '" + nameOrId + "'");
        }
        try {
            return call(() -> loupe.library().createFolder(nameOrId)).id();
        } catch (ApiException e) {
            if (e.status() == 409) { // made at the same moment by another run
                return findFolder(nameOrId).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Optional<String> findFolder(String nameOrId) {
        String cursor = null;
        do {
            String page = cursor;
            FolderPage folders = call(() -> loupe.library().folders(200, page));
            for (Folder folder : folders.folders()) {
                if (folder.id().equals(nameOrId) || folder.name().equalsIgnoreCase(nameOrId)) {
                    return Optional.of(folder.id());
                }
            }
            cursor = folders.nextCursor();
        } while (cursor != null);
        return Optional.empty();
    }

    @Override
    public List<Image> folderImages(String folderId) {
        List<Image> images = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            FolderImages answer = call(() -> loupe.library().folderImages(folderId, 100, page));
            answer.images().forEach(image -> images.add(image(image)));
            cursor = answer.nextCursor();
        } while (cursor != null);
        return images;
    }

    @Override
    public Optional<Image> image(String id) {
        try {
            return Optional.of(image(call(() -> loupe.library().image(id))));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Image image(dev.loupe.client.Image image) {
        return new Image(image.id(), image.fileName(), image.md5(), image.status());
    }

    @Override
    public Image upload(Path file, String folderId, String md5, LongConsumer sent) {
        dev.loupe.client.Image image = call(() -> loupe.library().upload(file, UploadOptions.none().withFolder(folderId),
                (done, total) -> sent.accept(done)));
        if ("failed".equals(image.status())) {
            throw new ApiException(400, "ingest_failed", "The upload was refused after it arrived: " + image.failure());
        }
        return image(image);
    }

    @Override
    public JsonNode createGallery(String name, String title, List<String> imageIds) {
        return JSON.valueToTree(call(() -> loupe.galleries().create(name, title, imageIds)));
    }

    @Override
    public JsonNode addToGallery(String name, String ownerToken, List<String> imageIds) {
        byte[] body = write(Map.of("image", imageIds));
        return send(HttpRequest.newBuilder(uri("/v1/galleries/" + segment(name) + "/images?token=" + query(ownerToken)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Override
    public JsonNode gallery(String name, String ownerToken) {
        if (ownerToken == null) {
            return JSON.valueToTree(call(() -> loupe.galleries().show(name)));
        }
        return send(HttpRequest.newBuilder(uri("/v1/galleries/" + segment(name) + "?token=" + query(ownerToken))).GET());
    }

    @Override
    public JsonNode galleries(String user, int start, int limit) {
        return JSON.valueToTree(call(() -> loupe.galleries().list(user, start, limit)));
    }

    @Override
    public JsonNode images(Map<String, String> filters, String cursor, int limit) {
        ImageQuery query = new ImageQuery(filters.get("status"), filters.get("extension"), filters.get("search"),
                filters.get("sort"), limit);
        return JSON.valueToTree(call(() -> loupe.library().images(query, cursor)));
    }

    @Override
    public JsonNode folderImagesPage(String folderId, String cursor, int limit) {
        return JSON.valueToTree(call(() -> loupe.library().folderImages(folderId, limit, cursor)));
    }

    @Override
    public JsonNode startExport(String folderId) {
        return JSON.valueToTree(call(() -> loupe.library().exportFolder(folderId)));
    }

    @Override
    public JsonNode export(String exportId) {
        return JSON.valueToTree(call(() -> loupe.library().export(exportId)));
    }

    @Override
    public void download(URI url, Path target, LongConsumer received) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                byte[] body = response.body().readAllBytes();
                throw error(response.statusCode(), body);
            }
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            long done = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    done += n;
                    received.accept(done);
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CliException(ExitCode.SERVER, "The download of " + target.getFileName() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.SOME_FAILED, "interrupted", e);
        }
    }

    @Override
    public String startTask(String tool) {
        return call(() -> loupe.tasks().start(tool)).task();
    }

    @Override
    public String uploadTaskChunk(String task, String filename, byte[] bytes, int chunk, int chunks, LongConsumer sent) {
        String boundary = "loupectl-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        field(head, boundary, "task", task);
        if (chunks > 1) {
            field(head, boundary, "chunk", String.valueOf(chunk));
            field(head, boundary, "chunks", String.valueOf(chunks));
        }
        String type = URLConnection.guessContentTypeFromName(filename);
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(filename.replace("\"", "_")).append("\"\r\nContent-Type: ")
                .append(type == null ? "application/octet-stream" : type).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + bytes.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(bytes, 0, body, start.length, bytes.length);
        System.arraycopy(end, 0, body, start.length + bytes.length, end.length);
        JsonNode answer = send(HttpRequest.newBuilder(uri("/v1/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(counting(body, start.length, bytes.length, sent)));
        sent.accept(bytes.length);
        return answer.path("server_filename").asText();
    }

    @Override
    public JsonNode process(String task, String tool, List<TaskFile> files, Map<String, Object> parameters) {
        List<dev.loupe.client.TaskFile> taskFiles = files.stream()
                .map(file -> new dev.loupe.client.TaskFile(file.serverFilename(), file.filename())).toList();
        return JSON.valueToTree(call(() -> loupe.tasks().process(task, tool, taskFiles, parameters)));
    }

    @Override
    public JsonNode task(String task) {
        return JSON.valueToTree(call(() -> loupe.tasks().task(task)));
    }

    @Override
    public Path downloadTask(String task, Path directory, LongConsumer received) {
        return call(() -> loupe.tasks().download(task, directory, (done, total) -> received.accept(done))).path();
    }

    @Override
    public void close() {
        http.close();
    }

    /** The client's call, its failures as the commands' exceptions. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (LoupeException e) {
            if (e.status() == 0) {
                throw new CliException("interrupted".equals(e.code()) ? ExitCode.SOME_FAILED : ExitCode.SERVER,
                        e.getMessage(), e);
            }
            throw new ApiException(e.status(), e.code(), e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(ExitCode.SERVER, e.getMessage(), e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.header("Authorization", "Bearer " + loupe.token())
                    .header("Accept", "application/json").timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw error(response.statusCode(), response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(ExitCode.SERVER, request.build().method() + " " + request.build().uri().getPath()
                    + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.SOME_FAILED, "interrupted", e);
        }
    }

    /** Loupe's error shape, the task API's ({@code reason} is Loupe's code) and the gallery API's. */
    static ApiException error(int status, byte[] body) {
        String code = "http_" + status;
        String message = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode error = json == null ? null : json.path("error");
            if (error != null && error.isObject()) {
                code = error.path(error.has("reason") ? "reason" : "code").asText(code);
                message = error.path("message").asText(message);
            } else if (json != null && json.path("errors").isArray() && !json.path("errors").isEmpty()) {
                code = json.path("errors").get(0).path("code").asText(code);
                message = json.path("errors").get(0).path("message").asText(message);
            }
        } catch (IOException e) {
            // Not JSON (S3's XML, a proxy's page): its text is the message.
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return new ApiException(status, code, message.isEmpty() ? "HTTP " + status : message);
    }

    /** A body that tells how many of the file's bytes the HTTP client has taken (the multipart head aside). */
    private static HttpRequest.BodyPublisher counting(byte[] body, int skip, int fileBytes, LongConsumer sent) {
        HttpRequest.BodyPublisher whole = HttpRequest.BodyPublishers.ofByteArrays(slices(body));
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return body.length;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                whole.subscribe(new Flow.Subscriber<>() {
                    private long taken;

                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        taken += item.remaining();
                        sent.accept(Math.max(0, Math.min(fileBytes, taken - skip)));
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }

    private static List<byte[]> slices(byte[] body) {
        List<byte[]> slices = new ArrayList<>();
        for (int offset = 0; offset < body.length; offset += 64 * 1024) {
            slices.add(java.util.Arrays.copyOfRange(body, offset, Math.min(body.length, offset + 64 * 1024)));
        }
        return slices;
    }

    private static void field(StringBuilder body, String boundary, String name, String value) {
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n");
    }

    private URI uri(String pathAndQuery) {
        return URI.create(loupe.baseUrl().toString().replaceAll("/$", "") + pathAndQuery);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
