package dev.loupe.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One part of a multipart body: a form field, or a file with its file name and declared type. */
public record Part(String name, Optional<String> fileName, Optional<String> contentType, byte[] content) {
    public boolean isFile() {
        return fileName.isPresent();
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
