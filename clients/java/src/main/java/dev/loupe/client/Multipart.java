package dev.loupe.client;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** A multipart/form-data body of text fields and then one file part (its bytes last but for the closing boundary). */
final class Multipart {
    private final String boundary = "loupe-" + UUID.randomUUID();
    private final Map<String, String[]> fields = new LinkedHashMap<>();

    Multipart field(String name, String value) {
        return part(name, value, null);
    }

    /** A text part with its own content type (null: none). */
    Multipart part(String name, String value, String contentType) {
        if (value != null) {
            fields.put(name, new String[] {value, contentType});
        }
        return this;
    }

    /** The body with the file part {@code name}; the file's bytes come from {@code file}, {@code size} of them. */
    Body withFile(String name, String fileName, String contentType, Supplier<BodyPublisher> file, long size,
            ProgressListener progress) {
        StringBuilder head = new StringBuilder();
        fields.forEach((field, value) -> {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field)
                    .append("\"\r\n");
            if (value[1] != null) {
                head.append("Content-Type: ").append(value[1]).append("\r\n");
            }
            head.append("\r\n").append(value[0]).append("\r\n");
        });
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"; filename=\"").append(quoted(fileName)).append("\"\r\nContent-Type: ")
                .append(contentType).append("\r\n\r\n");
        byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return new Body(() -> BodyPublishers.concat(BodyPublishers.ofByteArray(prefix), file.get(),
                BodyPublishers.ofByteArray(suffix)), "multipart/form-data; boundary=" + boundary,
                prefix.length + size + suffix.length, prefix.length, size, 0, size, progress);
    }

    /** Quotes and backslashes would end the header's quoted string; line breaks would end the header. */
    private static String quoted(String fileName) {
        return fileName.replace("\\", "_").replace("\"", "'").replace("\r", " ").replace("\n", " ");
    }
}
