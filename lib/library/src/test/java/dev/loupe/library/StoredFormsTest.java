package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items the static schemas write are the ones the hand-built maps wrote before (the same names and types), so
 * that items stored earlier still read, and that reading them gives back what was stored.
 */
class StoredFormsTest {
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant UPDATED = Instant.parse("2026-01-02T03:04:06Z");

    @Test
    void anExportIsStoredAsBefore() {
        FolderExport export = new FolderExport("p1", "x1", "f1", "Trip", FolderExport.Status.FAILED,
                Optional.of("why"), 3, 1234, 2, new Person("u1", "Ann"), CREATED, UPDATED);
        Map<String, AttributeValue> before = new HashMap<>(Map.of("pk", s("P#p1#X#x1"), "sk", s("EXPORT"),
                "project_id", s("p1"), "export_id", s("x1"), "folder_id", s("f1"), "folder_name", s("Trip"),
                "status", s("FAILED"), "failure", s("why"), "image_count", n(3), "size", n(1234)));
        before.putAll(Map.of("attempt", n(2), "requested_by_id", s("u1"), "requested_by_name", s("Ann"),
                "created", s(CREATED.toString()), "updated", s(UPDATED.toString())));

        assertThat(ExportStore.SCHEMA.itemToMap(ExportStore.toItem(export), true)).isEqualTo(before);
        assertThat(ExportStore.fromItem(ExportStore.SCHEMA.mapToItem(before))).isEqualTo(export);
    }

    @Test
    void aNewFolderAndItsNameClaimAreStoredAsBefore() {
        Folder folder = new Folder("p1", "f1", "Trip", 0, CREATED, UPDATED, false);
        assertThat(FolderStore.SCHEMA.itemToMap(FolderStore.newItem(folder), true)).isEqualTo(Map.of(
                "pk", s("P#p1#FOLDERS"), "sk", s("F#f1"), "project_id", s("p1"), "folder_id", s("f1"),
                "name", s("Trip"), "image_count", n(0), "created", s(CREATED.toString()),
                "updated", s(UPDATED.toString())));
        assertThat(FolderStore.claimItem("p1", "Trip", "f1")).isEqualTo(Map.of(
                "pk", s("P#p1#FOLDERS"), "sk", s("N#trip"), "folder_id", s("f1")));
    }

    @Test
    void aUsageIsStoredAsBefore() {
        ImageUsage usage = new ImageUsage("gallery", "trip", "Trip", "/v1/galleries/trip", CREATED, Optional.empty());
        Map<String, AttributeValue> stored = ImageStore.USAGE_SCHEMA.itemToMap(ImageStore.toItem("p1", "i1", usage),
                true);
        assertThat(stored).isEqualTo(Map.of("pk", s("P#p1#I#i1"), "sk", s("USAGE#gallery#trip"),
                "feature", s("gallery"), "ref", s("trip"), "name", s("Trip"), "link", s("/v1/galleries/trip"),
                "added", s(CREATED.toString())));
        Map<String, AttributeValue> marked = new HashMap<>(stored);
        marked.put("image_deleted", s(UPDATED.toString()));
        assertThat(ImageStore.USAGE_SCHEMA.mapToItem(marked).imageDeleted).isEqualTo(UPDATED.toString());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
