package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gallery's life over HTTP through the local cloud: library images added, shown in order with thumbnails served
 * by S3 from presigned URLs, reordered, one removed (the image's usages let go of the gallery), listed, deleted; and
 * the same through the gallery API's single endpoint.
 */
@LoupeCloudTest
class GalleryEndToEndTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static ProjectClient cloud;
    private static String userToken;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
        userToken = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "e2e-user", "Eve", Role.EDITOR);
        for (String id : List.of("e2e-a", "e2e-b", "e2e-c")) {
            SampleLibrary.seedImage(cloud, id, id + ".jpg", Optional.empty());
        }
    }

    @Test
    void aGalleryOfLibraryImagesFromCreateToDelete() throws Exception {
        JsonNode created = ok(201, call("POST", "/v1/galleries", "{\"name\":\"walk\",\"title\":\"A walk\"}"));
        assertThat(created.at("/uploader/username").asText()).isEqualTo("Eve");
        assertThat(created.at("/uploader/token").isNull()).isTrue();

        JsonNode added = ok(200, call("POST", "/v1/galleries/walk/images", "{\"image\":[\"e2e-a\",\"e2e-b\"]}"));
        assertThat(buckets(added)).containsExactly("e2e-a", "e2e-b");
        ok(200, call("POST", "/v1/galleries/walk/images", "{\"image\":\"e2e-c\"}"));

        JsonNode viewed = ok(200, call("GET", "/v1/galleries/walk", null));
        assertThat(viewed.at("/files/total").asInt()).isEqualTo(3);
        assertThat(buckets(viewed)).containsExactly("e2e-a", "e2e-b", "e2e-c");
        JsonNode first = viewed.at("/files/file/0");
        assertThat(first.path("name").asText()).isEqualTo("e2e-a.jpg");
        assertThat(first.path("server").asText()).isEqualTo(cloud.project().projectId());
        assertThat(first.path("thumbnail").asBoolean()).isTrue();
        assertThat(first.path("width").asInt()).isEqualTo(1);
        // The bytes come from S3 by presigned URL, never through the API.
        byte[] thumbnail = get(URI.create(first.path("thumbnail_url").asText()));
        assertThat(thumbnail).startsWith((byte) 0xff, (byte) 0xd8);
        assertThat(get(URI.create(first.path("image_url").asText()))).isEqualTo(thumbnail);
        assertThat(galleriesUsing("e2e-b")).containsExactly("walk");

        JsonNode reordered = ok(200, call("PATCH", "/v1/galleries/walk", "{\"order\":[\"e2e-c\",\"e2e-a\"]}"));
        assertThat(buckets(reordered)).containsExactly("e2e-c", "e2e-a", "e2e-b");

        JsonNode removed = ok(200, call("DELETE", "/v1/galleries/walk/images/e2e-a", null));
        assertThat(buckets(removed)).containsExactly("e2e-c", "e2e-b");
        assertThat(galleriesUsing("e2e-a")).isEmpty();
        assertThat(galleriesUsing("e2e-c")).containsExactly("walk");

        ok(201, call("POST", "/v1/galleries", "{\"name\":\"second\"}"));
        JsonNode list = ok(200, call("GET", "/v1/galleries?limit=1", null));
        assertThat(list.at("/count/total").asInt()).isEqualTo(2);
        assertThat(list.at("/count/batch").asInt()).isEqualTo(1);
        JsonNode next = ok(200, call("GET", "/v1/galleries?start=1&limit=1&user=e2e-user", null));
        assertThat(next.at("/gallery/0/name").asText()).isNotEqualTo(list.at("/gallery/0/name").asText());

        var deleted = HttpClients.send(cloud.baseUri(), "DELETE", "/v1/galleries/walk", userToken, null, null,
                "application/xml");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("<gallery version=\"1.0\"/>");
        assertThat(galleriesUsing("e2e-b")).isEmpty();
        assertThat(galleriesUsing("e2e-c")).isEmpty();
        var gone = call("GET", "/v1/galleries/walk", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).at("/errors/0/code").asText()).isEqualTo("not_exist");
    }

    @Test
    void theReferenceEndpointWithAnAnonymousOwnerToken() throws Exception {
        String token = "my-software-token-0123456789";
        var created = endpoint("action=create&name=anon&title=Anon&image[]=" + cloud.project().projectId()
                + "/e2e-b/e2e-b.jpg;1;1;y&token=" + token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("<token>" + token + "</token>").contains("<files total=\"1\">");

        var refused = endpoint("action=add&g=anon&image=e2e-c");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("<error code=\"authentication_failed_add_image\">");
        var wrong = endpoint("action=add&g=anon&image=e2e-c&token=someone-elses-token-0000");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("code=\"not_owner_add_image\"");

        var added = endpoint("action=add&g=anon&image=e2e-c&token=" + token);
        assertThat(added.body()).contains("<files total=\"2\">");
        var viewed = endpoint("g=anon");
        assertThat(viewed.body()).contains("<bucket>e2e-b</bucket>").doesNotContain(token);
        var removed = endpoint("action=delete_image&g=anon&image=e2e-b&token=" + token);
        assertThat(removed.body()).contains("<files total=\"1\">");
        var deleted = endpoint("action=delete&g=anon&token=" + token);
        assertThat(deleted.body()).contains("<gallery version=\"1.0\"/>");
        assertThat(endpoint("g=anon").body()).contains("code=\"not_exist\"");
    }

    @Test
    void slideshowSettingsSecurityAndTheNewestOverHttp() throws Exception {
        JsonNode created = ok(201, call("POST", "/v1/galleries", """
                {"name": "shore", "title": "The shore", "image": ["e2e-a", "e2e-b"], "description": "Two walks",
                 "security": "password", "password": "tide tables", "cover": "e2e-b",
                 "captions": {"e2e-a": "Morning", "e2e-b": "Evening"},
                 "player_interval": 4, "player_transition": "slide", "player_loop": false, "player_theme": "light"}
                """));
        assertThat(created.path("description").asText()).isEqualTo("Two walks");
        assertThat(created.path("security").asText()).isEqualTo("password");
        assertThat(created.path("cover").asText()).isEqualTo("e2e-b");
        assertThat(created.at("/player/interval").asInt()).isEqualTo(4);
        assertThat(created.at("/player/transition").asText()).isEqualTo("slide");
        assertThat(created.at("/player/loop").asBoolean()).isFalse();
        assertThat(created.at("/files/file/1/caption").asText()).isEqualTo("Evening");
        // The owner's links carry a view token; the password itself is never echoed.
        assertThat(created.at("/links/gallery_url").asText()).contains("?vt=");
        assertThat(created.toString()).doesNotContain("tide tables");

        // Another user of the same project: the password opens it, and the links then carry a view token.
        String visitor = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "visitor", "Vi", Role.VIEWER);
        var locked = HttpClients.send(cloud.baseUri(), "GET", "/v1/galleries/shore", visitor, null, null, null);
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(locked.body()).at("/errors/0/code").asText()).isEqualTo("password_required");
        var wrong = HttpClients.send(cloud.baseUri(), "GET", "/v1/galleries/shore?password=guess", visitor, null,
                null, null);
        assertThat(wrong.statusCode()).isEqualTo(403);
        var opened = HttpClients.send(cloud.baseUri(), "GET", "/v1/galleries/shore?password=tide%20tables", visitor,
                null, null, null);
        JsonNode openedJson = ok(200, opened);
        assertThat(openedJson.at("/files/total").asInt()).isEqualTo(2);
        assertThat(openedJson.at("/links/player_url").asText()).contains("/player?vt=");
        assertThat(openedJson.at("/links/embed_code").asText()).startsWith("<div ").contains("<iframe src=")
                .contains("embed=1");

        // The gallery API's endpoint takes the same settings as a form, with PHP-style caption keys; XML shows them.
        var edited = HttpClients.send(cloud.baseUri(), "POST", "/gallery_api.php", userToken,
                "application/x-www-form-urlencoded",
                "action=edit&g=shore&security=public&caption%5Be2e-a%5D=Dawn&player_interval=6", "application/xml");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(edited.body()).contains("<security>public</security>").contains("<caption>Dawn</caption>")
                .contains("<interval>6</interval>").contains("<description>Two walks</description>");
        var bad = call("PATCH", "/v1/galleries/shore", "{\"player_transition\": \"spin\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).at("/errors/0/code").asText()).isEqualTo("bad_parameter_player_transition");

        // Public now: in the newest, paged by cursor; a private one never is.
        ok(201, call("POST", "/v1/galleries", "{\"name\": \"hidden\", \"security\": \"private\"}"));
        List<String> newest = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(200, call("GET", "/v1/public/galleries?limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor), null));
            page.path("gallery").forEach(g -> newest.add(g.path("name").asText()));
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        assertThat(newest).contains("shore").doesNotContain("hidden").doesNotHaveDuplicates();
        var forged = call("GET", "/v1/public/galleries?cursor=bm90LWEtY3Vyc29y", null);
        assertThat(forged.statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> endpoint(String form) throws Exception {
        // The gallery API's clients post forms and know nothing of Accept.
        return HttpClients.send(cloud.baseUri(), "POST", "/gallery_api.php", cloud.token(),
                "application/x-www-form-urlencoded", form.replace("[]", "%5B%5D").replace(";", "%3B"), null);
    }

    private static List<String> galleriesUsing(String imageId) throws Exception {
        JsonNode image = ok(200, call("GET", "/v1/images/" + imageId, null));
        List<String> refs = new ArrayList<>();
        image.path("usages").forEach(u -> {
            if (u.path("feature").asText().equals("gallery")) {
                refs.add(u.path("ref").asText());
            }
        });
        return refs;
    }

    private static List<String> buckets(JsonNode gallery) {
        List<String> ids = new ArrayList<>();
        gallery.at("/files/file").forEach(f -> ids.add(f.path("bucket").asText()));
        return ids;
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return HttpClients.send(cloud.baseUri(), method, path, userToken, body == null ? null : "application/json",
                body, null);
    }

    private static JsonNode ok(int status, HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static byte[] get(URI url) throws Exception {
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        var response = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
