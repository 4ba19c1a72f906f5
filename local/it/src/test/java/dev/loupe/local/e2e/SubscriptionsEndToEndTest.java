package dev.loupe.local.e2e;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.local.events.GeneratedEvents;
import dev.loupe.local.mail.LocalMailbox;
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
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Subscriptions and notifications on the local cloud (people part 3): following and unfollowing galleries and users,
 * each kind of event notifying the right people once (never the actor), the unread count and reading, private and
 * password galleries, another project's names, and the fan-out staying exactly once when a fan-out message is
 * delivered again and a stream record is replayed, across more followers than one fan-out page.
 */
@LoupeCloudTest
class SubscriptionsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ProjectClient backend;
    private static LoupeCloud cloud;
    private static String ownerId;
    private static String owner;
    private static String fay;
    private static String fayId;
    private static String finn;

    @BeforeAll
    static void start(ProjectClient shared, LoupeCloud localCloud) throws Exception {
        backend = shared;
        cloud = localCloud;
        ownerId = register("olive-s");
        owner = backend.tokenFor(ownerId, "olive-s", Role.EDITOR);
        fayId = register("fay-s");
        fay = backend.tokenFor(fayId, "fay-s", Role.VIEWER);
        finn = backend.tokenFor(register("finn-s"), "finn-s", Role.VIEWER);
        for (String id : List.of("sub-a", "sub-b", "sub-c")) {
            SampleLibrary.seedImage(backend, id, id + ".jpg", Optional.empty());
        }
    }

    @Test
    void followersCommentersAndRepliedToAreEachNotifiedOnceAndReadThem() throws Exception {
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"followed\",\"security\":\"unlisted\"}"));
        // Following is idempotent; the owner follows their own gallery too, and is never told of their own change.
        for (int i = 0; i < 2; i++) {
            assertThat(json(call("PUT", "/v1/galleries/followed/subscription", fay, null), 200).path("gallery")
                    .asText()).isEqualTo("followed");
        }
        json(call("PUT", "/v1/galleries/followed/subscription", owner, null), 200);
        assertThat(json(call("PUT", "/v1/users/olive-s/subscription", finn, null), 200).path("user_id").asText())
                .isEqualTo(ownerId);
        assertThat(json(call("PUT", "/v1/users/olive-s/subscription", owner, null), 400).at("/error/code").asText())
                .isEqualTo("cannot_follow_self");
        JsonNode mine = json(call("GET", "/v1/me/subscriptions", fay, null), 200);
        assertThat(mine.at("/subscriptions/0/type").asText()).isEqualTo("gallery");
        assertThat(mine.path("subscriptions")).hasSize(1);

        // Images added: the gallery's follower. A gallery published: the owner's follower.
        json(call("POST", "/v1/galleries/followed/images", owner, "{\"image\":[\"sub-a\",\"sub-b\"]}"), 200);
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"fresh\"}"));
        JsonNode fays = waitForUnread(fay, 1);
        assertThat(fays.at("/notifications/0/type").asText()).isEqualTo("images_added");
        assertThat(fays.at("/notifications/0/images").asInt()).isEqualTo(2);
        assertThat(fays.at("/notifications/0/gallery").asText()).isEqualTo("followed");
        assertThat(fays.at("/notifications/0/actor/user_id").asText()).isEqualTo(ownerId);
        assertThat(waitForUnread(finn, 1).at("/notifications/0/type").asText()).isEqualTo("gallery_published");

        // A comment on the owner's gallery: the owner. The owner's reply: the commenter (the owner, the replier,
        // is not told of their own reply).
        String commentId = json(call("POST", "/v1/galleries/followed/comments", fay, "{\"text\":\"Lovely\"}"), 201)
                .path("id").asText();
        json(call("POST", "/v1/galleries/followed/comments", owner, "{\"text\":\"Thanks\",\"reply_to\":\""
                + commentId + "\"}"), 201);
        JsonNode owners = waitForUnread(owner, 1);
        assertThat(owners.at("/notifications/0/type").asText()).isEqualTo("comment");
        assertThat(owners.at("/notifications/0/comment_id").asText()).isEqualTo(commentId);
        fays = waitForUnread(fay, 2);
        assertThat(types(fays)).containsExactly("reply", "images_added");

        // Nobody got anything twice or anything not theirs (the events have all been fanned out by now: the
        // latest, the reply, has arrived).
        assertThat(json(call("GET", "/v1/me/notifications", owner, null), 200).path("notifications")).hasSize(1);
        assertThat(json(call("GET", "/v1/me/notifications", finn, null), 200).path("notifications")).hasSize(1);

        // Reading: one by id (again: nothing more), then all; the count stays exact.
        String first = fays.at("/notifications/0/id").asText();
        assertThat(json(call("POST", "/v1/me/notifications/read", fay, "{\"ids\":[\"" + first + "\"]}"), 200)
                .path("unread_count").asInt()).isEqualTo(1);
        JsonNode again = json(call("POST", "/v1/me/notifications/read", fay, "{\"ids\":[\"" + first + "\"]}"), 200);
        assertThat(again.path("marked").asInt()).isZero();
        // Read, it expires 30 days on (the galleries table's TTL); the unread one does not.
        String table = cloud.provisioned().tableName("GalleriesTable");
        String pk = "P#" + backend.project().projectId() + "#N#" + fayId;
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            Map<String, AttributeValue> read = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                    "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("N#" + first)))).item();
            assertThat(Long.parseLong(read.get("expires_at").n()) - java.time.Instant.now().getEpochSecond())
                    .isBetween(Duration.ofDays(29).toSeconds(), Duration.ofDays(30).toSeconds());
            String second = fays.at("/notifications/1/id").asText();
            Map<String, AttributeValue> unread = dynamo.getItem(g -> g.tableName(table).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("N#" + second)))).item();
            assertThat(unread).doesNotContainKey("expires_at");
        }
        assertThat(again.path("unread_count").asInt()).isEqualTo(1);
        assertThat(json(call("GET", "/v1/me/notifications?unread=true", fay, null), 200).path("notifications"))
                .hasSize(1);
        assertThat(json(call("POST", "/v1/me/notifications/read", fay, null), 200).path("unread_count").asInt())
                .isZero();
        JsonNode read = json(call("GET", "/v1/me/notifications?limit=1", fay, null), 200);
        assertThat(read.path("unread_count").asInt()).isZero();
        assertThat(read.at("/notifications/0/unread").asBoolean()).isFalse();
        String cursor = read.path("next_cursor").asText();
        assertThat(json(call("GET", "/v1/me/notifications?limit=1&cursor=" + cursor, fay, null), 200)
                .at("/notifications/0/type").asText()).isEqualTo("images_added");

        // Unfollowing, twice: nothing left, and the next images notify nobody new.
        assertThat(call("DELETE", "/v1/galleries/followed/subscription", fay, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/v1/galleries/followed/subscription", fay, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/v1/users/olive-s/subscription", finn, null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/v1/me/subscriptions", fay, null), 200).path("subscriptions")).isEmpty();
    }

    @Test
    void privateGalleriesAnonymousCallersAndOtherProjectsNamesAreRefused() throws Exception {
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"sub-hush\",\"security\":\"private\"}"));
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"sub-locked\",\"security\":\"password\","
                + "\"password\":\"open sesame\"}"));
        assertThat(json(call("PUT", "/v1/galleries/sub-hush/subscription", fay, null), 404).at("/error/code")
                .asText()).isEqualTo("not_exist");
        json(call("PUT", "/v1/galleries/sub-hush/subscription", owner, null), 200);
        assertThat(json(call("PUT", "/v1/galleries/sub-locked/subscription", fay, null), 401).at("/error/code")
                .asText()).isEqualTo("password_required");
        json(call("PUT", "/v1/galleries/sub-locked/subscription", fay, "{\"password\":\"open sesame\"}"), 200);
        assertThat(json(call("GET", "/v1/me/notifications", backend.token(), null), 401).at("/error/code").asText())
                .isEqualTo("sign_in_required");

        ProjectClient other = ProjectClient.newProject(cloud, "subscriptions elsewhere");
        String stranger = other.tokenFor("stranger-1", "stranger", Role.ADMIN);
        for (String[] route : new String[][] {{"PUT", "/v1/galleries/sub-locked/subscription"},
                {"DELETE", "/v1/galleries/sub-locked/subscription"}, {"PUT", "/v1/users/olive-s/subscription"},
                {"DELETE", "/v1/users/olive-s/subscription"}}) {
            HttpResponse<String> answer = HttpClients.send(other.baseUri(), route[0], route[1], stranger, null, null,
                    null);
            assertThat(answer.statusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
        }
    }

    @Test
    void aUserTheOwnerBlockedCanFollowNeitherTheOwnerNorTheirGalleriesUntilUnblocked() throws Exception {
        String bea = backend.tokenFor(register("bea-s"), "bea-s", Role.VIEWER);
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"sub-blocked\"}"));
        assertThat(call("PUT", "/v1/me/blocks/bea-s", owner, null).statusCode()).isBetween(200, 204);

        assertThat(json(call("PUT", "/v1/users/olive-s/subscription", bea, null), 403).at("/error/code").asText())
                .isEqualTo("blocked");
        assertThat(json(call("PUT", "/v1/galleries/sub-blocked/subscription", bea, null), 403).at("/error/code")
                .asText()).isEqualTo("blocked");
        assertThat(json(call("GET", "/v1/me/subscriptions", bea, null), 200).path("subscriptions")).isEmpty();

        assertThat(call("DELETE", "/v1/me/blocks/bea-s", owner, null).statusCode()).isEqualTo(204);
        json(call("PUT", "/v1/users/olive-s/subscription", bea, null), 200);
        json(call("PUT", "/v1/galleries/sub-blocked/subscription", bea, null), 200);
    }

    @Test
    void aFollowerTheOwnerBlocksLaterAndAReplierTheRepliedToBlocksAreNotNotified() throws Exception {
        // An owner of its own, so that the other tests' counts of the shared owner's notifications stay theirs.
        String ida = backend.tokenFor(register("ida-s"), "ida-s", Role.EDITOR);
        String gus = backend.tokenFor(register("gus-s"), "gus-s", Role.VIEWER);
        String hal = backend.tokenFor(register("hal-s"), "hal-s", Role.VIEWER);
        created(call("POST", "/v1/galleries", ida, "{\"name\":\"sub-later\",\"security\":\"unlisted\"}"));
        for (String follower : List.of(gus, hal)) {
            json(call("PUT", "/v1/galleries/sub-later/subscription", follower, null), 200);
        }
        // Blocked after following: the follow stays (for when the block is lifted), the notifications stop. Both
        // followers are on the fan-out's one page, so once Hal has it, Gus's turn has passed.
        assertThat(call("PUT", "/v1/me/blocks/gus-s", ida, null).statusCode()).isBetween(200, 204);
        json(call("POST", "/v1/galleries/sub-later/images", ida, "{\"image\":[\"sub-c\"]}"), 200);
        waitForUnread(hal, 1);
        assertThat(json(call("GET", "/v1/me/notifications", gus, null), 200).path("notifications")).isEmpty();

        assertThat(call("DELETE", "/v1/me/blocks/gus-s", ida, null).statusCode()).isEqualTo(204);
        json(call("POST", "/v1/galleries/sub-later/images", ida, "{\"image\":[\"sub-a\"]}"), 200);
        assertThat(waitForUnread(gus, 1).at("/notifications/0/type").asText()).isEqualTo("images_added");

        // Hal blocks Gus; Gus replies to Hal's comment: the gallery's owner is told, Hal is not.
        String halsComment = json(call("POST", "/v1/galleries/sub-later/comments", hal, "{\"text\":\"Nice\"}"), 201)
                .path("id").asText();
        assertThat(call("PUT", "/v1/me/blocks/gus-s", hal, null).statusCode()).isBetween(200, 204);
        String reply = json(call("POST", "/v1/galleries/sub-later/comments", gus, "{\"text\":\"Agreed\",\"reply_to\":\""
                + halsComment + "\"}"), 201).path("id").asText();
        Eventually.until(WAIT, "the owner told of the reply", () -> {
            try {
                JsonNode page = json(call("GET", "/v1/me/notifications?limit=100", ida, null), 200);
                return page.path("notifications").findValuesAsText("comment_id").contains(reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(types(json(call("GET", "/v1/me/notifications", hal, null), 200))).doesNotContain("reply");
    }

    @Test
    void fanOutReachesEveryFollowerOnceAcrossPagesAndRedeliveries() throws Exception {
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"crowded\",\"security\":\"unlisted\"}"));
        String project = backend.project().projectId();
        String table = cloud.provisioned().tableName("GalleriesTable");
        List<String> followers = new ArrayList<>();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            long added = Long.parseLong(dynamo.getItem(g -> g.tableName(table).key(Map.of(
                    "pk", AttributeValue.fromS("P#" + project + "#G#crowded"),
                    "sk", AttributeValue.fromS("GALLERY")))).item().get("added").n());
            // More followers than one fan-out message's page (500), written as the follow route writes them.
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 520; i++) {
                String id = String.format("crowd-%04d", i);
                followers.add(id);
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "pk", AttributeValue.fromS("P#" + project + "#FOL#G#crowded#" + added),
                        "sk", AttributeValue.fromS(id), "since", AttributeValue.fromS("2026-01-01T00:00:00Z")))
                        .build()).build());
            }
            for (int i = 0; i < writes.size(); i += 25) {
                List<WriteRequest> batch = writes.subList(i, Math.min(i + 25, writes.size()));
                dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
            }
            var before = dynamo.getItem(g -> g.tableName(table).key(Map.of(
                    "pk", AttributeValue.fromS("P#" + project + "#G#crowded"), "sk", AttributeValue.fromS("GALLERY"))))
                    .item();
            json(call("POST", "/v1/galleries/crowded/images", owner, "{\"image\":\"sub-c\"}"), 200);
            Eventually.until(WAIT, "every follower notified", () -> unread(dynamo, table, project,
                    followers.getLast()) == 1 && unread(dynamo, table, project, followers.getFirst()) == 1);
            var after = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                    "pk", AttributeValue.fromS("P#" + project + "#G#crowded"), "sk", AttributeValue.fromS("GALLERY"))))
                    .item();

            // The same fan-out message delivered again (first page and a later one), and the stream record replayed.
            String job = "{\"project_id\":\"" + project + "\",\"event_id\":\"images#crowded#" + added + "#"
                    + after.get("version").n() + "\",\"kind\":\"images_added\",\"at\":\"" + java.time.Instant
                    .ofEpochSecond(Long.parseLong(after.get("updated").n())) + "\",\"actor_id\":\"" + ownerId
                    + "\",\"gallery\":\"crowded\",\"gallery_added\":" + added
                    + ",\"images\":1,\"audience\":\"gallery_followers\"";
            String queueArn = cloud.provisioned().queueArn("NotificationQueue");
            for (String body : List.of(job + "}", job + "}", job + ",\"after\":\"crowd-0499\"}")) {
                assertThat(cloud.functions().invoke("NotificationFanOutFunction",
                        GeneratedEvents.sqs(queueArn, body, "us-east-1"))).contains("\"batchItemFailures\":[]");
            }
            String streamArn = cloud.provisioned().streamArn("GalleriesTable").orElseThrow();
            assertThat(cloud.functions().invoke("NotificationEventsFunction", GeneratedEvents.dynamoDbStream(
                    "MODIFY", Map.of("pk", after.get("pk"), "sk", after.get("sk")), after, before, streamArn,
                    "us-east-1"))).contains("\"batchItemFailures\":[]");
            waitForEmptyQueue();
            for (String follower : followers) {
                assertThat(unread(dynamo, table, project, follower)).as(follower).isEqualTo(1);
                assertThat(dynamo.query(q -> q.tableName(table).keyConditionExpression("pk = :pk AND begins_with(sk,"
                        + " :n)").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("P#" + project + "#N#"
                        + follower), ":n", AttributeValue.fromS("N#")))).count()).as(follower).isEqualTo(1);
            }
        }
    }

    @Test
    void aDailyDigestMailsWhatIsNewOnceWithAWorkingUnsubscribeLink() throws Exception {
        String danaId = json(backend.postJson("/v1/users", "{\"username\":\"dana-s\",\"display_name\":"
                + "\"Dana <b>\",\"email\":\"dana-s@example.com\"}"), 201).path("user_id").asText();
        String dana = backend.tokenFor(danaId, "dana-s", Role.VIEWER);
        created(call("POST", "/v1/galleries", owner, "{\"name\":\"digested\",\"security\":\"unlisted\"}"));
        json(call("PUT", "/v1/galleries/digested/subscription", dana, null), 200);
        assertThat(json(call("GET", "/v1/me/notification-settings", dana, null), 200).path("digest").asText())
                .isEqualTo("none");
        assertThat(json(call("PUT", "/v1/me/notification-settings", dana, "{\"digest\":\"daily\"}"), 200)
                .path("digest").asText()).isEqualTo("daily");
        assertThat(json(call("GET", "/v1/me/notification-settings", dana, null), 200).path("digest").asText())
                .isEqualTo("daily");
        assertThat(json(call("PUT", "/v1/me/notification-settings", dana, "{\"digest\":\"hourly\"}"), 400)
                .at("/error/param").asText()).isEqualTo("digest");
        json(call("POST", "/v1/galleries/digested/images", owner, "{\"image\":\"sub-a\"}"), 200);
        waitForUnread(dana, 1);

        // The schedule's run, now (the local cloud's invoke, as its rate would): one mail, text and escaped HTML.
        assertThat(cloud.functions().invoke("NotificationDigestFunction", "{\"frequency\":\"daily\"}"))
                .contains("\"mailed\":");
        List<LocalMailbox.Message> mail = cloud.cloud().mailbox().messagesTo("dana-s@example.com");
        assertThat(mail).hasSize(1);
        LocalMailbox.Message digest = mail.getFirst();
        assertThat(digest.subject()).isEqualTo("Your daily digest: 1 new notification");
        assertThat(digest.text()).contains("Hello Dana <b>,").contains("olive-s added 1 image to \"digested\"");
        assertThat(digest.html()).contains("Hello Dana &lt;b&gt;,").contains("added 1 image to &quot;digested&quot;")
                .doesNotContain("<b>");
        // Nothing new: no second mail; the weekly list does not hold her.
        cloud.functions().invoke("NotificationDigestFunction", "{\"frequency\":\"daily\"}");
        cloud.functions().invoke("NotificationDigestFunction", "{\"frequency\":\"weekly\"}");
        assertThat(cloud.cloud().mailbox().messagesTo("dana-s@example.com")).hasSize(1);

        // The link, from the mail as sent: once, and digests are off from then on.
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("(/v1/digest-unsubscribe/\\S+)")
                .matcher(digest.text());
        assertThat(link.find()).isTrue();
        assertThat(digest.html()).contains(link.group(1).replace("&", "&amp;"));
        assertThat(json(call("GET", link.group(1), null, null), 200).path("digest").asText()).isEqualTo("none");
        assertThat(json(call("GET", link.group(1), null, null), 400).at("/error/code").asText())
                .isEqualTo("invalid_token");
        json(call("POST", "/v1/galleries/digested/images", owner, "{\"image\":\"sub-b\"}"), 200);
        waitForUnread(dana, 2);
        cloud.functions().invoke("NotificationDigestFunction", "{\"frequency\":\"daily\"}");
        assertThat(cloud.cloud().mailbox().messagesTo("dana-s@example.com")).hasSize(1);
    }

    private static long unread(DynamoDbClient dynamo, String table, String project, String user) {
        var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("P#" + project + "#N#" + user), "sk", AttributeValue.fromS("UNREAD"))))
                .item();
        return item == null || !item.containsKey("unread") ? 0 : Long.parseLong(item.get("unread").n());
    }

    /** The replayed record's job and its pages have been consumed: nothing visible or in flight on the queue. */
    private static void waitForEmptyQueue() {
        try (SqsClient sqs = cloud.backend().sqs()) {
            String url = cloud.provisioned().queueUrl("NotificationQueue");
            Eventually.until(WAIT, "NotificationQueue drained", () -> {
                var attributes = sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                return attributes.values().stream().allMatch("0"::equals);
            });
        }
    }

    private static JsonNode waitForUnread(String token, int count) {
        return Eventually.value(WAIT, count + " unread notification(s)", () -> {
            try {
                JsonNode page = json(call("GET", "/v1/me/notifications", token, null), 200);
                return page.path("unread_count").asInt() >= count ? page : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.path("notifications").forEach(n -> types.add(n.path("type").asText()));
        return types;
    }

    private static String register(String username) throws Exception {
        return json(backend.postJson("/v1/users", "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.com\"}"), 201).path("user_id").asText();
    }

    private static void created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body)
            throws Exception {
        return HttpClients.send(backend.baseUri(), method, path, token, body == null ? null : "application/json",
                body, null);
    }
}
