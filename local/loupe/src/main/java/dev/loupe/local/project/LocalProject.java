package dev.loupe.local.project;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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
        Path file = dataDir.resolve(ProjectKeyFiles.LOCAL_PROJECT);
        var saved = ProjectKeyFiles.read(file);
        if (saved.isPresent()) {
            var existing = store.findByPublicKey(saved.get().publicKey());
            if (existing.isPresent()) {
                if (!existing.get().secretKey().equals(saved.get().secretKey())) {
                    // Rotated through the administration's routes meanwhile: the file follows the table.
                    ProjectKeyFiles.write(file, existing.get());
                }
                return existing.get();
            }
        }
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "local", List.of());
        store.create(project, Instant.now());
        ProjectKeyFiles.write(file, project);
        return project;
    }
}
