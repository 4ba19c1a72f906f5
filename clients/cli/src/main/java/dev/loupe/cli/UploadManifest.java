package dev.loupe.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an upload of a folder has sent so far, so that a rerun sends only the rest: for each file (by its path in the
 * folder) the MD5 and the library image it became. It is written after every file, atomically, so a run killed at
 * any moment leaves a manifest that is true. A rerun trusts an entry only when the file's MD5 is still the one
 * recorded and the library still has that image with that MD5 (its details carry one): a changed file is sent
 * again, and so is one whose image was deleted since.
 *
 * <p>It lives under {@code ~/.loupe/uploads/}, one file per deployment, project, target folder and local folder, so
 * the uploaded folder itself is never written to.
 */
public final class UploadManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sent file: its MD5 (hex) and size, and the library image's id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String md5, long size, String imageId) {
    }

    /** The file's content: the folder it went to, the gallery made of it (and its owner token), the files. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(String folderId, String gallery, String galleryToken, Map<String, Entry> files) {
    }

    private final Path file;
    private State state;

    private UploadManifest(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    /** The manifest at {@code file}, empty when there is none yet. */
    public static UploadManifest open(Path file) {
        if (!Files.isRegularFile(file)) {
            return new UploadManifest(file, new State(null, null, null, new TreeMap<>()));
        }
        try {
            State read = JSON.readValue(file.toFile(), State.class);
            return new UploadManifest(file, new State(read.folderId(), read.gallery(), read.galleryToken(),
                    new TreeMap<>(read.files() == null ? Map.of() : read.files())));
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "The upload manifest " + file + " is unreadable (" + e.getMessage()
                    + "); delete it to upload everything again");
        }
    }

    /** Where the manifest of uploading {@code folder} to {@code target} of that deployment and project lives. */
    public static Path defaultLocation(Path home, String url, String publicKey, String target, Path folder) {
        String key = url + "\n" + publicKey + "\n" + target + "\n" + folder.toAbsolutePath().normalize();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return home.resolve(".loupe").resolve("uploads")
                    .resolve(HexFormat.of().formatHex(digest, 0, 12) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized State state() {
        return state;
    }

    /** The entry for {@code path} when it was sent with exactly this MD5. */
    public synchronized Optional<Entry> sent(String path, String md5) {
        Entry entry = state.files().get(path);
        return entry != null && entry.md5().equalsIgnoreCase(md5) ? Optional.of(entry) : Optional.empty();
    }

    public synchronized void recordFolder(String folderId) {
        state = new State(folderId, state.gallery(), state.galleryToken(), state.files());
        save();
    }

    public synchronized void recordGallery(String gallery, String token) {
        state = new State(state.folderId(), gallery, token, state.files());
        save();
    }

    public synchronized void record(String path, Entry entry) {
        state.files().put(path, entry);
        save();
    }

    public synchronized void forget(String path) {
        if (state.files().remove(path) != null) {
            save();
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), state);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the upload manifest " + file, e);
        }
    }
}
