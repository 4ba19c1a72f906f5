package dev.loupe.local.robust;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.auth.limits.FailureCounts;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleFolders;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access inside a project, as the outside probe found it (issue 13, section 1): browser and viewer tokens may not
 * enumerate the library through the folder routes, image details show them no usages, and gallery passwords can't
 * be guessed at full speed.
 */
@LoupeCloudTest
class LibraryAccessTest {
    private static ProjectClient cloud;
    private static String browser;
    private static String viewer;

    @BeforeAll
    static void seed(ProjectClient shared) throws Exception {
        cloud = shared;
        SampleFolders.seedFolder(cloud, "shown-folder", "Shown");
        SampleLibrary.seedImage(cloud, "only-private", "secret.jpg", Optional.of("shown-folder"));
        SampleLibrary.seedImage(cloud, "lock-a", "a.jpg", Optional.empty());
        browser = TokenIssuer.browserToken(cloud.project(), Clock.systemUTC());
        viewer = cloud.tokenFor("viewer-1", "Vi", Role.VIEWER);
        json(cloud.postJson("/v1/galleries", "{\"name\": \"closed\", \"security\": \"private\", "
                + "\"image\": [\"only-private\"]}"), 201);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClients.send(cloud.baseUri(), "GET", path, token, null, null, null);
    }

    @Test
    void browserAndViewerTokensMayNotEnumerateTheLibraryThroughAnyRoute() throws Exception {
        String atom = "/ws/customers/" + cloud.project().projectId() + "/library/folders";
        for (String path : new String[]{"/v1/images", "/v1/folders", "/v1/folders/shown-folder/images",
                atom, atom + "/shown-folder/images"}) {
            for (String token : new String[]{browser, viewer}) {
                HttpResponse<String> refused = get(path, token);
                assertThat(refused.statusCode()).as(path + " " + refused.body()).isEqualTo(403);
                assertThat(refused.body()).doesNotContain("only-private").doesNotContain("X-Amz-Signature");
            }
            assertThat(get(path, cloud.token()).statusCode()).as(path).isEqualTo(200);
        }
        // Opening one image by its id stays allowed: ids are public in gallery pages.
        assertThat(get("/v1/images/only-private", browser).statusCode()).isEqualTo(200);
    }

    @Test
    void imageDetailsNameClosedGalleriesOnlyToWhoeverManagesTheLibrary() throws Exception {
        JsonNode owner = json(get("/v1/images/only-private", cloud.token()), 200);
        assertThat(owner.path("usages").toString()).contains("closed");
        for (String token : new String[]{browser, viewer}) {
            HttpResponse<String> seen = get("/v1/images/only-private", token);
            assertThat(seen.statusCode()).isEqualTo(200);
            assertThat(json(seen).path("usages").size()).isZero();
            assertThat(seen.body()).doesNotContain("closed");
        }
    }

    @Test
    void fiveWrongPasswordsFromOneAddressAre429UntilTheWindowEndsOnBothRoutes() throws Exception {
        json(cloud.postJson("/v1/galleries", "{\"name\": \"guarded-api\", \"security\": \"password\", "
                + "\"password\": \"right horse\", \"image\": [\"lock-a\"]}"), 201);
        json(cloud.postJson("/v1/galleries", "{\"name\": \"guarded-page\", \"security\": \"password\", "
                + "\"password\": \"right horse\", \"image\": [\"lock-a\"]}"), 201);
        String visitor = cloud.tokenFor("visitor", "Vis", Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/v1/galleries/guarded-api?password=guess" + i, visitor).statusCode()).isEqualTo(403);
        }
        HttpResponse<String> limited = get("/v1/galleries/guarded-api?password=guess9", visitor);
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        long retry = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertThat(retry).isBetween(1L, 900L);
        // The right password is refused too for the rest of the window: a guess can't tell the two apart.
        assertThat(get("/v1/galleries/guarded-api?password=right%20horse", visitor).statusCode()).isEqualTo(429);

        String unlock = "/p/" + cloud.project().projectId() + "/g/guarded-page/unlock";
        for (int i = 0; i < 5; i++) {
            assertThat(form(unlock, "view=page&password=nope" + i, null).statusCode()).isEqualTo(403);
        }
        HttpResponse<String> page = form(unlock, "view=page&password=right+horse", null);
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("retry-after")).isPresent();
        assertThat(page.body()).contains("Too many wrong passwords");
        // Another address is not held back by this one's guesses.
        HttpResponse<String> other = form(unlock, "view=page&password=right+horse", "127.0.0.2");
        assertThat(other.statusCode()).isEqualTo(303);
    }

    @Test
    void aGalleryTakesAtMost200WrongPasswordsAnHourFromAllAddresses() throws Exception {
        json(cloud.postJson("/v1/galleries", "{\"name\": \"ceiling\", \"security\": \"password\", "
                + "\"password\": \"right horse\", \"image\": [\"lock-a\"]}"), 201);
        // 199 wrong passwords from many addresses, as a botnet would send them (written straight to the counter).
        FailureCounts counts = new FailureCounts(cloud.backend().dynamoDb(),
                cloud.provisioned().tableName("RateLimitsTable"), Clock.systemUTC());
        for (int i = 0; i < 199; i++) {
            counts.add("G#" + cloud.project().projectId() + "#ceiling", Duration.ofHours(1));
        }
        String unlock = "/p/" + cloud.project().projectId() + "/g/ceiling/unlock";
        assertThat(form(unlock, "view=page&password=wrong", "127.0.0.3").statusCode()).isEqualTo(403);
        HttpResponse<String> fresh = form(unlock, "view=page&password=right+horse", "127.0.0.4");
        assertThat(fresh.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(fresh.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 3600L);
    }

    @Test
    void libraryAndGalleryRoutesCountAgainstTheProjectsRate() throws Exception {
        // Windows are fixed, aligned to the epoch: start with two minutes of the hour's window left at least, so that
        // all nine requests meet in one (a run that crossed the hour once saw the fifth request let through).
        long left = 3600 - java.time.Instant.now().getEpochSecond() % 3600;
        if (left < 120) {
            Thread.sleep((left + 1) * 1000);
        }
        dev.loupe.auth.Project limited = new dev.loupe.auth.Project(dev.loupe.auth.ProjectKeys.newProjectId(),
                dev.loupe.auth.ProjectKeys.newPublicKey(), dev.loupe.auth.ProjectKeys.newSecretKey(), "Limited",
                java.util.List.of()).withRateLimit(4, 3600);
        cloud.projects().create(limited, java.time.Instant.now());
        String token = TokenIssuer.backendToken(limited, Clock.systemUTC(), null, null, null);
        String[] routes = {"/v1/folders", "/v1/images", "/api/2/images",
                "/ws/customers/" + limited.projectId() + "/library/folders"};
        for (String path : routes) {
            assertThat(get(path, token).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : new String[]{"/v1/folders", "/v1/galleries", "/v1/public/galleries", "/v1/images/x",
                "/v1/galleries/x"}) {
            HttpResponse<String> refused = get(path, token);
            assertThat(refused.statusCode()).as(path + ": " + refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("retry-after")).isPresent();
        }
        // Another project's quota is its own.
        assertThat(get("/v1/folders", cloud.token()).statusCode()).isEqualTo(200);
    }

    /** A form POST, from {@code localAddress} (another loopback address) when given. */
    private static HttpResponse<String> form(String path, String body, String localAddress) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build();
        if (localAddress == null) {
            return HttpClients.send(request);
        }
        URI uri = request.uri();
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        try (HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress))
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
