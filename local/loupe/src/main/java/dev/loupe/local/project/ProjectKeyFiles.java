package dev.loupe.local.project;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import dev.loupe.auth.Project;

/**
 * The keys of local projects, in the (git-ignored) data folder: the local project's in {@code project.properties},
 * those that {@code ./loupe project create} made in {@code projects/<public key>.properties}. Local tools sign tokens
 * with them ({@code ./loupe token}) and fill events with them ({@code ./loupe invoke}); nothing here leaves the machine.
 */
public final class ProjectKeyFiles {
    static final String LOCAL_PROJECT = "project.properties";
    static final String OTHER_PROJECTS = "projects";

    private final Path dataDir;

    public ProjectKeyFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The local project ({@code ./loupe run} made it), if it was ever started here. */
    public Optional<Project> localProject() {
        return read(dataDir.resolve(LOCAL_PROJECT));
    }

    /** A project by its public key or id: the local one, or one that {@code ./loupe project create} saved. */
    public Optional<Project> find(String publicKeyOrId) {
        try (Stream<Path> files = Files.exists(dataDir.resolve(OTHER_PROJECTS))
                ? Files.list(dataDir.resolve(OTHER_PROJECTS)) : Stream.empty()) {
            return Stream.concat(Stream.of(dataDir.resolve(LOCAL_PROJECT)), files.sorted())
                    .map(ProjectKeyFiles::read).flatMap(Optional::stream)
                    .filter(p -> p.publicKey().equals(publicKeyOrId) || p.projectId().equals(publicKeyOrId))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a project's keys (a new one, or a new secret key): the local project's in its own file. */
    public void save(Project project) throws IOException {
        boolean local = localProject().map(p -> p.publicKey().equals(project.publicKey())).orElse(false);
        Path file = local ? dataDir.resolve(LOCAL_PROJECT)
                : dataDir.resolve(OTHER_PROJECTS).resolve(project.publicKey() + ".properties");
        write(file, project);
    }

    /** Forgets a deleted project's keys (the local project's file stays: the next start makes a new project). */
    public void forget(String publicKey) throws IOException {
        Files.deleteIfExists(dataDir.resolve(OTHER_PROJECTS).resolve(publicKey + ".properties"));
    }

    static void write(Path file, Project project) throws IOException {
        Files.createDirectories(file.getParent());
        Properties properties = new Properties();
        properties.setProperty("project_id", project.projectId());
        properties.setProperty("public_key", project.publicKey());
        properties.setProperty("secret_key", project.secretKey());
        properties.setProperty("name", project.name() == null ? "" : project.name());
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "A local project's keys (git-ignored; local use only)");
        }
    }

    static Optional<Project> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties saved = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            saved.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String publicKey = saved.getProperty("public_key", "");
        String secretKey = saved.getProperty("secret_key", "");
        if (publicKey.isEmpty() || secretKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Project(saved.getProperty("project_id", ""), publicKey, secretKey,
                saved.getProperty("name", "local"), List.of()));
    }
}
