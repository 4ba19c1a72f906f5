package dev.loupe.client;

import java.nio.file.Path;

/** A downloaded file: where it was saved, the name the server gave it, and its size. */
public record Download(Path path, String fileName, long size) {
}
