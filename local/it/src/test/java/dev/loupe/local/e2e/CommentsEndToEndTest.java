package dev.loupe.local.e2e;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Comments on the local cloud, through real HTTP: who may post, read, edit, hide, delete, report and block (author,
 * owner, admin, another user, a blocked user, anonymous visitors allowed or not), private and password galleries,
 * another project's ids, the per-user rate limit, images, the most-commented list, and that the counts stay exact
 * under concurrent posts and deletes.
 */
@LoupeCloudTest
class CommentsEndToEndTest {
    private static ProjectClient backend;
    private static LoupeCloud cloud;
    private static String owner;
    private static String alice;
    private static String bob;
    private static String admin;

    @BeforeAll
    static void start(ProjectClient shared, LoupeCloud localCloud) {
        backend = shared;
        cloud = localCloud;
        owner = backend.tokenFor("owner-1", "olive", Role.EDITOR);
        alice = backend.tokenFor("alice-1", "alice", Role.VIEWER);
        bob = backend.tokenFor("bob-1", "bob", Role.VIEWER);
        admin = backend.tokenFor("admin-1", "ada", Role.ADMIN);
    }

    @Test
    void authorOwnerAdminOthersBlockedAndAnonymousEachMayDoTheirPart() throws Exception {
        gallery(owner, "{\"name\":\"talk\"}");
        JsonNode first = json(comment(alice, "talk", "{\"text\":\"First! see https://example.com/a.\"}"), 201);
        String aliceId = first.path("id").asText();
        assertThat(first.at("/author/name").asText()).isEqualTo("alice");
        assertThat(first.at("/author/user_id").asText()).isEqualTo("alice-1");

        // One level of replies: a reply to a reply is refused, clearly.
        JsonNode reply = json(comment(bob, "talk", "{\"text\":\"Hi\",\"reply_to\":\"" + aliceId + "\"}"), 201);
        assertThat(reply.path("reply_to").asText()).isEqualTo(aliceId);
        assertThat(json(comment(bob, "talk", "{\"text\":\"deeper\",\"reply_to\":\"" + reply.path("id").asText()
                + "\"}"), 400).at("/error/code").asText()).isEqualTo("reply_to_reply");
        assertThat(count("talk")).isEqualTo(2);

        // Plain text only, and not too long.
        assertThat(json(comment(alice, "talk", "{\"text\":\"a\\u0000b\"}"), 400).at("/error/code").asText())
                .isEqualTo("bad_parameter_text");
        assertThat(json(comment(alice, "talk", "{\"text\":\"" + "x".repeat(2001) + "\"}"), 400)
                .at("/error/code").asText()).isEqualTo("text_too_long");

        // The author edits; nobody else does. Only a moderator hides.
        assertThat(json(call("PATCH", "/v1/comments/" + aliceId, alice, "{\"text\":\"First, edited\"}"), 200)
                .has("edited")).isTrue();
        assertThat(json(call("PATCH", "/v1/comments/" + aliceId, bob, "{\"text\":\"mine now\"}"), 403)
                .at("/error/code").asText()).isEqualTo("not_author");
        assertThat(json(call("PATCH", "/v1/comments/" + aliceId, bob, "{\"hidden\":true}"), 403)
                .at("/error/code").asText()).isEqualTo("not_moderator");
        assertThat(json(call("PATCH", "/v1/comments/" + aliceId, owner, "{\"hidden\":true}"), 200)
                .path("hidden").asBoolean()).isTrue();
        assertThat(count("talk")).isEqualTo(1);
        assertThat(ids(list(bob, "talk", ""))).doesNotContain(aliceId);
        assertThat(ids(list(alice, "talk", ""))).contains(aliceId);
        assertThat(ids(list(admin, "talk", ""))).contains(aliceId);
        json(call("PATCH", "/v1/comments/" + aliceId, admin, "{\"hidden\":false}"), 200);
        assertThat(count("talk")).isEqualTo(2);

        // Anyone signed in reports, once; the owner and the admins read the reports, others don't.
        assertThat(json(call("POST", "/v1/comments/" + aliceId + "/reports", bob, "{\"reason\":\"rude\"}"), 201)
                .path("counted").asBoolean()).isTrue();
        assertThat(json(call("POST", "/v1/comments/" + aliceId + "/reports", bob, "{}"), 200)
                .path("counted").asBoolean()).isFalse();
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());
        assertThat(call("POST", "/v1/comments/" + aliceId + "/reports", browser, "{}").statusCode()).isEqualTo(401);
        JsonNode reports = json(call("GET", "/v1/comment-reports?gallery=talk", owner, null), 200);
        assertThat(reports.at("/reports/0/comment/id").asText()).isEqualTo(aliceId);
        assertThat(reports.at("/reports/0/reports").asInt()).isEqualTo(1);
        assertThat(reports.at("/reports/0/last_reason").asText()).isEqualTo("rude");
        assertThat(call("GET", "/v1/comment-reports?gallery=talk", bob, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/comment-reports", owner, null).statusCode()).isEqualTo(403);
        assertThat(ids(json(call("GET", "/v1/comment-reports", admin, null), 200).path("reports"), "/comment/id"))
                .contains(aliceId);

        // The owner's block list: a blocked user can't comment on that gallery until unblocked.
        assertThat(call("PUT", "/v1/galleries/talk/blocks/bob-1", alice, null).statusCode()).isEqualTo(403);
        json(call("PUT", "/v1/galleries/talk/blocks/bob-1", owner, null), 200);
        assertThat(json(comment(bob, "talk", "{\"text\":\"let me in\"}"), 403).at("/error/code").asText())
                .isEqualTo("blocked");
        assertThat(call("DELETE", "/v1/galleries/talk/blocks/bob-1", owner, null).statusCode()).isEqualTo(204);
        json(comment(bob, "talk", "{\"text\":\"back\"}"), 201);

        // Visitors without an account comment under a name only where the owner allows it.
        assertThat(json(comment(browser, "talk", "{\"text\":\"hello\",\"name\":\"Guest\"}"), 401)
                .at("/error/code").asText()).isEqualTo("sign_in_required");
        assertThat(call("PUT", "/v1/galleries/talk/comment-settings", bob, "{\"anonymous\":true}").statusCode())
                .isEqualTo(403);
        json(call("PUT", "/v1/galleries/talk/comment-settings", owner, "{\"anonymous\":true}"), 200);
        assertThat(json(comment(browser, "talk", "{\"text\":\"hello\"}"), 400).at("/error/code").asText())
                .isEqualTo("missing_name");
        JsonNode guest = json(comment(browser, "talk", "{\"text\":\"hello\",\"name\":\"Guest\"}"), 201);
        assertThat(guest.at("/author/anonymous").asBoolean()).isTrue();
        assertThat(guest.at("/author/name").asText()).isEqualTo("Guest");

        // Deletes: the author or a moderator; the count follows.
        assertThat(call("DELETE", "/v1/comments/" + aliceId, bob, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/v1/comments/" + guest.path("id").asText(), owner, null).statusCode())
                .isEqualTo(204);
        assertThat(call("DELETE", "/v1/comments/" + reply.path("id").asText(), admin, null).statusCode())
                .isEqualTo(204);
        assertThat(call("DELETE", "/v1/comments/" + aliceId, alice, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/v1/comments/" + aliceId, alice, null).statusCode()).isEqualTo(404);
        assertThat(count("talk")).isEqualTo(1);
        assertThat(list(bob, "talk", "").path("comment_count").asInt()).isEqualTo(1);
        // A deleted comment's report goes with it.
        assertThat(json(call("GET", "/v1/comment-reports?gallery=talk", owner, null), 200).path("reports"))
                .isEmpty();
    }

    @Test
    void privateAndPasswordGalleriesKeepTheirCommentsAndOtherProjectsSeeNothing() throws Exception {
        gallery(owner, "{\"name\":\"hush\",\"security\":\"private\"}");
        gallery(owner, "{\"name\":\"locked\",\"security\":\"password\",\"password\":\"open sesame\"}");
        assertThat(comment(bob, "hush", "{\"text\":\"peek\"}").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/galleries/hush/comments", bob, null).statusCode()).isEqualTo(404);
        String secret = json(comment(owner, "hush", "{\"text\":\"note to self\"}"), 201).path("id").asText();
        assertThat(call("PATCH", "/v1/comments/" + secret, bob, "{\"hidden\":true}").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/v1/comments/" + secret + "/reports", bob, "{}").statusCode()).isEqualTo(404);
        assertThat(ids(list(admin, "hush", ""))).containsExactly(secret);

        assertThat(json(call("GET", "/v1/galleries/locked/comments", bob, null), 401).at("/error/code").asText())
                .isEqualTo("password_required");
        json(comment(bob, "locked", "{\"text\":\"I know it\",\"password\":\"open sesame\"}"), 201);
        assertThat(list(bob, "locked", "&password=open%20sesame").path("comment_count").asInt()).isEqualTo(1);

        ProjectClient other = ProjectClient.newProject(cloud, "comments elsewhere");
        String stranger = other.tokenFor("alice-1", "alice", Role.ADMIN);
        String talkId = json(comment(alice, ensure("elsewhere-check"), "{\"text\":\"mine\"}"), 201).path("id").asText();
        for (String[] route : new String[][]{
                {"GET", "/v1/galleries/elsewhere-check/comments", null},
                {"POST", "/v1/galleries/elsewhere-check/comments", "{\"text\":\"x\"}"},
                {"PATCH", "/v1/comments/" + talkId, "{\"hidden\":true}"},
                {"DELETE", "/v1/comments/" + talkId, null},
                {"POST", "/v1/comments/" + talkId + "/reports", "{}"},
                {"GET", "/v1/images/" + SampleLibrary.SAMPLE_IMAGE_ID + "/comments", null}}) {
            HttpResponse<String> answer = HttpClients.send(other.baseUri(), route[0], route[1], stranger,
                    "application/json", route[2], null);
            assertThat(answer.statusCode()).as(route[0] + " " + route[1] + ": " + answer.body()).isEqualTo(404);
        }
        assertThat(json(call("GET", "/v1/comment-reports", stranger, null), 200).path("reports")).isEmpty();
    }

    @Test
    void imagesTakeRegisteredUsersCommentsAndCountThem() throws Exception {
        SampleLibrary.seedImage(backend, "comment-image", "lake.jpg", Optional.empty());
        JsonNode posted = json(call("POST", "/v1/images/comment-image/comments", alice, "{\"text\":\"Lovely\"}"),
                201);
        assertThat(posted.path("image").asText()).isEqualTo("comment-image");
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());
        assertThat(call("POST", "/v1/images/comment-image/comments", browser, "{\"text\":\"x\",\"name\":\"G\"}")
                .statusCode()).isEqualTo(401);
        assertThat(json(call("GET", "/v1/images/comment-image", bob, null), 200).path("comment_count").asInt())
                .isEqualTo(1);
        assertThat(call("POST", "/v1/images/no-such-image/comments", alice, "{\"text\":\"x\"}").statusCode())
                .isEqualTo(404);
        // The image's moderators are the admins.
        assertThat(call("DELETE", "/v1/comments/" + posted.path("id").asText(), bob, null).statusCode())
                .isEqualTo(403);
        assertThat(call("DELETE", "/v1/comments/" + posted.path("id").asText(), admin, null).statusCode())
                .isEqualTo(204);
        assertThat(json(call("GET", "/v1/images/comment-image/comments", bob, null), 200).path("comment_count")
                .asInt()).isZero();
    }

    @Test
    void fiftyConcurrentPostsAndTwentyConcurrentDeletesLeaveTheExactCount() throws Exception {
        gallery(owner, "{\"name\":\"race\"}");
        List<String[]> doomed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String token = backend.tokenFor("early-" + i, "early" + i, Role.VIEWER);
            doomed.add(new String[]{token, json(comment(token, "race", "{\"text\":\"early " + i + "\"}"), 201)
                    .path("id").asText()});
        }
        CyclicBarrier barrier = new CyclicBarrier(70);
        ExecutorService pool = Executors.newFixedThreadPool(70);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String token = backend.tokenFor("racer-" + i, "racer" + i, Role.VIEWER);
                int n = i;
                answers.add(pool.submit(() -> {
                    barrier.await();
                    return comment(token, "race", "{\"text\":\"racing " + n + "\"}").statusCode();
                }));
            }
            for (String[] d : doomed) {
                answers.add(pool.submit(() -> {
                    barrier.await();
                    return call("DELETE", "/v1/comments/" + d[1], d[0], null).statusCode();
                }));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isIn(201, 204);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("race")).isEqualTo(50);
        // Paging oldest first through every comment, each once.
        Set<String> seen = new HashSet<>();
        String cursor = "";
        do {
            JsonNode page = list(bob, "race", "&order=oldest&limit=20" + cursor);
            for (JsonNode c : page.path("comments")) {
                assertThat(seen.add(c.path("id").asText())).isTrue();
            }
            cursor = page.has("next_cursor") ? "&cursor=" + page.path("next_cursor").asText() : "";
        } while (!cursor.isEmpty());
        assertThat(seen).hasSize(50);
    }

    @Test
    void aUserPostsAtMostTenCommentsAMinute() throws Exception {
        gallery(owner, "{\"name\":\"chatty\"}");
        String carol = backend.tokenFor("carol-1", "carol", Role.VIEWER);
        for (int i = 0; i < 10; i++) {
            json(comment(carol, "chatty", "{\"text\":\"" + i + "\"}"), 201);
        }
        HttpResponse<String> refused = comment(carol, "chatty", "{\"text\":\"one more\"}");
        assertThat(json(refused, 429).at("/error/code").asText()).isEqualTo("too_many_comments");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theMostCommentedPublicGalleriesComeMostFirstWithoutClosedOnes() throws Exception {
        ProjectClient fresh = ProjectClient.newProject(cloud, "most commented");
        String o = fresh.tokenFor("o-1", "o", Role.EDITOR);
        for (String body : List.of("{\"name\":\"mc-a\"}", "{\"name\":\"mc-b\"}",
                "{\"name\":\"mc-c\",\"security\":\"private\"}")) {
            assertThat(HttpClients.send(fresh.baseUri(), "POST", "/v1/galleries", o, "application/json", body,
                    null).statusCode()).isEqualTo(201);
        }
        for (String[] c : new String[][]{{"mc-a", "3"}, {"mc-b", "1"}, {"mc-c", "5"}}) {
            for (int i = 0; i < Integer.parseInt(c[1]); i++) {
                String user = fresh.tokenFor("u-" + c[0] + i, "u" + i, Role.VIEWER);
                assertThat(HttpClients.send(fresh.baseUri(), "POST", "/v1/galleries/" + c[0] + "/comments",
                        c[0].equals("mc-c") ? o : user, "application/json", "{\"text\":\"n\"}", null).statusCode())
                        .isEqualTo(201);
            }
        }
        JsonNode first = json(HttpClients.send(fresh.baseUri(), "GET", "/v1/public/galleries/most-commented?limit=1",
                fresh.token(), null, null, null), 200);
        assertThat(first.at("/galleries/0/name").asText()).isEqualTo("mc-a");
        assertThat(first.at("/galleries/0/comment_count").asInt()).isEqualTo(3);
        JsonNode rest = json(HttpClients.send(fresh.baseUri(), "GET", "/v1/public/galleries/most-commented?cursor="
                + first.path("next_cursor").asText(), fresh.token(), null, null, null), 200);
        assertThat(ids(rest.path("galleries"), "/name")).containsExactly("mc-b");
    }

    @Test
    void aUsersCommentsAreInTheirExportAndGoWithTheUserKeepingTheCountExact() throws Exception {
        String userId = json(backend.postJson("/v1/users", "{\"username\":\"writer\",\"email\":"
                + "\"writer@example.com\"}"), 201).path("user_id").asText();
        String writer = backend.tokenFor(userId, "writer", Role.VIEWER);
        gallery(owner, "{\"name\":\"erase\"}");
        String hiddenId = json(comment(writer, "erase", "{\"text\":\"first <b>words</b>\"}"), 201).path("id")
                .asText();
        String bobsId = json(comment(bob, "erase", "{\"text\":\"bob stays\"}"), 201).path("id").asText();
        String replyId = json(comment(writer, "erase", "{\"text\":\"a reply\",\"reply_to\":\"" + bobsId
                + "\"}"), 201).path("id").asText();
        json(call("PATCH", "/v1/comments/" + hiddenId, owner, "{\"hidden\":true}"), 200);
        json(call("POST", "/v1/comments/" + replyId + "/reports", bob, "{}"), 201);
        assertThat(count("erase")).isEqualTo(2);

        // The export lists every comment the user wrote, hidden ones too: where, what, when.
        JsonNode exported = json(call("GET", "/v1/users/writer/export", writer, null), 200).path("comments");
        assertThat(ids(exported, "/id")).containsExactlyInAnyOrder(hiddenId, replyId);
        for (JsonNode c : exported) {
            assertThat(c.path("gallery").asText()).isEqualTo("erase");
            assertThat(c.path("created").asText()).isNotEmpty();
        }
        assertThat(ids(exported, "/text")).containsExactlyInAnyOrder("first <b>words</b>", "a reply");

        // Deleting the user deletes its words; the hidden one was out of the count already, the reply leaves it.
        assertThat(call("DELETE", "/v1/users/writer", admin, null).statusCode())
                .isEqualTo(204);
        assertThat(count("erase")).isEqualTo(1);
        assertThat(ids(list(owner, "erase", ""))).containsExactly(bobsId);
        assertThat(call("PATCH", "/v1/comments/" + hiddenId, owner, "{\"hidden\":false}").statusCode())
                .isEqualTo(404);
        assertThat(json(call("GET", "/v1/comment-reports?gallery=erase", owner, null), 200).path("reports"))
                .isEmpty();
    }

    @Test
    void aDeletedGallerysCommentsReportsAndBlocksGoWithItAndItsNameStartsAtNought() throws Exception {
        gallery(owner, "{\"name\":\"gone\"}");
        List<String> commentIds = new ArrayList<>();
        for (String token : List.of(alice, bob)) {
            commentIds.add(json(comment(token, "gone", "{\"text\":\"bye\"}"), 201).path("id").asText());
        }
        commentIds.add(json(comment(bob, "gone", "{\"text\":\"re\",\"reply_to\":\"" + commentIds.getFirst()
                + "\"}"), 201).path("id").asText());
        json(call("POST", "/v1/comments/" + commentIds.getFirst() + "/reports", bob, "{}"), 201);
        json(call("PUT", "/v1/galleries/gone/blocks/carol-9", owner, null), 200);
        String project = backend.project().projectId();
        assertThat(leftOf(project, "gone", commentIds)).hasSize(5); // what the purge must remove, as the keys find it

        json(call("DELETE", "/v1/galleries/gone", owner, null), 200);
        Eventually.until(Duration.ofSeconds(60), "the deleted gallery's comments, reports and blocks purged",
                () -> leftOf(project, "gone", commentIds).isEmpty());

        gallery(owner, "{\"name\":\"gone\"}");
        assertThat(count("gone")).isZero();
        assertThat(list(bob, "gone", "").path("comments")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The comment items (by id), report entries and block-list entries of a gallery of that name in the galleries
     * table, read by their keys (DESIGN.md, "Comments"); the block list and reports of any gallery of that name.
     */
    private static List<Map<String, AttributeValue>> leftOf(String project, String name, List<String> commentIds) {
        List<Map<String, AttributeValue>> left = new ArrayList<>();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            String table = cloud.provisioned().tableName("GalleriesTable");
            for (String id : commentIds) {
                var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                        "pk", AttributeValue.fromS("P#" + project + "#C#" + id),
                        "sk", AttributeValue.fromS("COMMENT")))).item();
                if (item != null && !item.isEmpty()) {
                    left.add(item);
                }
            }
            left.addAll(dynamo.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :t)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("P#" + project + "#CR"),
                            ":t", AttributeValue.fromS("G#" + name + "#")))).items());
            left.addAll(dynamo.scanPaginator(q -> q.tableName(table).consistentRead(true)
                    .filterExpression("begins_with(pk, :gb)")
                    .expressionAttributeValues(Map.of(":gb", AttributeValue.fromS("P#" + project + "#GB#" + name
                            + "#")))).items().stream().toList());
        }
        return left;
    }

    private static String ensure(String name) throws Exception {
        gallery(owner, "{\"name\":\"" + name + "\"}");
        return name;
    }

    private static void gallery(String token, String body) throws Exception {
        HttpResponse<String> created = call("POST", "/v1/galleries", token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static HttpResponse<String> comment(String token, String gallery, String body) throws Exception {
        return call("POST", "/v1/galleries/" + gallery + "/comments", token, body);
    }

    private static JsonNode list(String token, String gallery, String query) throws Exception {
        return json(call("GET", "/v1/galleries/" + gallery + "/comments?limit=100" + query, token, null), 200);
    }

    private static int count(String gallery) throws Exception {
        return json(call("GET", "/v1/galleries/" + gallery, owner, null), 200).path("comment_count").asInt();
    }

    private static List<String> ids(JsonNode thread) {
        return ids(thread.path("comments"), "/id");
    }

    private static List<String> ids(JsonNode array, String pointer) {
        List<String> ids = new ArrayList<>();
        array.forEach(c -> ids.add(c.at(pointer).asText()));
        return ids;
    }

    private static HttpResponse<String> call(String method, String path, String token, String body)
            throws Exception {
        return HttpClients.send(backend.baseUri(), method, path, token, body == null ? null : "application/json",
                body, null);
    }
}
