package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Project;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.gateway.HttpGateway;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS as the functions answer it on the local cloud (the HTTP API has no CorsConfiguration): the preflight lets an
 * origin send credentials only when some project lists it, and each answer reflects the origin with credentials only
 * when the caller's own project lists it; every other origin gets '*' without credentials, which is enough for a
 * Bearer token and never for a cookie. The origin index follows the project's changes and its deletion.
 */
@LoupeCloudTest
class CrossOriginTest {
    private static LoupeCloud cloud;

    @BeforeAll
    static void start(ProjectClient shared) {
        cloud = shared.cloud();
    }

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return HttpClients.sendBytes(cloud.baseUri(), method, path, null, json == null ? null : "application/json",
                json == null ? null : json.getBytes(), Map.of(HttpGateway.ADMIN_KEY_HEADER, cloud.cloud().adminKey()));
    }

    private static Project create(String origins) throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/projects",
                "{\"name\":\"Cors\",\"allowed_origins\":" + origins + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = ProjectClient.JSON.readTree(created.body());
        return new Project(body.path("project_id").asText(), body.path("public_key").asText(),
                body.path("secret_key").asText(), "Cors", List.of());
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        return HttpClients.sendBytes(cloud.baseUri(), "OPTIONS", "/v1/galleries", null, null, null,
                Map.of("Origin", origin, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "x-csrf-token, content-type"));
    }

    private static HttpResponse<String> call(Project project, String origin) throws Exception {
        String token = TokenIssuer.backendToken(project, Clock.systemUTC(), "cors-user", null, null);
        return HttpClients.sendBytes(cloud.baseUri(), "GET", "/v1/whoami", token, null, null,
                Map.of("Origin", origin));
    }

    private static String origin(String name) {
        return "https://" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
    }

    private static void assertCredentialed(HttpResponse<String> response, String origin) {
        assertThat(response.headers().firstValue("access-control-allow-origin")).as(origin).contains(origin);
        assertThat(response.headers().firstValue("access-control-allow-credentials")).as(origin).contains("true");
        assertThat(response.headers().allValues("vary").toString()).contains("Origin");
    }

    private static void assertAnyOriginWithoutCredentials(HttpResponse<String> response, String origin) {
        assertThat(response.headers().firstValue("access-control-allow-origin")).as(origin).contains("*");
        assertThat(response.headers().firstValue("access-control-allow-credentials")).as(origin).isEmpty();
    }

    @Test
    void aListedOriginMaySendCredentialsToItsOwnProjectOnlyAndOtherOriginsGetTheWildcard() throws Exception {
        String app = origin("app");
        String other = origin("other");
        String evil = origin("evil");
        Project project = create("[\"" + app + "\"]");
        Project neighbour = create("[\"" + other + "\"]");

        HttpResponse<String> listed = preflight(app);
        assertThat(listed.statusCode()).isEqualTo(204);
        assertCredentialed(listed, app);
        assertThat(listed.headers().firstValue("access-control-allow-headers").orElse(""))
                .contains("x-csrf-token", "authorization", "content-type");
        assertThat(listed.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST", "DELETE");
        assertThat(listed.headers().firstValue("access-control-max-age")).contains("600");
        HttpResponse<String> unlisted = preflight(evil);
        assertThat(unlisted.statusCode()).isEqualTo(204);
        assertAnyOriginWithoutCredentials(unlisted, evil);
        // The canonical form decides: the same origin spelt with its default port and capitals is listed too.
        assertCredentialed(preflight(app.replace("https://app", "HTTPS://APP") + ":443"),
                app.replace("https://app", "HTTPS://APP") + ":443");

        HttpResponse<String> own = call(project, app);
        assertThat(own.statusCode()).isEqualTo(200);
        assertCredentialed(own, app);
        assertThat(own.headers().firstValue("access-control-expose-headers").orElse("")).contains("x-ratelimit-limit");
        assertAnyOriginWithoutCredentials(call(project, evil), evil);
        // The neighbour's origin passes the preflight (a preflight names no project), but the answer to this
        // project's caller doesn't share credentials with it: the browser may not read a cookie call's answer.
        assertCredentialed(preflight(other), other);
        assertAnyOriginWithoutCredentials(call(project, other), other);
        assertCredentialed(call(neighbour, other), other);
        // An error answers with CORS headers too, so that a page can read why; a bad token names no project.
        HttpResponse<String> refused = HttpClients.sendBytes(cloud.baseUri(), "GET", "/v1/whoami", "not.a.token",
                null, null, Map.of("Origin", app));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertAnyOriginWithoutCredentials(refused, app);
        // Without Origin (not a cross-origin browser call) no CORS header at all.
        HttpResponse<String> plain = HttpClients.send(cloud.baseUri(), "GET", "/v1/whoami",
                TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null), null, null, null);
        assertThat(plain.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void theOriginIndexFollowsChangesAndDeletionsAndKeepsAnOriginTwoProjectsShare() throws Exception {
        String shared = origin("shared");
        String dropped = origin("dropped");
        Project first = create("[\"" + shared + "\",\"" + dropped + "\"]");
        Project second = create("[\"" + shared + "\"]");
        assertCredentialed(preflight(dropped), dropped);

        HttpResponse<String> changed = admin("PATCH", "/admin/projects/" + first.publicKey(),
                "{\"allowed_origins\":[\"" + shared + "\"]}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertAnyOriginWithoutCredentials(preflight(dropped), dropped);
        assertCredentialed(preflight(shared), shared);

        assertThat(admin("DELETE", "/admin/projects/" + first.publicKey(), null).statusCode()).isEqualTo(202);
        assertCredentialed(preflight(shared), shared);
        assertThat(admin("DELETE", "/admin/projects/" + second.publicKey(), null).statusCode()).isEqualTo(202);
        assertAnyOriginWithoutCredentials(preflight(shared), shared);
    }

    @Test
    void theOriginIndexIsNoProjectAndItsKeyVerifiesNoToken() throws Exception {
        String app = origin("index");
        create("[\"" + app + "\"]");
        Project forged = new Project("prjforged0000", "#origin#" + app, "x".repeat(64), "forged", List.of());
        HttpResponse<String> answer = HttpClients.send(cloud.baseUri(), "GET", "/v1/whoami",
                TokenIssuer.backendToken(forged, Clock.systemUTC(), null, null, null), null, null, null);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/projects/%23origin%23" + app.replace(":", "%3A").replace("/", "%2F"), null)
                .statusCode()).isIn(400, 404);
        HttpResponse<String> listed = admin("GET", "/admin/projects?limit=100", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain("#origin#");
    }
}
