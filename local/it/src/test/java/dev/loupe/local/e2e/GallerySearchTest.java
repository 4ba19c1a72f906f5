package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.Eventually;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.gallery.GallerySearch;
import dev.loupe.gallery.GalleryKeys;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.GalleryWordIndex;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Search by title over HTTP through the local cloud, whose GalleriesTable stream feeds the word index as Lambda's
 * event source would: galleries are created and changed through the API, and each test waits (bounded) until the
 * index has caught up. Every test uses words of its own, so the tests share one cloud and one project.
 */
@LoupeCloudTest
class GallerySearchTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    /** The stream is polled every half second; indexing a gallery takes a few dozen writes. */
    private static final Duration INDEXED = Duration.ofSeconds(60);
    private static ProjectClient cloud;
    private static String userToken;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
        userToken = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "search-user", "Sam", Role.EDITOR);
    }

    @Test
    void findsListedGalleriesByWordPrefixesEveryWordCaseAndAccentsNewestFirstPagedByCursor() throws Exception {
        String m = marker();
        // Not listed: written first, so that once the listed ones are found, the stream has seen these too.
        create("hidden-" + m, "Sunset unlisted " + m, "\"security\":\"unlisted\"");
        create("private-" + m, "Sunset private " + m, "\"security\":\"private\"");
        create("locked-" + m, "Sunset locked " + m, "\"security\":\"password\",\"password\":\"open-sesame-42\"");
        create("brulee-" + m, "Crème Brûlée at SUNSET " + m, "");
        create("paulo-" + m, "Sunrise in São Paulo " + m, "");
        Thread.sleep(1_100); // added times are whole seconds: the last one is strictly the newest
        create("boulevard-" + m, "Sunset Boulevard, " + m, "");

        List<String> all = awaitNames(m, 3);
        assertThat(all).containsExactlyInAnyOrder("brulee-" + m, "paulo-" + m, "boulevard-" + m);
        assertThat(all.getFirst()).isEqualTo("boulevard-" + m);
        JsonNode page = search(cloud.token(), m, 20, null);
        List<Long> added = new ArrayList<>();
        page.path("gallery").forEach(g -> added.add(g.path("added").asLong()));
        assertThat(added).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(page.path("next_cursor").isMissingNode() || page.path("next_cursor").isNull()).isTrue();
        JsonNode first = page.path("gallery").get(0);
        assertThat(first.path("title").asText()).isEqualTo("Sunset Boulevard, " + m);
        assertThat(first.path("server").asText()).isEqualTo(cloud.project().projectId());
        assertThat(first.at("/links/gallery_url").asText()).endsWith("/g/boulevard-" + m);

        // Prefixes of words, every word (AND), any case, accents or not.
        assertThat(names(search(cloud.token(), "sun " + m, 20, null)))
                .containsExactly("boulevard-" + m, "paulo-" + m, "brulee-" + m);
        assertThat(names(search(cloud.token(), "sunset " + m, 20, null)))
                .containsExactly("boulevard-" + m, "brulee-" + m);
        assertThat(names(search(cloud.token(), m + " CREME brul", 20, null))).containsExactly("brulee-" + m);
        assertThat(names(search(cloud.token(), "crème " + m.toUpperCase(), 20, null))).containsExactly("brulee-" + m);
        assertThat(names(search(cloud.token(), "sao PAULO " + m, 20, null))).containsExactly("paulo-" + m);
        assertThat(names(search(cloud.token(), "sunset paulo " + m, 20, null))).isEmpty();
        // Inside a word is not the start of one.
        assertThat(names(search(cloud.token(), "unset " + m, 20, null))).isEmpty();
        // Unlisted, private and protected galleries are never found, by any of their words.
        for (String q : List.of("unlisted " + m, "private " + m, "locked " + m)) {
            assertThat(names(search(cloud.token(), q, 20, null))).as(q).isEmpty();
        }

        // One at a time by cursor: every hit once, in the same order, and the last page says there is no more.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            JsonNode one = search(cloud.token(), "sun " + m, 1, cursor);
            paged.addAll(names(one));
            JsonNode next = one.path("next_cursor");
            if (next.isMissingNode() || next.isNull()) {
                cursor = null;
                break;
            }
            cursor = next.asText();
        }
        assertThat(cursor).isNull();
        assertThat(paged).containsExactly("boulevard-" + m, "paulo-" + m, "brulee-" + m);
    }

    @Test
    void aQueryWithoutAWordOfTwoCharactersIsRefused() throws Exception {
        for (String q : new String[]{null, "", "a", "a b", "!?", "x".repeat(101)}) {
            HttpResponse<String> response = HttpClients.send(cloud.baseUri(), "GET", "/v1/public/galleries/search"
                    + (q == null ? "" : "?q=" + encode(q)), cloud.token(), null, null, null);
            assertThat(response.statusCode()).as("q=%s", q).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).at("/errors/0/code").asText()).as("q=%s", q)
                    .isEqualTo("bad_parameter_q");
        }
        HttpResponse<String> badCursor = HttpClients.send(cloud.baseUri(), "GET",
                "/v1/public/galleries/search?q=sun&cursor=nope", cloud.token(), null, null, null);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        HttpResponse<String> anonymous = HttpClients.send(cloud.baseUri(), "GET",
                "/v1/public/galleries/search?q=sun", null, null, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aNewTitlePrivacyAndDeletionTakeTheirEntriesAway() throws Exception {
        String m = marker();
        String name = "light-" + m;
        create(name, "Lighthouse " + m, "");
        awaitNames("lighth " + m, 1);

        patch(name, "{\"title\":\"Harbour at dawn " + m + "\"}");
        Eventually.until(INDEXED, "the new title indexed", () -> names("harb daw " + m).equals(List.of(name)));
        Eventually.until(INDEXED, "the old title gone", () -> names("light " + m).isEmpty());
        // Words the titles share keep finding it, with its new title.
        JsonNode shared = search(cloud.token(), m, 20, null);
        assertThat(names(shared)).containsExactly(name);
        assertThat(shared.at("/gallery/0/title").asText()).isEqualTo("Harbour at dawn " + m);

        patch(name, "{\"security\":\"private\"}");
        Eventually.until(INDEXED, "a private gallery unlisted", () -> names(m).isEmpty());
        patch(name, "{\"security\":\"public\"}");
        Eventually.until(INDEXED, "public again", () -> names("harbour " + m).equals(List.of(name)));

        HttpResponse<String> deleted = HttpClients.send(cloud.baseUri(), "DELETE", "/v1/galleries/" + name,
                userToken, null, null, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        // Search re-reads the galleries it found, so a deleted one is gone from answers at once...
        assertThat(names(m)).isEmpty();
        // ...and the indexer then takes every entry of it away: no token of either title keeps one (other tests'
        // galleries share the markers' first letters).
        Eventually.until(INDEXED, "a deleted gallery's entries removed", () -> {
            for (String title : List.of("Lighthouse " + m, "Harbour at dawn " + m)) {
                for (String token : GallerySearch.tokens(title)) {
                    if (entries(cloud.project().projectId(), token).stream()
                            .anyMatch(e -> e.get("name").s().equals(name))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    @Test
    void anotherProjectsGalleriesAreNeverFound() throws Exception {
        String m = marker();
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "other", List.of());
        cloud.projects().create(other, Instant.now());
        String otherToken = TokenIssuer.backendToken(other, Clock.systemUTC(), "other-user", "Olga", Role.EDITOR);

        create("mine-" + m, "Shared words " + m, "");
        HttpResponse<String> theirs = HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", otherToken,
                "application/json", "{\"name\":\"theirs-" + m + "\",\"title\":\"Shared words " + m + "\"}", null);
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);

        List<String> seenByOther = Eventually.value(INDEXED, "the other project's gallery indexed", () -> {
            try {
                List<String> found = names(search(otherToken, "shared " + m, 20, null));
                return found.isEmpty() ? null : found;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seenByOther).containsExactly("theirs-" + m);
        assertThat(awaitNames("shared " + m, 1)).containsExactly("mine-" + m);
    }

    @Test
    void redeliveringTheSameRecordsChangesNothing() throws Exception {
        String m = marker();
        String name = "replay-" + m;
        create(name, "Alpha " + m, "");
        patch(name, "{\"title\":\"Beta " + m + "\"}");
        Eventually.until(INDEXED, "the second title indexed", () -> names("beta " + m).equals(List.of(name))
                && names("alpha " + m).isEmpty());

        DynamoDbClient dynamo = cloud.backend().dynamoDb();
        String table = cloud.provisioned().tableName("GalleriesTable");
        String project = cloud.project().projectId();
        Map<String, AttributeValue> now = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("P#" + project + "#G#" + name), "sk", AttributeValue.fromS("GALLERY"))))
                .item();
        long version = Long.parseLong(now.get("version").n());
        // The stream's two records of this gallery: its creation (the first title) and the change of title.
        Map<String, AttributeValue> before = new HashMap<>(now);
        before.put("title", AttributeValue.fromS("Alpha " + m));
        before.put("version", AttributeValue.fromN(Long.toString(version - 1)));
        List<GallerySearch.Change> batch = List.of(new GallerySearch.Change(null, before),
                new GallerySearch.Change(before, now));

        Set<String> tokens = new LinkedHashSet<>(GallerySearch.tokens("Alpha " + m));
        tokens.addAll(GallerySearch.tokens("Beta " + m));
        Map<String, List<Map<String, AttributeValue>>> indexed = snapshot(project, tokens, name);
        assertThat(indexed.get("be")).hasSize(1);
        assertThat(indexed.get("al")).isEmpty();

        GallerySearch indexer = new GallerySearch(new GalleryStore(dynamo, table),
                new GalleryWordIndex(dynamo, table));
        for (int delivery = 1; delivery <= 2; delivery++) {
            int stale = 0;
            for (GallerySearch.Change change : batch) {
                stale += indexer.index(change).stale();
            }
            // The creation's entries of words both titles share are refused: a newer version wrote them.
            assertThat(stale).as("delivery %d", delivery).isGreaterThan(0);
            assertThat(snapshot(project, tokens, name)).as("delivery %d", delivery).isEqualTo(indexed);
        }
        assertThat(names("beta " + m)).containsExactly(name);
        assertThat(names("alpha " + m)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** A word no other test (or run) uses: letters only, so it is one word of the title. */
    private static String marker() {
        StringBuilder word = new StringBuilder("qz");
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }

    private static void create(String name, String title, String extra) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"title\":\"" + title + "\"" + (extra.isEmpty() ? "" : "," + extra)
                + "}";
        HttpResponse<String> created = HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", userToken,
                "application/json", body, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static void patch(String name, String body) throws Exception {
        HttpResponse<String> changed = HttpClients.send(cloud.baseUri(), "PATCH", "/v1/galleries/" + name,
                userToken, "application/json", body, null);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    /** Waits until a search finds {@code count} galleries, and answers their names. */
    private static List<String> awaitNames(String q, int count) {
        return Eventually.value(INDEXED, count + " galleries for " + q, () -> {
            List<String> found = names(q);
            return found.size() == count ? found : null;
        });
    }

    private static List<String> names(String q) {
        try {
            return names(search(cloud.token(), q, 100, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("gallery").forEach(g -> names.add(g.path("name").asText()));
        return names;
    }

    private static JsonNode search(String token, String q, int limit, String cursor) throws Exception {
        String query = "?q=" + encode(q) + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
        HttpResponse<String> response = HttpClients.send(cloud.baseUri(), "GET", "/v1/public/galleries/search"
                + query, token, null, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<Map<String, AttributeValue>> entries(String project, String token) {
        return cloud.backend().dynamoDb().query(q -> q.tableName(cloud.provisioned().tableName("GalleriesTable"))
                .consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(GalleryKeys.wordPk(project, token)))))
                .items();
    }

    /** Each token's entries of one gallery (the markers' first letters are shared with other tests' galleries). */
    private static Map<String, List<Map<String, AttributeValue>>> snapshot(String project, Set<String> tokens,
                                                                           String name) {
        Map<String, List<Map<String, AttributeValue>>> entries = new HashMap<>();
        tokens.forEach(t -> entries.put(t, entries(project, t).stream()
                .filter(e -> e.get("name").s().equals(name)).toList()));
        return entries;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
