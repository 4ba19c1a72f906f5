package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A chunked upload's item as the static schema writes it is the one the hand-built map wrote before. */
class StoredFormsTest {
    @Test
    void aChunkedUploadIsStoredAsBefore() {
        var progress = new ChunkedUploads.ChunkProgress("abc.jpg", "photo.jpg", 4, 2, List.of(10L, 20L));
        TaskItems.UploadItem item = TaskItems.toItem("p1", "t1", "h1", progress);
        item.expiresAt = 1_700_000_000L;
        Map<String, AttributeValue> stored = TaskItems.UPLOAD_SCHEMA.itemToMap(item, true);
        assertThat(stored).isEqualTo(Map.of("pk", s("P#p1#T#t1"), "sk", s("U#h1"),
                "server_filename", s("abc.jpg"), "filename", s("photo.jpg"), "chunks", n(4), "next_chunk", n(2),
                "sizes", AttributeValue.fromL(List.of(n(10), n(20))), "expires_at", n(1_700_000_000L)));
        assertThat(TaskItems.fromItem(TaskItems.UPLOAD_SCHEMA.mapToItem(stored))).isEqualTo(progress);

        var first = new ChunkedUploads.ChunkProgress("abc.jpg", "photo.jpg", 4, 0, List.of());
        assertThat(TaskItems.UPLOAD_SCHEMA.itemToMap(TaskItems.toItem("p1", "t1", "h1", first), true).get("sizes"))
                .as("no chunks yet: an empty list, which list_append extends")
                .isEqualTo(AttributeValue.fromL(List.of()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
