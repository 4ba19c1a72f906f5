package dev.loupe.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The calls the commands make, in the commands' terms. A failed call throws {@link ApiException} (the API answered
 * an error: status, code, message) or {@link CliException} with {@link ExitCode#SERVER} (no answer). Listings and
 * views come back as the API's JSON, which {@code --json} prints as it is.
 */
public interface Api extends AutoCloseable {
    /** A library image as an upload needs it. */
    record Image(String id, String fileName, String md5, String status) {
    }

    /** One file of a task to process: the server's name for it and the file's own name. */
    record TaskFile(String serverFilename, String filename) {
    }

    /** The id of the folder named {@code name} (or with that id); created when {@code create} and missing. */
    String folder(String nameOrId, boolean create);

    /** Every image of a folder (id, file name, status; no MD5: listings don't carry it). */
    List<Image> folderImages(String folderId);

    /** An image's details (with its MD5), empty when there is no such image. */
    Optional<Image> image(String id);

    /** Uploads a file to the library (through the API, or a presigned upload when large), reporting the bytes sent so far (cumulative). */
    Image upload(Path file, String folderId, String md5, LongConsumer sent);

    /** Creates a gallery of these library images; its JSON (with {@code uploader.token} and {@code links}). */
    JsonNode createGallery(String name, String title, List<String> imageIds);

    /** Adds library images at the end of a gallery, as its owner (token). */
    JsonNode addToGallery(String name, String ownerToken, List<String> imageIds);

    JsonNode gallery(String name, String ownerToken);

    JsonNode galleries(String user, int start, int limit);

    /** A page of the library: the filters of {@code GET /v1/images}; {@code images} and {@code next_cursor}. */
    JsonNode images(Map<String, String> filters, String cursor, int limit);

    /** A page of a folder's images. */
    JsonNode folderImagesPage(String folderId, String cursor, int limit);

    /** Starts a folder's export; its JSON ({@code export_id}, {@code status}). */
    JsonNode startExport(String folderId);

    JsonNode export(String exportId);

    /** Downloads a URL (a presigned link) to a file, reporting the bytes received so far. */
    void download(URI url, Path target, LongConsumer received);

    /** Starts a task of {@code tool}; its id. */
    String startTask(String tool);

    /**
     * Sends chunk {@code chunk} of {@code chunks} of a task's file ({@code chunks} 1: the whole file, no chunk
     * fields); the file's server_filename.
     */
    String uploadTaskChunk(String task, String filename, byte[] bytes, int chunk, int chunks, LongConsumer sent);

    /** Processes the task's files with the tool's parameters; the task's JSON as process answers it. */
    JsonNode process(String task, String tool, List<TaskFile> files, Map<String, Object> parameters);

    /** The task's status and files. */
    JsonNode task(String task);

    /** Downloads the task's output into {@code directory} under the name the task gave it; that file. */
    Path downloadTask(String task, Path directory, LongConsumer received);

    @Override
    void close();
}
