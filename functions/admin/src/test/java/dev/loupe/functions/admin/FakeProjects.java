package dev.loupe.functions.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectStore;

/** The projects table as a map, with ProjectStore's conditions: create never overwrites, replace and delete check the secret and origins. */
class FakeProjects implements AdminProjects {
    final Map<String, ProjectStore.Stored> items = new TreeMap<>();

    FakeProjects with(Project project) {
        items.put(project.publicKey(), new ProjectStore.Stored(project, Instant.parse("2026-01-01T00:00:00Z")));
        return this;
    }

    @Override
    public Optional<ProjectStore.Stored> findLatest(String publicKey) {
        return Optional.ofNullable(items.get(publicKey));
    }

    @Override
    public ProjectStore.Page list(int limit, Optional<String> cursor) {
        List<ProjectStore.Stored> page = new ArrayList<>();
        String last = null;
        for (var entry : items.entrySet()) {
            if (cursor.isPresent() && entry.getKey().compareTo(cursor.get()) <= 0) continue;
            if (page.size() == limit) return new ProjectStore.Page(page, Optional.of(last));
            page.add(entry.getValue());
            last = entry.getKey();
        }
        return new ProjectStore.Page(page, Optional.empty());
    }

    @Override
    public void create(Project project, Instant now) {
        if (items.putIfAbsent(project.publicKey(), new ProjectStore.Stored(project, now)) != null) {
            throw new IllegalStateException("exists");
        }
    }

    @Override
    public boolean replace(Project before, Project changed, Instant createdAt) {
        var current = items.get(changed.publicKey());
        if (current == null || !unchanged(current.project(), before)) {
            return false;
        }
        items.put(changed.publicKey(), new ProjectStore.Stored(changed, createdAt));
        return true;
    }

    @Override
    public boolean delete(Project stored) {
        var current = items.get(stored.publicKey());
        return current != null && unchanged(current.project(), stored) && items.remove(stored.publicKey()) != null;
    }

    private static boolean unchanged(Project current, Project before) {
        return current.secretKey().equals(before.secretKey())
                && current.allowedOrigins().equals(before.allowedOrigins());
    }
}
