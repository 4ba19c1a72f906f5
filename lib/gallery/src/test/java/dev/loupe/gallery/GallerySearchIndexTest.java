package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.auth.ProjectKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The word index and its search without events or HTTP, against DynamoDB Local with the table template.yaml
 * declares: the read budget of one request, the version conditions, and which changes write anything.
 */
@ExtendWith(SharedEmulators.class)
class GallerySearchIndexTest {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static DynamoDbClient dynamoDb;
    private static GalleryStore store;
    private static GalleryWordIndex words;
    private static GallerySearch search;
    private final String project = ProjectKeys.newProjectId();

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamoDb = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        store = new GalleryStore(dynamoDb, provisioned.tableName("GalleriesTable"));
        words = new GalleryWordIndex(dynamoDb, provisioned.tableName("GalleriesTable"));
        search = new GallerySearch(store, words);
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    @Test
    void aRequestReadsABoundedNumberOfEntriesAndItsCursorGoesOnFromThere() {
        // Three old galleries match "common rare"; 320 newer ones only "common", which is the word looked up.
        List<String> rare = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Gallery g = gallery("rare-" + i, "Common rare " + i, BASE.plusSeconds(i), 1, Security.PUBLIC);
            assertThat(store.createIfNameFree(g)).isTrue();
            words.put(g, "common", GallerySearch.words(g.title()));
            rare.addFirst(g.name());
        }
        for (int i = 0; i < 320; i++) {
            Gallery g = gallery("plain-" + i, "Common " + i, BASE.plusSeconds(100 + i), 1, Security.PUBLIC);
            assertThat(store.createIfNameFree(g)).isTrue();
            words.put(g, "common", GallerySearch.words(g.title()));
        }

        GalleryStore.NewestPage first = search.search(project, "common rare", Optional.empty(), 20);
        // The first 300 entries read are all newer than the matches: an empty page, but it says where to go on.
        assertThat(first.galleries()).isEmpty();
        assertThat(first.next()).isPresent();
        GalleryStore.NewestPage second = search.search(project, "RARE common", first.next(), 20);
        assertThat(second.galleries()).extracting(Gallery::name).containsExactlyElementsOf(rare);
        assertThat(second.next()).isEmpty();

