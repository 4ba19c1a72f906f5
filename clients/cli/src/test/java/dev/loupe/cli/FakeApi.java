package dev.loupe.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.JsonNode;

/** An in-memory library for the commands' unit tests: folders and uploads; the rest fails as {@code failure} says. */
class FakeApi implements Api {
    final Map<String, String> folders = new ConcurrentHashMap<>();
    final Map<String, Image> images = new ConcurrentHashMap<>();
    final Map<String, String> folderOf = new ConcurrentHashMap<>();
    /** The names uploaded, in the order they arrived (uploads run on several threads). */
    final List<String> uploads = Collections.synchronizedList(new ArrayList<>());
    RuntimeException failure = new UnsupportedOperationException("not faked");

    @Override
    public String folder(String nameOrId, boolean create) {
        if (!create && !folders.containsKey(nameOrId)) {
            throw new ApiException(404, "folder_not_found", "No folder " + nameOrId);
        }
        return folders.computeIfAbsent(nameOrId, name -> "f" + folders.size());
    }

    @Override
    public List<Image> folderImages(String folderId) {
        return images.values().stream().filter(image -> folderId.equals(folderOf.get(image.id()))).toList();
    }

    @Override
    public Optional<Image> image(String id) {
        return Optional.ofNullable(images.get(id));
    }

    @Override
    public synchronized Image upload(Path file, String folderId, String md5, LongConsumer sent) {
        try {
            if (Files.readString(file).contains("damaged")) {
                throw new ApiException(400, "damaged_file", "The file is damaged");
            }
            sent.accept(Files.size(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Image image = new Image("i" + images.size(), file.getFileName().toString(), md5, "active");
        images.put(image.id(), image);
        folderOf.put(image.id(), folderId);
        uploads.add(file.getFileName().toString());
        return image;
    }

    @Override
    public JsonNode createGallery(String name, String title, List<String> imageIds) {
        throw failure;
    }

    @Override
    public JsonNode addToGallery(String name, String ownerToken, List<String> imageIds) {
        throw failure;
    }

    @Override
    public JsonNode gallery(String name, String ownerToken) {
        throw failure;
    }

    @Override
    public JsonNode galleries(String user, int start, int limit) {
        throw failure;
    }

    @Override
    public JsonNode images(Map<String, String> filters, String cursor, int limit) {
        throw failure;
    }

    @Override
    public JsonNode folderImagesPage(String folderId, String cursor, int limit) {
        throw failure;
    }

    @Override
    public JsonNode startExport(String folderId) {
        throw failure;
    }

    @Override
    public JsonNode export(String exportId) {
        throw failure;
    }

    @Override
    public void download(URI url, Path target, LongConsumer received) {
        throw failure;
    }

    @Override
    public String startTask(String tool) {
        throw failure;
    }

    @Override
    public String uploadTaskChunk(String task, String filename, byte[] bytes, int chunk, int chunks, LongConsumer sent) {
        throw failure;
    }

    @Override
    public JsonNode process(String task, String tool, List<TaskFile> files, Map<String, Object> parameters) {
        throw failure;
    }

    @Override
    public JsonNode task(String task) {
        throw failure;
    }

    @Override
    public Path downloadTask(String task, Path directory, LongConsumer received) {
        throw failure;
    }

    @Override
    public void close() {
    }
}
