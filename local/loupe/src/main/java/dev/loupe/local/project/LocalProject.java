package dev.loupe.local.project;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.ProjectStore;

/**
 * The local cloud's ready project: created on the first start and kept (with the tables) across restarts, so the
 * keys a developer copied keep working. Its keys are written to {@code project.properties} in the data folder,
 * which is git-ignored; nothing secret goes into the repository.
 */
final class LocalProject {
    private LocalProject() {
    }

    static Project ensure(ProjectStore store, Path dataDir) throws IOException {
        Path file = dataDir.resolve("project.properties");
        if (Files.exists(file)) {
            Properties saved = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                saved.load(reader);
            }
            var existing = store.findByPublicKey(saved.getProperty("public_key", ""));
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "local", List.of());
        store.create(project, Instant.now());
        Files.createDirectories(dataDir);
        Properties properties = new Properties();
        properties.setProperty("project_id", project.projectId());
        properties.setProperty("public_key", project.publicKey());
        properties.setProperty("secret_key", project.secretKey());
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "The local cloud's project (git-ignored; local use only)");
        }
        return project;
    }
}
