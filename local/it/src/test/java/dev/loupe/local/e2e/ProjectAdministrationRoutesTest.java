package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.gateway.HttpGateway;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The project administration's routes on the local cloud, as an operator calls them (the admin key standing in for a
 * SigV4 signature): refused without it, then create, use, rotate with a grace period, change and delete a project,
 * whose data the purge queue then deletes; and that every item a project writes carries its id, the key of the index
 * the purge reads (no writer forgets it), so that nothing of a deleted project is left.
 */
@LoupeCloudTest
class ProjectAdministrationRoutesTest {
    private static LoupeCloud cloud;

    @BeforeAll
    static void start(ProjectClient shared) {
        cloud = shared.cloud();
    }

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return HttpClients.sendBytes(cloud.baseUri(), method, path, null, json == null ? null : "application/json",
                json == null ? null : json.getBytes(), Map.of(HttpGateway.ADMIN_KEY_HEADER, cloud.cloud().adminKey()));
    }

    private static int galleryCall(String token, String name) throws Exception {
        return HttpClients.send(cloud.baseUri(), "GET", "/v1/galleries/" + name, token, null, null, null)
                .statusCode();
    }

    @Test
    void withoutTheAdminKeyTheRoutesAnswer403AsTheIamAuthorizerWould() throws Exception {
        var plain = HttpClients.send(cloud.baseUri(), "GET", "/admin/projects", null, null, null, null);
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(plain.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        var wrong = HttpClients.sendBytes(cloud.baseUri(), "POST", "/admin/projects", null, "application/json",
                "{}".getBytes(), Map.of(HttpGateway.ADMIN_KEY_HEADER, "local_admin_guessed"));
        assertThat(wrong.statusCode()).isEqualTo(403);
    }

    @Test
    void aProjectIsCreatedUsedRotatedChangedAndDeletedWithAllItsData() throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/projects",
                "{\"name\":\"Acme\",\"allowed_origins\":[\"https://app.acme.example\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = ProjectClient.JSON.readTree(created.body());
        Project project = new Project(body.path("project_id").asText(), body.path("public_key").asText(),
                body.path("secret_key").asText(), "Acme", List.of());
        assertThat(body.path("allowed_origins").get(0).asText()).isEqualTo("https://app.acme.example");

        // Its data: a gallery, a folder, an object under its originals.
        String oldToken = TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
        assertThat(HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", oldToken, "application/json",
                "{\"name\":\"doomed\",\"title\":\"Doomed\"}", null).statusCode()).isEqualTo(201);
        assertThat(HttpClients.send(cloud.baseUri(), "POST", "/v1/folders", oldToken, "application/json",
                "{\"name\":\"Doomed\"}", null).statusCode()).isEqualTo(201);
        assertThat(HttpClients.send(cloud.baseUri(), "POST", "/v1/users", oldToken, "application/json",
                "{\"username\":\"doomed\",\"display_name\":\"Doomed\",\"email\":\"doomed@example.com\"}", null)
                .statusCode()).isEqualTo(201);
        String bucket = cloud.provisioned().bucketName("ImageBucket");
        String objectKey = "originals/" + project.projectId() + "/img/photo.jpg";
        try (var s3 = cloud.backend().s3()) {
            s3.putObject(r -> r.bucket(bucket).key(objectKey), RequestBody.fromString("bytes"));
        }

        // Listed and viewed without its secret key.
        HttpResponse<String> listed = admin("GET", "/admin/projects?limit=100", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(project.secretKey());
        assertThat(everyListedProject()).contains(project.publicKey());
        assertThat(admin("GET", "/admin/projects?cursor=not%20a%20cursor", null).statusCode()).isEqualTo(400);
        HttpResponse<String> viewed = admin("GET", "/admin/projects/" + project.publicKey(), null);
        assertThat(ProjectClient.JSON.readTree(viewed.body()).path("secret_key").isNull()).isTrue();

        // Rotated with a grace period: old and new keys both verify; with none, only the newest.
        HttpResponse<String> rotated = admin("POST", "/admin/projects/" + project.publicKey()
                + "/rotate?grace_seconds=600", null);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode second = ProjectClient.JSON.readTree(rotated.body());
        assertThat(second.path("previous_key_valid_until").asText()).isNotEmpty();
        Project rotatedProject = new Project(project.projectId(), project.publicKey(),
                second.path("secret_key").asText(), "Acme", List.of());
        String newToken = TokenIssuer.backendToken(rotatedProject, Clock.systemUTC(), null, null, null);
        assertThat(galleryCall(oldToken, "doomed")).as("the old key in its grace period").isEqualTo(200);
        Eventually.until(Duration.ofSeconds(15), "the new key verifies",
                () -> uncheckedGalleryCall(newToken) == 200);

        HttpResponse<String> again = admin("POST", "/admin/projects/" + project.publicKey()
                + "/rotate?grace_seconds=0", null);
        assertThat(again.statusCode()).isEqualTo(200);
        // A warm function may hold the project as it was (the first key in its grace period) for up to its cache's
        // PROJECT_CACHE_SECONDS: 60 on AWS, 5 in the tests' shared cloud (SharedLoupeCloud); the wait allows for both.
        Eventually.until(Duration.ofSeconds(75), "the first key no longer verifies",
                () -> uncheckedGalleryCall(oldToken) == 401);

        // Changed: its own rate limit and monthly file allowance, no origin filter any more.
        HttpResponse<String> changed = admin("PATCH", "/admin/projects/" + project.publicKey(),
                "{\"rate_limit\":600,\"allowed_origins\":[],\"self_signup\":true,\"monthly_files\":40}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(ProjectClient.JSON.readTree(changed.body()).path("rate_limit").asInt()).isEqualTo(600);
        assertThat(ProjectClient.JSON.readTree(changed.body()).path("monthly_files").asInt()).isEqualTo(40);
        assertThat(admin("PATCH", "/admin/projects/" + project.publicKey(), "{\"monthly_files\":-1}")
                .statusCode()).isEqualTo(400);
        assertThat(ProjectClient.JSON.readTree(changed.body()).path("allowed_origins")).isEmpty();
        assertThat(ProjectClient.JSON.readTree(changed.body()).path("self_signup").asBoolean()).isTrue();
        assertThat(ProjectClient.JSON.readTree(changed.body()).path("require_verified_email").asBoolean()).isFalse();
        assertThat(admin("PATCH", "/admin/projects/" + project.publicKey(), "{\"self_signup\":\"yes\"}")
                .statusCode()).isEqualTo(400);
        assertThat(admin("PATCH", "/admin/projects/" + project.publicKey(), "{\"allowed_ip_ranges\":[\"nope\"]}")
                .statusCode()).isEqualTo(400);

        // Deleted: 202, the project is gone, and the purge takes its items and objects.
        HttpResponse<String> deleted = admin("DELETE", "/admin/projects/" + project.publicKey(), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        assertThat(admin("GET", "/admin/projects/" + project.publicKey(), null).statusCode()).isEqualTo(404);
        String prefix = "P#" + project.projectId() + "#";
        Eventually.until(Duration.ofSeconds(60), "the project's items and objects purged", () -> {
            try (var dynamo = cloud.backend().dynamoDb(); var s3 = cloud.backend().s3()) {
                for (String table : PROJECT_TABLES) {
                    var left = dynamo.scan(r -> r.tableName(cloud.provisioned().tableName(table))
                            .filterExpression("begins_with(pk, :p)")
                            .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix)))).count();
                    if (left > 0) return false;
                }
                return s3.listObjectsV2(r -> r.bucket(bucket).prefix("originals/" + project.projectId() + "/"))
                        .contents().isEmpty();
            }
        });
    }

    /** Every project the list shows, page by page (3 at a time: the cursor is used): each once. */
    private static List<String> everyListedProject() throws Exception {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = admin("GET", "/admin/projects?limit=3"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = ProjectClient.JSON.readTree(page.body());
            body.path("projects").forEach(p -> keys.add(p.path("public_key").asText()));
            cursor = body.path("next_cursor").isTextual() ? body.path("next_cursor").asText() : null;
        } while (cursor != null);
        assertThat(keys).doesNotHaveDuplicates();
        return keys;
    }

    @Test
    void everyItemAProjectWritesCarriesItsIdAndThePurgeLeavesNone() throws Exception {
        // A project with a rate limit of its own (its counters are items too), and one of each kind of item: a
        // gallery (and its word index, which a stream writes), a pending upload (an image, its expiry marker, the
        // counts), a folder and its export, a task, a user with a session, a comment (and its gallery's counter), a
        // report of it and an owner's block of a user.
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "Everything", List.of()).withRateLimit(1000, 60);
        cloud.projects().create(project, Instant.now());
        String token = TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
        expect(201, "POST", "/v1/galleries", token, "{\"name\":\"harbour\",\"title\":\"Harbour lights\"}");
        expect(201, "POST", "/v1/uploads/url", token, "{\"file_name\":\"a.png\",\"size\":10,\"md5\":\""
                + "a".repeat(32) + "\",\"content_type\":\"image/png\"}");
        String folder = expect(201, "POST", "/v1/folders", token, "{\"name\":\"Trip\"}").path("id").asText();
        String export = expect(202, "POST", "/v1/folders/" + folder + "/export", token, null)
                .path("export_id").asText();
        expect(200, "GET", "/v1/start/resizeimage", token, null);
        expect(201, "POST", "/v1/users", token, "{\"username\":\"everything\",\"email\":\"all@example.com\","
                + "\"password\":\"correct horse battery staple\"}");
        expect(201, "POST", "/v1/sessions", token,
                "{\"username\":\"everything\",\"password\":\"correct horse battery staple\"}");
        String galleryOwner = TokenIssuer.backendToken(project, Clock.systemUTC(), "owner-1", "owner", Role.EDITOR);
        String reader = TokenIssuer.backendToken(project, Clock.systemUTC(), "reader-1", "reader", Role.VIEWER);
        expect(201, "POST", "/v1/galleries", galleryOwner, "{\"name\":\"pier\"}");
        String comment = expect(201, "POST", "/v1/galleries/pier/comments", reader, "{\"text\":\"Nice\"}")
                .path("id").asText();
        expect(201, "POST", "/v1/comments/" + comment + "/reports", galleryOwner, "{\"reason\":\"test\"}");
        expect(200, "PUT", "/v1/galleries/pier/blocks/someone-1", galleryOwner, null);
        String prefix = "P#" + project.projectId() + "#";
        for (String kind : List.of("#C#", "#CR", "#GB#")) {
            assertThat(projectItems("GalleriesTable", prefix)).as("a " + kind + " item").anyMatch(k -> k.contains(kind));
        }
        // What the queue and stream workers write comes before the delete (what they write after it is the purge's
        // second pass's, 90 s later).
        Eventually.until(Duration.ofSeconds(30), "the gallery's word index written",
                () -> projectItems("GalleriesTable", prefix).stream().anyMatch(pk -> pk.contains("#GW#")));
        Eventually.until(Duration.ofSeconds(60), "the export finished", () -> {
            String status = expect(200, "GET", "/v1/exports/" + export, token, null).path("status").asText();
            return status.equals("ready") || status.equals("failed");
        });

        try (var dynamo = cloud.backend().dynamoDb()) {
            for (String table : PROJECT_TABLES) {
                assertThat(projectItems(table, prefix)).as("the project's items in " + table).isNotEmpty();
                // Every project's items, not only this one's: whatever wrote them, none escapes the purge's index.
                List<String> untagged = new ArrayList<>();
                scan(dynamo, table).forEach(item -> {
                    String pk = item.get("pk").s();
                    if (pk.startsWith("P#")) {
                        String owner = pk.substring(2, pk.indexOf('#', 2));
                        AttributeValue tag = item.get("project_id");
                        if (tag == null || !owner.equals(tag.s())) {
                            untagged.add(pk + (item.containsKey("sk") ? " " + item.get("sk").s() : ""));
                        }
                    }
                });
                assertThat(untagged).as("items in " + table + " without their project's project_id").isEmpty();
            }
        }

        assertThat(admin("DELETE", "/admin/projects/" + project.publicKey(), null).statusCode()).isEqualTo(202);
        Eventually.until(Duration.ofSeconds(60), "every item of the project purged", () -> {
            for (String table : PROJECT_TABLES) {
                if (!projectItems(table, prefix).isEmpty()) return false;
            }
            return true;
        });
    }

    /** The tables whose items a project's purge deletes (functions/admin AdminWiring). */
    private static final List<String> PROJECT_TABLES = List.of("GalleriesTable", "ImagesTable", "TasksTable",
            "RateLimitsTable", "UsersTable", "SessionsTable");

    /** The body of a call that must answer {@code status}, as JSON. */
    private static JsonNode expect(int status, String method, String path, String token, String json) {
        try {
            HttpResponse<String> response = HttpClients.send(cloud.baseUri(), method, path, token,
                    json == null ? null : "application/json", json, null);
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
            return ProjectClient.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A whole table, page by page (a test may scan; the functions never do). */
    private static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamo, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(cloud.provisioned().tableName(table))).items().forEach(items::add);
        return items;
    }

    /** The partition keys (and sort keys) of a table's items that begin with {@code prefix}. */
    private static List<String> projectItems(String table, String prefix) {
        try (var dynamo = cloud.backend().dynamoDb()) {
            return scan(dynamo, table).stream().map(item -> item.get("pk").s()
                            + (item.containsKey("sk") ? " " + item.get("sk").s() : ""))
                    .filter(pk -> pk.startsWith(prefix)).toList();
        }
    }

    private static int uncheckedGalleryCall(String token) {
        try {
            return galleryCall(token, "doomed");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
