package dev.loupe.library;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.loupe.core.http.Mappers;

/**
 * The folder list's cursor: the name and id of the last folder a page gave, opaque to clients (base64url JSON). It
 * holds nothing a caller can't already see, and a made-up one only moves where a list of the caller's own folders
 * starts, so it needs no signature.
 */
final class FolderCursor {
    private FolderCursor() {
    }

    static String of(Folder last) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Mappers.JSON.writeValueAsBytes(List.of(last.name(), last.folderId())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The position a cursor names, as a folder to compare with (only its name and id are set); empty if malformed. */
    static Optional<Folder> parse(String cursor) {
        List<String> fields;
        try {
            fields = Mappers.JSON.readValue(Base64.getUrlDecoder().decode(cursor.getBytes(StandardCharsets.US_ASCII)),
                    new TypeReference<>() {
                    });
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
        if (fields == null || fields.size() != 2 || fields.contains(null)) {
            return Optional.empty();
        }
        return Optional.of(new Folder("", fields.get(1), fields.get(0), 0, Instant.EPOCH, Instant.EPOCH, false));
    }
}
