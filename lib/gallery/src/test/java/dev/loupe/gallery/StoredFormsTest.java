package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A word-index entry as the static schema writes it is the one the hand-built map wrote before. */
class StoredFormsTest {
    private final Gallery gallery = new Gallery("p1", "trip", "Summer trip", Optional.empty(), Optional.empty(),
            Optional.of("h"), Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_000_100), 7,
            List.of("i1"), Gallery.Details.DEFAULTS, 0);

    @Test
    void aWordEntryIsStoredAsBefore() {
        assertThat(GalleryWordIndex.SCHEMA.itemToMap(GalleryWordIndex.toItem(gallery, "su", List.of("summer", "trip")),
                true)).isEqualTo(Map.of("pk", s("P#p1#GW#su"), "sk", s("2023-11-14T22:13:20Z#trip"),
                "name", s("trip"), "title", s("Summer trip"), "added", n(1_700_000_000L),
                "words", AttributeValue.fromL(List.of(s("summer"), s("trip"))), "gallery_version", n(7)));
        assertThat(GalleryWordIndex.SCHEMA.itemToMap(GalleryWordIndex.toItem(gallery, "su", List.of()), true))
                .as("no words: no attribute").doesNotContainKey("words");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
