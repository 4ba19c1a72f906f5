package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipInputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.SampleFolders;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import org.junit.jupiter.api.Test;

/**
 * The API over real HTTP, as a client sees it. Each back-end (the embedded emulators, LocalStack) runs the same
 * contract through a subclass that supplies the running cloud.
 */
abstract class EndToEndContract {
    private static final ObjectMapper JSON = ProjectClient.JSON;

    /** The back-end's cloud and a project of the test class's own on it. */
    protected abstract ProjectClient cloud();

    private URI base() {
        return cloud().baseUri();
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        return HttpClients.send(base(), "POST", path, token, "application/json", json, null);
    }

    private HttpResponse<String> get(String path, String token, String accept) throws Exception {
        return HttpClients.send(base(), "GET", path, token, null, null, accept);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void anonymousCreatorGetsAnOwnerTokenThatOnlyTheOwnerSeesAgain() throws Exception {
        String name = "trip-" + System.nanoTime();
        HttpResponse<String> created = post("/v1/galleries", cloud().token(),
                "{\"title\":\"Summer in Lisbon\",\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode gallery = json(created);
        String ownerToken = gallery.at("/uploader/token").asText();
        assertThat(ownerToken).matches("[0-9a-f]{32}");
        assertThat(gallery.path("name").asText()).isEqualTo(name);
        assertThat(gallery.path("server").asText()).isEqualTo(cloud().project().projectId());
        assertThat(gallery.at("/links/gallery_url").asText())
                .isEqualTo(base() + "/p/" + cloud().project().projectId() + "/g/" + name);

        JsonNode viewed = json(get("/v1/galleries/" + name, cloud().token(), null));
        assertThat(viewed.path("title").asText()).isEqualTo("Summer in Lisbon");
        assertThat(viewed.at("/uploader/token").isNull()).isTrue();

        JsonNode asOwner = json(get("/v1/galleries/" + name + "?token=" + ownerToken, cloud().token(), null));
        assertThat(asOwner.at("/uploader/token").asText()).isEqualTo(ownerToken);
        JsonNode wrongOwner = json(get("/v1/galleries/" + name + "?token=" + "f".repeat(32), cloud().token(), null));
        assertThat(wrongOwner.at("/uploader/token").isNull()).isTrue();
    }

    @Test
    void viewAnswersTheReferenceXmlWhenAskedFor() throws Exception {
        String name = "xml-" + System.nanoTime();
        assertThat(post("/v1/galleries", cloud().token(), "{\"title\":\"Birds\",\"name\":\"" + name + "\"}")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> xml = get("/v1/galleries/" + name, cloud().token(), "application/xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/xml"));
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.body().getBytes(StandardCharsets.UTF_8)));
        var xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/gallery/@version", document)).isEqualTo("2");
        assertThat(xpath.evaluate("/gallery/name", document)).isEqualTo(name);
        assertThat(xpath.evaluate("/gallery/title", document)).isEqualTo("Birds");
        assertThat(xpath.evaluate("/gallery/files/@total", document)).isEqualTo("0");
        assertThat(xpath.evaluate("/gallery/links/player_url", document)).endsWith("/g/" + name + "/player");
    }

