package dev.loupe.local.e2e;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Ratings over HTTP on the local cloud, through the routes of template.yaml: a hundred users rating one gallery at
 * once (behind a latch), their changes and removals at once, the galleries' and images' answers, the top-rated list,
 * the galleries' access and another project's 404s.
 */
@LoupeCloudTest
class RatingsEndToEndTest {
    private static ProjectClient cloud;
    private static String owner;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
        owner = user("owner");
        for (String body : List.of("{\"name\":\"rated-crowd\",\"title\":\"Crowd\"}",
                "{\"name\":\"rated-closed\",\"security\":\"private\"}",
                "{\"name\":\"rated-locked\",\"security\":\"password\",\"password\":\"open sesame\"}",
                "{\"name\":\"rated-open\",\"title\":\"Open\"}")) {
            assertThat(send("POST", "/v1/galleries", owner, body).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aHundredUsersAtOnceGiveExactlyAHundredRatingsAndChangesAndRemovalsAtOnceStayExact() throws Exception {
        int raters = 100;
        ExecutorService pool = Executors.newFixedThreadPool(raters);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < raters; i++) {
                String token = user("crowd-" + i);
                int stars = 1 + i % 5;
                answers.add(pool.submit(() -> {
                    start.await();
                    return send("PUT", "/v1/galleries/rated-crowd/rating", token, "{\"stars\":" + stars + "}");
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(json(answer.get(), 200).path("rating_count").asLong()).isBetween(1L, 100L);
            }
            JsonNode view = json(send("GET", "/v1/galleries/rated-crowd", owner, null), 200);
            assertThat(view.path("rating_count").asLong()).isEqualTo(100);
            assertThat(view.path("rating").asDouble()).isEqualTo(3.0);
            assertThat(storedTally("rated-crowd")).containsExactly(100L, 300L);

            // Ten change to 5 stars and ten remove theirs, each twice at once.
            CountDownLatch again = new CountDownLatch(1);
            answers.clear();
            for (int i = 0; i < 20; i++) {
                String token = user("crowd-" + i);
                boolean remove = i >= 10;
                for (int twice = 0; twice < 2; twice++) {
                    answers.add(pool.submit(() -> {
                        again.await();
                        return remove ? send("DELETE", "/v1/galleries/rated-crowd/rating", token, null)
                                : send("PUT", "/v1/galleries/rated-crowd/rating", token, "{\"stars\":5}");
                    }));
                }
            }
            again.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
            }
            long sum = 10 * 5;
            for (int i = 20; i < raters; i++) {
                sum += 1 + i % 5;
            }
            assertThat(storedTally("rated-crowd")).containsExactly(90L, sum);
            assertThat(json(send("GET", "/v1/galleries/rated-crowd", owner, null), 200).path("rating_count")
                    .asLong()).isEqualTo(90);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRatingIsChangeableAndShowsInTheListsAndTheTopRatedListHoldsOnlyPublicGalleries() throws Exception {
        String ada = user("ada");
        JsonNode rated = json(send("PUT", "/v1/galleries/rated-open/rating", ada, "{\"stars\":2}"), 200);
        assertThat(rated.path("stars").asInt()).isEqualTo(2);
        rated = json(send("PUT", "/v1/galleries/rated-open/rating", ada, "{\"stars\":5}"), 200);
        assertThat(rated.path("rating_count").asLong()).isEqualTo(1);
        assertThat(rated.path("rating").asDouble()).isEqualTo(5.0);
        json(send("PUT", "/v1/galleries/rated-open/rating", user("bo"), "{\"stars\":4}"), 200);

        // Private: 404 for anyone but the owner, who may rate it; password: its password opens it.
        assertThat(json(send("PUT", "/v1/galleries/rated-closed/rating", ada, "{\"stars\":5}"), 404)
                .at("/errors/0/code").asText()).isEqualTo("not_exist");
        json(send("PUT", "/v1/galleries/rated-closed/rating", owner, "{\"stars\":5}"), 200);
        assertThat(send("PUT", "/v1/galleries/rated-locked/rating", ada, "{\"stars\":5}").statusCode())
                .isEqualTo(401);
        json(send("PUT", "/v1/galleries/rated-locked/rating?password=open%20sesame", ada, "{\"stars\":5}"), 200);

        JsonNode top = json(send("GET", "/v1/public/galleries/top-rated", owner, null), 200);
        List<String> names = new ArrayList<>();
        top.path("gallery").forEach(g -> names.add(g.path("name").asText()));
        assertThat(names).contains("rated-open").doesNotContain("rated-closed", "rated-locked");
        JsonNode open = entry(top, "rated-open");
        assertThat(open.path("rating").asDouble()).isEqualTo(4.5);
        assertThat(open.path("rating_count").asLong()).isEqualTo(2);
        // The newest list shows the same numbers.
        assertThat(entry(json(send("GET", "/v1/public/galleries?limit=100", owner, null), 200), "rated-open")
                .path("rating_count").asLong()).isEqualTo(2);

        JsonNode removed = json(send("DELETE", "/v1/galleries/rated-open/rating", ada, null), 200);
        assertThat(removed.path("rating_count").asLong()).isEqualTo(1);
        assertThat(removed.path("stars").isNull()).isTrue();
        // A token without a user rates nothing.
        assertThat(json(send("PUT", "/v1/galleries/rated-open/rating", cloud.token(), "{\"stars\":3}"), 401)
                .at("/errors/0/code").asText()).isEqualTo("login_required");
    }

    @Test
    void imagesAreRatedAndAnotherProjectsIdsAnswer404OnEveryRatingRoute() throws Exception {
        String image = "rated-image";
        SampleLibrary.seedImage(cloud, image, "rated.jpg", java.util.Optional.empty());
        json(send("PUT", "/v1/images/" + image + "/rating", user("ada"), "{\"stars\":4}"), 200);
        json(send("PUT", "/v1/images/" + image + "/rating", user("bo"), "{\"stars\":1}"), 200);
        JsonNode details = json(send("GET", "/v1/images/" + image, owner, null), 200);
        assertThat(details.path("rating").asDouble()).isEqualTo(2.5);
        assertThat(details.path("rating_count").asLong()).isEqualTo(2);
        assertThat(json(send("DELETE", "/v1/images/" + image + "/rating", user("bo"), null), 200)
                .path("rating_count").asLong()).isEqualTo(1);

        ProjectClient other = ProjectClient.newProject(cloud.cloud(), "ratings elsewhere");
        String stranger = TokenIssuer.backendToken(other.project(), Clock.systemUTC(), "ada", "Ada", Role.VIEWER);
        for (String[] call : List.of(new String[] {"PUT", "/v1/galleries/rated-open/rating", "{\"stars\":5}"},
                new String[] {"DELETE", "/v1/galleries/rated-open/rating", null},
                new String[] {"PUT", "/v1/images/" + image + "/rating", "{\"stars\":5}"},
                new String[] {"DELETE", "/v1/images/" + image + "/rating", null})) {
            assertThat(send(other, call[0], call[1], stranger, call[2]).statusCode()).as("%s %s", call[0], call[1])
                    .isEqualTo(404);
        }
        JsonNode theirs = json(send(other, "GET", "/v1/public/galleries/top-rated", stranger, null), 200);
        assertThat(theirs.path("gallery").size()).isZero();
    }

    private static JsonNode entry(JsonNode list, String name) {
        for (JsonNode g : list.path("gallery")) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static List<Long> storedTally(String gallery) {
        Map<String, AttributeValue> item = cloud.backend().dynamoDb().getItem(g -> g
                .tableName(cloud.provisioned().tableName("GalleriesTable")).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("P#" + cloud.project().projectId() + "#G#" + gallery),
                        "sk", AttributeValue.fromS("RATING")))).item();
        return List.of(Long.parseLong(item.get("rating_count").n()), Long.parseLong(item.get("rating_sum").n()));
    }

    private static String user(String id) {
        return TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), id, "User " + id, Role.VIEWER);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body)
            throws Exception {
        return send(cloud, method, path, token, body);
    }

    private static HttpResponse<String> send(ProjectClient client, String method, String path, String token,
                                             String body) throws Exception {
        return HttpClients.send(client.baseUri(), method, path, token, body == null ? null : "application/json",
                body, null);
    }
}
