package dev.loupe.local.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./loupe invoke}, {@code generate-event}, {@code token} and {@code project} as their command lines run them
 * (LoupeTools, what the script starts), against the shared local cloud found as {@code ./loupe run} leaves it: its
 * address and admin key in the data folder, with the local project's keys.
 */
@LoupeCloudTest
class LocalToolsTest {
    @TempDir
    static Path dataDir;
    private static ProjectClient cloud;

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return ProjectClient.JSON.readTree(out);
        }
    }

    @BeforeAll
    static void pretendLoupeRunStartedIt(ProjectClient shared) throws Exception {
        cloud = shared;
        write(dataDir.resolve(LocalCloud.ENDPOINT_FILE), "url", cloud.baseUri().toString(), "admin_key",
                cloud.cloud().cloud().adminKey());
        write(dataDir.resolve("project.properties"), "project_id", cloud.project().projectId(), "public_key",
                cloud.project().publicKey(), "secret_key", cloud.project().secretKey());
    }

    private static void write(Path file, String... pairs) throws Exception {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, null);
        }
    }

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString(),
                "--root", LoupeRoot.path().toString()));
        all.addAll(List.of(args));
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = LoupeTools.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tokenSignsAFreshTokenThatTheApiAccepts() throws Exception {
        Run token = run("token", "--sub", "user-7", "--role", "editor");
        assertThat(token.exitCode()).as(token.err()).isZero();
        var created = HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", token.out(), "application/json",
                "{\"name\":\"from-the-token-tool\"}", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        assertThat(run("token", "--browser", "--sub", "x").exitCode()).isEqualTo(2);
        assertThat(run("token", "--role", "king").err()).contains("admin, editor or viewer");
        assertThat(run("token", "--project", "project_public_unknown").err()).contains("no keys of project");
    }

    @Test
    void generateEventShapesEventsForLoupesRoutesKeysQueuesAndTables() throws Exception {
        JsonNode http = run("generate-event", "http", "--method", "GET", "--path", "/v1/galleries/lisbon").json();
        assertThat(http.path("routeKey").asText()).isEqualTo("GET /v1/galleries/{name}");
        assertThat(http.at("/pathParameters/name").asText()).isEqualTo("lisbon");
        assertThat(http.at("/headers/authorization").asText()).isEqualTo("Bearer ${LOUPE_TOKEN}");

        JsonNode created = run("generate-event", "s3-eventbridge", "--key",
                "originals/${LOUPE_PROJECT_ID}/sample-image/a b+c.jpg").json();
        assertThat(created.path("source").asText()).isEqualTo("aws.s3");
        assertThat(created.path("detail-type").asText()).isEqualTo("Object Created");
        assertThat(created.at("/detail/bucket/name").asText()).isEqualTo(cloud.provisioned().bucketName("ImageBucket"));
        assertThat(created.at("/resources/0").asText())
                .isEqualTo("arn:aws:s3:::" + cloud.provisioned().bucketName("ImageBucket"));
        // EventBridge carries the key as stored, not URL-encoded as bucket notifications do.
        assertThat(created.at("/detail/object/key").asText())
                .isEqualTo("originals/${LOUPE_PROJECT_ID}/sample-image/a b+c.jpg");
        assertThat(created.at("/detail/object/size").asLong()).isEqualTo(1024);
        assertThat(created.at("/detail/reason").asText()).isEqualTo("PutObject");
        JsonNode deleted = run("generate-event", "s3-eventbridge", "--detail-type", "Object Deleted").json();
        assertThat(deleted.path("detail-type").asText()).isEqualTo("Object Deleted");
        assertThat(deleted.at("/detail/reason").asText()).isEqualTo("DeleteObject");
        assertThat(run("generate-event", "s3-eventbridge", "--detail-type", "Object Restored").err())
                .contains("Object Created").contains("Object Deleted");

        JsonNode sqs = run("generate-event", "sqs", "--queue", "FolderPurgeQueue", "--body", "{\"a\":1}").json();
        assertThat(sqs.at("/Records/0/eventSourceARN").asText()).endsWith(":FolderPurgeQueue");
        assertThat(sqs.at("/Records/0/body").asText()).isEqualTo("{\"a\":1}");

        JsonNode stream = run("generate-event", "dynamodb-stream", "--table", "GalleriesTable", "--event", "REMOVE",
                "--keys", "{\"pk\":\"P#${LOUPE_PROJECT_ID}#G#lisbon\",\"sk\":\"G\"}").json();
        assertThat(stream.at("/Records/0/eventName").asText()).isEqualTo("REMOVE");
        assertThat(stream.at("/Records/0/dynamodb/Keys/pk/S").asText()).isEqualTo("P#${LOUPE_PROJECT_ID}#G#lisbon");
        assertThat(stream.at("/Records/0/dynamodb/NewImage").isMissingNode()).isTrue();

        assertThat(run("generate-event", "sqs", "--queue", "NoSuchQueue").exitCode()).isEqualTo(2);
        assertThat(run("generate-event", "http", "--path", "/nowhere").exitCode()).isEqualTo(2);
    }

    @Test
    void invokeSendsTheFilledSampleEventThroughTheRunningCloudAndPrintsTheRawAnswer() throws Exception {
        Run sample = run("invoke", "AuthCreateTokenFunction");
        assertThat(sample.exitCode()).as(sample.err()).isZero();
        assertThat(sample.json().path("statusCode").asInt()).isEqualTo(200);
        assertThat(ProjectClient.JSON.readTree(sample.json().path("body").asText()).path("token").asText())
                .startsWith("eyJ");

        // An event of generate-event's, from a file, its placeholder filled from the local project.
        Path event = dataDir.resolve("view.json");
        Files.writeString(event, run("generate-event", "http", "--path", "/v1/galleries/from-the-token-tool-none")
                .out());
        Run view = run("invoke", "GalleryViewFunction", "-e", event.toString());
        assertThat(view.json().path("statusCode").asInt()).as(view.out()).isEqualTo(404);

        assertThat(run("invoke", "NoSuchFunction").exitCode()).isEqualTo(2);
    }

    @Test
    void projectCommandsAdministerProjectsAndKeepTheKeysForTheTokenTool() throws Exception {
        Run created = run("project", "create", "--name", "Tools", "--origin", "https://tools.example");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String publicKey = created.json().path("public_key").asText();
        assertThat(created.json().path("secret_key").asText()).startsWith("secret_key_");

        Run token = run("token", "--project", publicKey);
        assertThat(token.exitCode()).as(token.err()).isZero();
        assertThat(HttpClients.send(cloud.baseUri(), "GET", "/v1/folders", token.out(), null, null, null)
                .statusCode()).isEqualTo(200);

        assertThat(run("project", "list").out()).contains(publicKey);
        assertThat(run("project", "get", publicKey).json().at("/allowed_origins/0").asText())
                .isEqualTo("https://tools.example");
        JsonNode set = run("project", "set", publicKey, "--no-origins", "--rate-limit", "100", "--monthly-files", "40")
                .json();
        assertThat(set.path("rate_limit").asInt()).isEqualTo(100);
        assertThat(set.path("monthly_files").asInt()).isEqualTo(40);

        Run rotated = run("project", "rotate", publicKey, "--grace-seconds", "60");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        Run fresh = run("token", "--project", publicKey);
        assertThat(HttpClients.send(cloud.baseUri(), "GET", "/v1/folders", fresh.out(), null, null, null)
                .statusCode()).as("signed with the rotated key the tool kept: %s", fresh.out()).isEqualTo(200);

        assertThat(run("project", "delete", publicKey).exitCode()).isZero();
        Run gone = run("project", "get", publicKey);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.json().at("/error/code").asText()).isEqualTo("project_not_found");
        assertThat(run("token", "--project", publicKey).exitCode()).isEqualTo(1);
    }
}