    @Test
    void badParametersAnswer400WithTheirOwnCodeAndNothingIsStored() throws Exception {
        record Case(String body, String code, String param) {
        }
        for (Case c : List.of(
                new Case("{\"name\":\"../etc/passwd\"}", "bad_parameter_name", "name"),
                new Case("{\"name\":\"a b\"}", "bad_parameter_name", "name"),
                new Case("{\"title\":\"" + "t".repeat(201) + "\"}", "bad_parameter_title", "title"),
                new Case("{\"title\":\"bell\\u0007\"}", "bad_parameter_title", "title"),
                new Case("{\"token\":\"short\"}", "bad_parameter_token", "token"),
                new Case("{\"title\":", "malformed_json", null))) {
            HttpResponse<String> response = post("/v1/galleries", cloud().token(), c.body());
            assertThat(response.statusCode()).as(c.body()).isEqualTo(400);
            assertThat(json(response).at("/errors/0/code").asText()).as(c.body()).isEqualTo(c.code());
        }
        assertThat(get("/v1/galleries/a%20b", cloud().token(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void imagesThatAreNotInTheLibraryAreRefusedAndNothingIsStored() throws Exception {
        String name = "with-images-" + System.nanoTime();
        HttpResponse<String> response = post("/v1/galleries", cloud().token(),
                "{\"name\":\"" + name + "\",\"image\":[\"img123/4567/filename.jpg\"]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/errors/0/code").asText()).isEqualTo("bad_parameter_file");
        assertThat(get("/v1/galleries/" + name, cloud().token(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTakenNameGetsARandomSuffix() throws Exception {
        String name = "dup-" + System.nanoTime();
        assertThat(json(post("/v1/galleries", cloud().token(), "{\"name\":\"" + name + "\"}")).path("name").asText())
                .isEqualTo(name);
        String second = json(post("/v1/galleries", cloud().token(), "{\"name\":\"" + name + "\"}"))
                .path("name").asText();
        assertThat(second).startsWith(name + "_").matches(".*_[a-z0-9]{5}");
    }

    @Test
    void createsRacingForOneNameAllSucceedWithDifferentNames() throws Exception {
        String name = "race-" + System.nanoTime();
        int racers = 12;
        var start = new java.util.concurrent.CyclicBarrier(racers);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(racers)) {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return post("/v1/galleries", cloud().token(), "{\"name\":\"" + name + "\"}");
                }));
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (var answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).isEqualTo(201);
                names.add(json(response).path("name").asText());
            }
            assertThat(names).hasSize(racers).contains(name);
        }
    }

    @Test
    void aRegisteredUserOwnsItsGalleryWithoutAToken() throws Exception {
        String token = TokenIssuer.backendToken(cloud().project(), Clock.systemUTC(), "user-7", "Grace Hopper",
                Role.EDITOR);
        JsonNode created = json(HttpClients.send(base(), "POST", "/v1/galleries", token,
                "application/x-www-form-urlencoded", "title=Ships&token=ignored_because_registered", null));
        assertThat(created.at("/uploader/username").asText()).isEqualTo("Grace Hopper");
        assertThat(created.at("/uploader/token").isNull()).isTrue();
    }

    @Test
    void anotherProjectsGalleryIsNotFound() throws Exception {
        String name = "private-" + System.nanoTime();
        assertThat(post("/v1/galleries", cloud().token(), "{\"name\":\"" + name + "\"}").statusCode())
                .isEqualTo(201);
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "other", List.of());
        cloud().projects().create(other, Instant.now());
        String otherToken = TokenIssuer.backendToken(other, Clock.systemUTC(), null, null, null);

        HttpResponse<String> response = get("/v1/galleries/" + name, otherToken, null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).at("/errors/0/code").asText()).isEqualTo("not_exist");
    }