        // Every gallery once, newest first, over pages of 100.
        List<String> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            GalleryStore.NewestPage page = search.search(project, "comm", cursor, 100);
            page.galleries().forEach(g -> all.add(g.name()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 10);
        assertThat(cursor).isEmpty();
        // "comm" is a token of its own, which this test never wrote: nothing is found under it.
        assertThat(all).isEmpty();
        cursor = Optional.empty();
        pages = 0;
        do {
            GalleryStore.NewestPage page = search.search(project, "common", cursor, 100);
            page.galleries().forEach(g -> all.add(g.name()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 10);
        assertThat(all).hasSize(323).doesNotHaveDuplicates().startsWith("plain-319").endsWith("rare-0");
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void anEntryIsNeverReplacedOrDeletedOnBehalfOfAnOlderVersion() {
        Gallery newer = gallery("versions", "Newer title", BASE, 5, Security.PUBLIC);
        Gallery older = gallery("versions", "Older title", BASE, 3, Security.PUBLIC);
        String sk = GalleryKeys.wordSk(newer);
        assertThat(words.put(newer, "ti", List.of("newer", "title"))).isTrue();
        assertThat(words.put(older, "ti", List.of("older", "title"))).isFalse();
        assertThat(words.put(newer, "ti", List.of("newer", "title"))).as("the same version again").isTrue();
        assertThat(titlesUnder("ti")).containsExactly("Newer title");

        assertThat(words.delete(project, "ti", sk, 4)).isFalse();
        assertThat(titlesUnder("ti")).containsExactly("Newer title");
        assertThat(words.delete(project, "ti", sk, 5)).isTrue();
        assertThat(titlesUnder("ti")).isEmpty();
        assertThat(words.delete(project, "ti", sk, 5)).as("already gone").isTrue();
    }

    @Test
    void onlyChangesToWhatSearchShowsWriteEntries() {
        Gallery v1 = gallery("lagoon", "Blue lagoon", BASE, 1, Security.PUBLIC);
        assertThat(store.createIfNameFree(v1)).isTrue();
        var inserted = search.index(new GallerySearch.Change(null, image(v1)));
        assertThat(inserted).isEqualTo(new GallerySearch.Applied(8, 0, 0));
        assertThat(names("blue lag")).containsExactly("lagoon");

        // New images, same title: nothing to write.
        Gallery v2 = v1.changed(v1.title(), List.of("img-1"), BASE.plusSeconds(5));
        assertThat(search.index(new GallerySearch.Change(image(v1), image(v2))))
                .isEqualTo(new GallerySearch.Applied(0, 0, 0));
        // A view counter and the index's own entries in the stream are not galleries.
        assertThat(search.index(new GallerySearch.Change(null, Map.of("pk", AttributeValue.fromS("x"),
                "sk", AttributeValue.fromS("VIEWS"))))).isEqualTo(new GallerySearch.Applied(0, 0, 0));

        // A new title: the words it no longer has go, all of its tokens are written with the new title.
        Gallery v3 = v2.changed("Blue bay", v2.imageIds(), BASE.plusSeconds(6));
        assertThat(store.replace(v1, v3)).isTrue();
        assertThat(search.index(new GallerySearch.Change(image(v2), image(v3))))
                .isEqualTo(new GallerySearch.Applied(5, 5, 0));
        assertThat(names("lagoon")).isEmpty();
        assertThat(names("blu ba")).containsExactly("lagoon");

        // Unlisted: every entry goes; its removal afterwards has nothing left to do.
        Gallery v4 = v3.changed(v3.title(), v3.imageIds(), new Gallery.Details("", Security.UNLISTED,
                Optional.empty(), Optional.empty(), PlayerSetup.DEFAULTS, Optional.empty(), Map.of(), false),
                BASE.plusSeconds(7));
        assertThat(search.index(new GallerySearch.Change(image(v3), image(v4))))
                .isEqualTo(new GallerySearch.Applied(0, 5, 0));
        assertThat(search.index(new GallerySearch.Change(image(v4), null)))
                .isEqualTo(new GallerySearch.Applied(0, 0, 0));
        assertThat(names("blue")).isEmpty();
    }

    @Test
    void aGalleryClosedBeforeTheIndexCaughtUpIsNotFoundAndARenamedOneShowsItsNewTitle() {
        Gallery open = gallery("closing", "Harbour lights", BASE, 1, Security.PUBLIC);
        assertThat(store.createIfNameFree(open)).isTrue();
        search.index(new GallerySearch.Change(null, image(open)));
        assertThat(names("harbour")).containsExactly("closing");

        // The gallery changes; the stream has not been read yet, so the index still has the old entries.
        Gallery renamed = open.changed("Harbour at night", open.imageIds(), BASE.plusSeconds(1));
        assertThat(store.replace(open, renamed)).isTrue();
        assertThat(search.search(project, "harbour", Optional.empty(), 10).galleries())
                .extracting(Gallery::title).containsExactly("Harbour at night");
        Gallery closed = renamed.changed(renamed.title(), renamed.imageIds(), new Gallery.Details("",
                Security.PRIVATE, Optional.empty(), Optional.empty(), PlayerSetup.DEFAULTS, Optional.empty(),
                Map.of(), false), BASE.plusSeconds(2));
        assertThat(store.replace(renamed, closed)).isTrue();
        assertThat(titlesUnder("harbour")).as("the index is behind").containsExactly("Harbour lights");
        assertThat(names("harbour")).isEmpty();
    }

    private Gallery gallery(String name, String title, Instant added, long version, Security security) {
        Gallery.Details details = new Gallery.Details("", security, Optional.empty(), Optional.empty(),
                PlayerSetup.DEFAULTS, Optional.empty(), Map.of(), false);
        return new Gallery(project, name, title, Optional.empty(), Optional.empty(), Optional.of("hash"), added,
                added, version, List.of(), details, 0);
    }

    private static Map<String, AttributeValue> image(Gallery gallery) {
        return GalleryStore.SCHEMA.itemToMap(GalleryStore.toItem(gallery), true);
    }

    private List<String> names(String q) {
        return search.search(project, q, Optional.empty(), 100).galleries().stream().map(Gallery::name).toList();
    }

    private List<String> titlesUnder(String token) {
        return words.entries(project, token, Optional.empty(), 100).entries().stream()
                .map(GalleryWordIndex.WordEntry::title).toList();
    }
}
