package dev.loupe.library;

/**
 * A file read out of a user's ZIP: its base name ("cat.jpg"), its path inside the archive with "." and empty
 * segments dropped ("holiday/2024/cat.jpg"), and its bytes.
 */
public record ZipFileEntry(String name, String path, byte[] bytes) {
}