    @Test
    void badCredentialsAre401WithAClearCode() throws Exception {
        assertThat(json(get("/v1/galleries/x", null, null)).at("/errors/0/code").asText()).isEqualTo("missing_token");

        String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"jti\":\"" + cloud().project().publicKey()
                + "\",\"iat\":" + Instant.now().getEpochSecond() + "}") + ".";
        HttpResponse<String> unsigned = get("/v1/galleries/x", none, null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(json(unsigned).at("/errors/0/code").asText()).isEqualTo("unsupported_algorithm");

        Project stranger = new Project("p", "project_public_unknown", ProjectKeys.newSecretKey(), "x", List.of());
        HttpResponse<String> unknown = get("/v1/galleries/x",
                TokenIssuer.backendToken(stranger, Clock.systemUTC(), null, null, null), null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).at("/errors/0/code").asText()).isEqualTo("unknown_key");
    }

    @Test
    void aBrowserTokenFromThePublicKeyWorks() throws Exception {
        HttpResponse<String> auth = post("/v1/auth", null,
                "{\"public_key\":\"" + cloud().project().publicKey() + "\"}");
        assertThat(auth.statusCode()).isEqualTo(200);
        String browserToken = json(auth).path("token").asText();

        HttpResponse<String> created = post("/v1/galleries", browserToken, "{\"title\":\"From a browser\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("name").asText()).startsWith("from_a_browser");
    }

    @Test
    void theGatewayBehavesAsApiGatewayDoes() throws Exception {
        HttpResponse<String> unknownRoute = get("/v1/nothing-here", cloud().token(), null);
        assertThat(unknownRoute.statusCode()).isEqualTo(404);
        assertThat(json(unknownRoute).path("message").asText()).isEqualTo("Not Found");

        byte[] tooBig = new byte[10 * 1024 * 1024 + 1];
        HttpResponse<String> large = HttpClients.send(HttpRequest.newBuilder(base().resolve("/v1/galleries"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tooBig)).build());
        assertThat(large.statusCode()).isEqualTo(413);

        byte[] aboveLambda = new byte[7 * 1024 * 1024];
        HttpResponse<String> lambdaLimit = HttpClients.send(HttpRequest.newBuilder(base().resolve("/v1/galleries"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(aboveLambda)).build());
        assertThat(lambdaLimit.statusCode()).isEqualTo(413);

        HttpResponse<String> preflight = HttpClients.send(HttpRequest.newBuilder(base().resolve("/v1/galleries"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.test")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("*");
        assertThat(preflight.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");
    }

    @Test
    void aFolderFromCreationToDeletion() throws Exception {
        String token = cloud().token();
        HttpResponse<String> created = post("/v1/folders", token, "{\"name\":\"Journey " + System.nanoTime() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String folderId = json(created).path("id").asText();
        Set<String> seeded = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            seeded.add(SampleFolders.seedImage(cloud(), folderId, "journey-" + System.nanoTime(),
                    "photo-" + i + ".jpg", ("bytes of photo " + i).getBytes(StandardCharsets.UTF_8)).imageId());
        }

        // Paged, newest first, two at a time: every image once.
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(get("/v1/folders/" + folderId + "/images?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), token, null));
            page.path("images").forEach(image -> listed.add(image.path("id").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(listed).hasSize(5).containsExactlyInAnyOrderElementsOf(seeded);

        HttpResponse<String> export = post("/v1/folders/" + folderId + "/export", token, "");
        assertThat(export.statusCode()).isEqualTo(202);
        String exportId = json(export).path("export_id").asText();
        JsonNode ready = Eventually.value(Duration.ofMinutes(2), "export ready",
                () -> {
                    try {
                        JsonNode view = json(get("/v1/exports/" + exportId, token, null));
                        return view.path("status").asText().equals("ready") ? view : null;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
        URI download = URI.create(ready.path("download_url").asText());
        assertThat(download.getHost()).isIn("127.0.0.1", "localhost");
        HttpResponse<byte[]> zip = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(download).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactlyInAnyOrder("photo-0.jpg", "photo-1.jpg", "photo-2.jpg", "photo-3.jpg",
                "photo-4.jpg");

        assertThat(HttpClients.send(base(), "DELETE", "/v1/folders/" + folderId, token, null, null, null)
                .statusCode()).isEqualTo(409);
        HttpResponse<String> purge = HttpClients.send(base(), "DELETE", "/v1/folders/" + folderId + "/images", token,
                null, null, null);
        assertThat(purge.statusCode()).isEqualTo(202);
        assertThat(json(purge).path("image_count").asInt()).isEqualTo(5);
        Eventually.until(Duration.ofMinutes(2), "folder emptied", () -> {
            try {
                return json(get("/v1/folders/" + folderId, token, null)).path("image_count").asInt() == 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(HttpClients.send(base(), "DELETE", "/v1/folders/" + folderId, token, null, null, null)
                .statusCode()).isEqualTo(204);
        assertThat(get("/v1/folders/" + folderId, token, null).statusCode()).isEqualTo(404);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
