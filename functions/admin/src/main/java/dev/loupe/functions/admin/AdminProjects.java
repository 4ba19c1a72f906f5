package dev.loupe.functions.admin;

import java.time.Instant;
import java.util.Optional;

import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectStore;

/**
 * What the project administration does to the projects table: {@link ProjectStore}'s administrative calls, behind
 * an interface so that the handlers' tests run on a map.
 */
interface AdminProjects {
    Optional<ProjectStore.Stored> findLatest(String publicKey);

    ProjectStore.Page list(int limit, Optional<String> cursor);

    void create(Project project, Instant now);

    boolean replace(Project before, Project changed, Instant createdAt);

    boolean delete(Project stored);

    static AdminProjects of(ProjectStore store) {
        return new AdminProjects() {
            @Override
            public Optional<ProjectStore.Stored> findLatest(String publicKey) {
                return store.findLatest(publicKey);
            }

            @Override
            public ProjectStore.Page list(int limit, Optional<String> cursor) {
                return store.list(limit, cursor);
            }

            @Override
            public void create(Project project, Instant now) {
                store.create(project, now);
            }

            @Override
            public boolean replace(Project before, Project changed, Instant createdAt) {
                return store.replace(before, changed, createdAt);
            }

            @Override
            public boolean delete(Project stored) {
                return store.delete(stored);
            }
        };
    }
}
