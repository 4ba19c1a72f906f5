package dev.loupe.client;

import static dev.loupe.client.Transport.params;
import static dev.loupe.client.Transport.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JavaType;

/**
 * The task API: start a task for a tool, upload its files (in chunks when large), process them, wait for the end,
 * download the output. Obtained from {@link LoupeClient#tasks()}. Every call goes to the client's base URL.
 */
public final class Tasks {
    /**
     * Files larger than this are uploaded in chunks of this size: each chunk is one API request, and a request
     * carries at most a few megabytes.
     */
    public static final int CHUNK_BYTES = 4 * 1024 * 1024;
    private static final Pattern ENCODED_NAME = Pattern.compile("filename\\*=UTF-8''([^;\\s]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN_NAME = Pattern.compile("filename=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

    private final Transport transport;
    private final Waiter waiter;
    private final int chunkBytes;

    Tasks(Transport transport, Waiter waiter, int chunkBytes) {
        this.transport = transport;
        this.waiter = waiter;
        this.chunkBytes = chunkBytes;
    }

    /** A new task for {@code tool}: resizeimage, cropimage, compressimage, convertimage, watermarkimage, ... */
    public StartedTask start(String tool) {
        return transport.read(transport.get("/v1/start/" + segment(tool), Map.of()), StartedTask.class);
    }

    /** Uploads {@code file} to the task under its own name; see {@link #upload(String, Path, String, ProgressListener)}. */
    public TaskFile upload(String task, Path file, ProgressListener progress) {
        return upload(task, file, file.getFileName().toString(), progress);
    }

    /**
     * Uploads {@code file} to the task as {@code fileName}: whole up to {@link #CHUNK_BYTES}, else in chunks of that
     * size, sent in order. Progress counts the file's bytes across chunks. A chunk refused with 429 is sent again;
     * other failures end the upload (the server takes chunks in order, exactly once).
     */
    public TaskFile upload(String task, Path file, String fileName, ProgressListener progress) {
        long size = Library.size(file);
        String contentType = Library.contentType(fileName);
        if (size <= chunkBytes) {
            Body body = new Multipart().field("task", task).withFile("file", fileName, contentType, () -> {
                try {
                    return BodyPublishers.ofFile(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, size, progress);
            return new TaskFile(serverFilename(body), fileName);
        }
        int chunks = (int) ((size + chunkBytes - 1) / chunkBytes);
        String serverFilename = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                long offset = (long) chunk * chunkBytes;
                byte[] bytes = new byte[(int) Math.min(chunkBytes, size - offset)];
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                    // read until the chunk is full
                }
                Body body = new Multipart().field("task", task).field("chunk", String.valueOf(chunk))
                        .field("chunks", String.valueOf(chunks))
                        .withFile("file", fileName, contentType, () -> BodyPublishers.ofByteArray(bytes),
                                bytes.length, progress)
                        .at(offset, size);
                serverFilename = serverFilename(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new TaskFile(serverFilename, fileName);
    }

    /** A file the server fetches itself from a public URL. */
    public TaskFile uploadFromUrl(String task, URI cloudFile, String fileName) {
        Uploaded answer = transport.read(transport.json("POST", "/v1/upload",
                Map.of("task", task, "cloud_file", cloudFile.toString()), false), Uploaded.class);
        return new TaskFile(answer.serverFilename(), fileName);
    }

    /** Removes an uploaded file from a task that has not been processed. */
    public void deleteUpload(String task, String serverFilename) {
        transport.exchange(transport.delete("/v1/upload/" + segment(task) + "/" + segment(serverFilename), Map.of()));
    }

    /**
     * Processes the task's files with its tool; the server waits up to 25 s for the end, so the task may still be
     * processing: {@link #await} waits for it. Never retried but after a 429.
     *
     * @param options the tool's own options by the task API's names (percentage, width, rotate, output_filename, ...)
     */
    public Task process(String task, String tool, List<TaskFile> files, Map<String, ?> options) {
        Map<String, Object> body = new LinkedHashMap<>(options);
        body.put("task", task);
        body.put("tool", tool);
        body.put("files", List.copyOf(files));
        return transport.read(transport.json("POST", "/v1/process", body, false), Task.class);
    }

    public Task task(String task) {
        return transport.read(transport.get("/v1/task/" + segment(task), Map.of()), Task.class);
    }

    /** Polls the task (from 250 ms, doubling up to 5 s) until it has {@link Task#finished() finished}. */
    public Task await(String task, Duration timeout) {
        return waiter.until(timeout, "task " + task, () -> {
            Task now = task(task);
            return now.finished() ? now : null;
        });
    }

    /** Deletes the task and its files now. */
    public Task delete(String task) {
        return transport.read(transport.delete("/v1/task/" + segment(task), Map.of()), Task.class);
    }

    /**
     * A page (from 1) of the project's tasks, newest first; {@code tool} and {@code status} filter when not null. The
     * secret key goes in the body, never in a URL.
     */
    public List<Task> list(String secretKey, int page, String tool, String status) {
        JavaType type = Transport.JSON.getTypeFactory().constructCollectionType(List.class, Task.class);
        return transport.read(transport.json("POST", "/v1/task", params("secret_key", secretKey, "page", page,
                "tool", tool, "status", status), true), type);
    }

    /**
     * Downloads the task's output (its only file, or a ZIP of several) into {@code directory}, under the name the
     * server gives it; progress counts the bytes received. The API answers a redirect to a short-lived storage URL,
     * which is fetched without the token.
     */
    public Download download(String task, Path directory, ProgressListener progress) {
        HttpResponse<InputStream> redirect = transport.send(transport.get("/v1/download/" + segment(task),
                Map.of()));
        Transport.readAll(redirect);
        String location = redirect.headers().firstValue("Location").orElseThrow(() -> new LoupeException(
                redirect.statusCode(), "unexpected_answer", "The download answered " + redirect.statusCode()
                        + " without a Location"));
        HttpResponse<InputStream> file = transport.send(new Transport.Call("GET",
                redirect.uri().resolve(location), null, true, false, Map.of()));
        String fileName = file.headers().firstValue("Content-Disposition").map(Tasks::fileName)
                .or(() -> redirect.headers().firstValue("Content-Disposition").map(Tasks::fileName))
                .orElse(task + ".out");
        long total = file.headers().firstValueAsLong("Content-Length").orElse(-1);
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(fileName);
            Path partial = Files.createTempFile(directory, ".download-", ".part");
            long received = 0;
            try (InputStream in = file.body(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    received += n;
                    progress.progress(received, total);
                }
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return new Download(target, fileName, received);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the output of task " + task + " in " + directory, e);
        }
    }

    /**
     * The whole run of a tool on local files: start, upload each (progress over all of them), process, wait (up to
     * {@code timeout}), download into {@code directory}. A task that ends in TaskError throws with its status message.
     */
    public Download run(String tool, List<Path> files, Map<String, ?> options, Path directory, Duration timeout,
            ProgressListener progress) {
        String task = start(tool).task();
        long total = files.stream().mapToLong(Library::size).sum();
        List<TaskFile> uploaded = new ArrayList<>();
        long before = 0;
        for (Path file : files) {
            long offset = before;
            uploaded.add(upload(task, file, (done, size) -> progress.progress(offset + done, total)));
            before += Library.size(file);
        }
        Task processed = process(task, tool, uploaded, options);
        if (!processed.finished()) {
            processed = await(task, timeout);
        }
        if (!processed.succeeded()) {
            throw new LoupeException(422, processed.status(), "Task " + task + " ended in " + processed.status()
                    + (processed.statusMessage() == null ? "" : ": " + processed.statusMessage()));
        }
        return download(task, directory, ProgressListener.NONE);
    }

    private String serverFilename(Body body) {
        return transport.read(transport.post("/v1/upload", body), Uploaded.class).serverFilename();
    }

    private record Uploaded(String serverFilename) {
    }

    /** The file name of a Content-Disposition header, with no path in it. */
    static String fileName(String contentDisposition) {
        Matcher encoded = ENCODED_NAME.matcher(contentDisposition);
        Matcher plain = PLAIN_NAME.matcher(contentDisposition);
        String name;
        if (encoded.find()) { // RFC 5987: percent-encoded UTF-8 ('+' is a plus)
            name = java.net.URLDecoder.decode(encoded.group(1).replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8);
        } else if (plain.find()) {
            name = plain.group(1).strip();
        } else {
            return null;
        }
        name = name.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        return name.isBlank() || name.equals("..") || name.equals(".") ? null : name;
    }
}
