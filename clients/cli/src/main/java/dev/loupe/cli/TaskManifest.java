package dev.loupe.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A task run's progress, in its output folder ({@code .loupectl-task.json}), so that a rerun of the same command
 * continues the same task: which files are uploaded (their server_filename) and, for a file sent in chunks, how many
 * chunks the server has. The task API takes a file's chunks in order and remembers the next one it expects, so a
 * rerun sends from there. Written after every chunk; deleted once the output is downloaded.
 */
public final class TaskManifest {
    public static final String FILE_NAME = ".loupectl-task.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input file: its path and MD5 (the same file?), the chunks it is sent in, how many the server has. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileState(String path, String md5, long size, int chunks, int chunksSent, String serverFilename) {
        public boolean uploaded() {
            return chunksSent >= chunks && serverFilename != null;
        }
    }

    /** The task, its tool, the chunk size and parameters it was started with, its files. */
    public record State(String task, String tool, long chunkSize, Map<String, String> parameters, List<FileState> files) {
    }

    private final Path file;
    private State state;

    private TaskManifest(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    public static Path location(Path outDirectory) {
        return outDirectory.resolve(FILE_NAME);
    }

    /**
     * The run recorded in {@code outDirectory} when it is the same run: same tool, chunk size and parameters, the same
     * files with the same MD5s in the same order.
     */
    public static Optional<TaskManifest> resume(Path outDirectory, String tool, long chunkSize,
                                                Map<String, String> parameters, List<FileState> files) {
        Path path = location(outDirectory);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        State read;
        try {
            read = JSON.readValue(path.toFile(), State.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!tool.equals(read.tool()) || chunkSize != read.chunkSize() || !parameters.equals(read.parameters())
                || read.files() == null || read.files().size() != files.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < files.size(); i++) {
            FileState mine = files.get(i);
            FileState theirs = read.files().get(i);
            if (!mine.path().equals(theirs.path()) || !mine.md5().equals(theirs.md5()) || mine.chunks() != theirs.chunks()) {
                return Optional.empty();
            }
        }
        return Optional.of(new TaskManifest(path, new State(read.task(), read.tool(), read.chunkSize(), read.parameters(),
                new ArrayList<>(read.files()))));
    }

    /** A new run's manifest (written at once). */
    public static TaskManifest create(Path outDirectory, String task, String tool, long chunkSize,
                                      Map<String, String> parameters, List<FileState> files) {
        TaskManifest manifest = new TaskManifest(location(outDirectory),
                new State(task, tool, chunkSize, parameters, new ArrayList<>(files)));
        manifest.save();
        return manifest;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized FileState file(int index) {
        return state.files().get(index);
    }

    /** Chunk {@code chunk} of file {@code index} is on the server. */
    public synchronized void chunkSent(int index, int chunk, String serverFilename) {
        FileState old = state.files().get(index);
        state.files().set(index, new FileState(old.path(), old.md5(), old.size(), old.chunks(), chunk + 1, serverFilename));
        save();
    }

    public synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(FILE_NAME + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), state);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the task manifest " + file, e);
        }
    }
}
