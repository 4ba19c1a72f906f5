package dev.loupe.client;

import java.time.Instant;

public record Folder(String id, String name, int imageCount, Instant created, Instant updated) {
}
