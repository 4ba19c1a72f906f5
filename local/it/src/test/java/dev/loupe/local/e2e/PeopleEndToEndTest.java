package dev.loupe.local.e2e;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.mail.LocalMailbox;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * People on the local cloud, through real HTTP: users (the race for one username, profiles, search, changes,
 * deletion, the export), roles, sessions (anonymous first, a new id at login and logout, revocation by logout,
 * password change and deletion, the cookie and its CSRF token), login throttling without a username oracle, the test
 * functions, and that no route reaches another project's people.
 */
@LoupeCloudTest
class PeopleEndToEndTest {
    private static final String PASSWORD = "correct horse battery";
    private static ProjectClient backend;
    private static LoupeCloud cloud;

    @BeforeAll
    static void start(ProjectClient shared, LoupeCloud localCloud) {
        backend = shared;
        cloud = localCloud;
    }

    // ---------------------------------------------------------------- users

    @Test
    void twentySignUpsRacingForOneUsernameMakeOneUser() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // The same name in different cases: unique regardless of case.
                String name = i % 2 == 0 ? "Racer" : "racer";
                String body = "{\"username\":\"" + name + "\",\"email\":\"racer" + i + "@example.com\"}";
                answers.add(pool.submit(() -> backend.postJson("/v1/users", body)));
            }
            int won = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                if (response.statusCode() == 201) {
                    won++;
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
                    assertThat(json(response).at("/error/code").asText()).isEqualTo("username_taken");
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // Taken emails are refused the same clear way.
        HttpResponse<String> sameEmail = backend.postJson("/v1/users",
                "{\"username\":\"other-racer\",\"email\":\"RACER0@example.com\"}");
        if (sameEmail.statusCode() != 201) {
            assertThat(json(sameEmail, 409).at("/error/code").asText()).isEqualTo("email_taken");
        }
    }

    @Test
    void aUserIsRegisteredReadSearchedChangedAndDeleted() throws Exception {
        JsonNode created = json(backend.postJson("/v1/users", "{\"username\":\"Ada.L\",\"display_name\":"
                + "\"Ádá Lovelace\",\"email\":\"ada@example.com\",\"bio\":\"Engines.\"}"), 201);
        String userId = created.path("user_id").asText();
        assertThat(created.path("role").asText()).isEqualTo("viewer");
        assertThat(created.has("password_hash")).isFalse();

        // Anyone of the project sees the public profile, found regardless of case; no email in it.
        String viewer = backend.tokenFor("someone-else", "Someone", Role.VIEWER);
        JsonNode profile = json(call("GET", "/v1/users/ada.l", viewer, null), 200);
        assertThat(profile.path("display_name").asText()).isEqualTo("Ádá Lovelace");
        assertThat(profile.path("user_id").asText()).isEqualTo(userId);
        assertThat(profile.has("email")).isFalse();

        // Search by a username prefix and by a display-name prefix (accents and case ignored).
        assertThat(usernames(json(backend.get("/v1/users?q=ada."), 200))).containsExactly("Ada.L");
        assertThat(usernames(json(backend.get("/v1/users?q=ADA%20LOVE"), 200))).containsExactly("Ada.L");
        assertThat(usernames(json(backend.get("/v1/users?q=zzz"), 200))).isEmpty();

        // Another user may not change it; a backend token naming the user may, except its role.
        String self = backend.tokenFor(userId, "Ada", null);
        assertThat(call("PATCH", "/v1/users/Ada.L", viewer, "{\"bio\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(json(call("PATCH", "/v1/users/Ada.L", self, "{\"bio\":\"Notes.\"}"), 200).path("bio").asText())
                .isEqualTo("Notes.");
        assertThat(json(call("PATCH", "/v1/users/Ada.L", self, "{\"role\":\"admin\"}"), 403).at("/error/param")
                .asText()).isEqualTo("role");

        // The user's data, for a data-protection request: never the password hash.
        JsonNode export = json(call("GET", "/v1/users/Ada.L/export", self, null), 200);
        assertThat(export.at("/user/email").asText()).isEqualTo("ada@example.com");
        assertThat(export.at("/user/bio").asText()).isEqualTo("Notes.");
        assertThat(export.toString()).doesNotContain("pbkdf2");

        assertThat(call("DELETE", "/v1/users/Ada.L", viewer, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/v1/users/Ada.L", self, null).statusCode()).isEqualTo(204);
        assertThat(backend.get("/v1/users/Ada.L").statusCode()).isEqualTo(404);
        assertThat(usernames(json(backend.get("/v1/users?q=ada"), 200))).isEmpty();
        // The name and email are free again.
        json(backend.postJson("/v1/users", "{\"username\":\"ada.l\",\"email\":\"ada@example.com\"}"), 201);
    }

    @Test
    void aDeletedUsersGalleriesAreKeptOrDeletedWithTheirUsagesAsTheProjectChooses() throws Exception {
        dev.loupe.local.testing.SampleLibrary.seedImage(backend, "people-del-a", "people-del-a.jpg",
                java.util.Optional.empty());
        String keeperId = register("keeper", PASSWORD, null).path("user_id").asText();
        String leaverId = register("leaver", PASSWORD, null).path("user_id").asText();
        for (String[] owned : new String[][] {{keeperId, "kept-one"}, {leaverId, "gone-one"}, {leaverId, "gone-two"}}) {
            String asOwner = TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), owned[0], null, null);
            json(call("POST", "/v1/galleries", asOwner, "{\"name\":\"" + owned[1] + "\",\"security\":\"private\","
                    + "\"image\":[\"people-del-a\"]}"), 201);
        }
        assertThat(galleriesUsing("people-del-a")).contains("kept-one", "gone-one", "gone-two");

        // Unknown choices are a clear 400, transfer a clear 501; neither deletes anything.
        assertThat(json(call("DELETE", "/v1/users/leaver?galleries=burn", backend.token(), null), 400)
                .at("/error/param").asText()).isEqualTo("galleries");
        assertThat(json(call("DELETE", "/v1/users/leaver?galleries=transfer&to=keeper", backend.token(), null), 501)
                .at("/error/code").asText()).isEqualTo("not_implemented");
        assertThat(backend.get("/v1/users/leaver").statusCode()).isEqualTo(200);

        // keep (the default): the gallery stays, owned by the id no user holds any more.
        assertThat(call("DELETE", "/v1/users/keeper", backend.token(), null).statusCode()).isEqualTo(204);
        String keepersToken = TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), keeperId, null, null);
        json(call("GET", "/v1/galleries/kept-one", keepersToken, null), 200);

        // delete: every gallery of the user goes as the gallery API's delete does, usages included.
        assertThat(call("DELETE", "/v1/users/leaver?galleries=delete", backend.token(), null).statusCode())
                .isEqualTo(204);
        String leaversToken = TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), leaverId, null, null);
        assertThat(call("GET", "/v1/galleries/gone-one", leaversToken, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/galleries/gone-two", leaversToken, null).statusCode()).isEqualTo(404);
        assertThat(galleriesUsing("people-del-a")).contains("kept-one").doesNotContain("gone-one", "gone-two");
        assertThat(backend.get("/v1/users/leaver").statusCode()).isEqualTo(404);
    }

    private static List<String> galleriesUsing(String imageId) throws Exception {
        List<String> refs = new ArrayList<>();
        json(backend.get("/v1/images/" + imageId), 200).path("usages").forEach(u -> {
            if (u.path("feature").asText().equals("gallery")) {
                refs.add(u.path("ref").asText());
            }
        });
        return refs;
    }

    @Test
    void browsersSignUpOnlyWhereTheProjectLetsThem() throws Exception {
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());
        assertThat(json(call("POST", "/v1/users", browser, "{\"username\":\"walk-in\",\"email\":\"w@example.com\"}"),
                403).at("/error/code").asText()).isEqualTo("forbidden");

        Project open = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "self sign-up", List.of()).withSelfSignup(true);
        cloud.projects().create(open, Instant.now());
        String openBrowser = TokenIssuer.browserToken(open, Clock.systemUTC());
        json(call("POST", "/v1/users", openBrowser, "{\"username\":\"walk-in\",\"email\":\"w@example.com\","
                + "\"password\":\"" + PASSWORD + "\"}"), 201);
        // A sign-up never chooses its own role.
        assertThat(call("POST", "/v1/users", openBrowser, "{\"username\":\"walk-in-2\",\"email\":\"w2@example.com\","
                + "\"role\":\"admin\"}").statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- sessions

    @Test
    void aSessionStartsAnonymousKeepsItsIdAndGetsANewOneAtLoginAndLogout() throws Exception {
        register("sessions-user", PASSWORD, null);
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());

        HttpResponse<String> first = call("GET", "/v1/sessions/current", browser, null);
        JsonNode anonymous = json(first, 201);
        String cookie = cookie(first);
        assertThat(first.headers().firstValue("set-cookie").orElseThrow())
                .contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
        assertThat(anonymous.path("logged_in").asBoolean()).isFalse();

        // The reference's check that a client keeps cookies: two calls, one id.
        JsonNode again = json(withCookie("GET", "/v1/sessions/current", cookie, null, Map.of()), 200);
        assertThat(again.path("session_id").asText()).isEqualTo(anonymous.path("session_id").asText());
        // A client without cookies sends the id back itself.
        JsonNode byId = json(call("GET", "/v1/sessions/current?session_id=" + anonymous.path("session_id").asText(),
                browser, null), 200);
        assertThat(byId.path("session_id").asText()).isEqualTo(anonymous.path("session_id").asText());

        // Login from the anonymous session's cookie (with its CSRF token): a new id.
        HttpResponse<String> loginAnswer = withCookie("POST", "/v1/sessions", cookie,
                "{\"username\":\"SESSIONS-user\",\"password\":\"" + PASSWORD + "\"}",
                Map.of("X-CSRF-Token", anonymous.path("csrf_token").asText()));
        JsonNode login = json(loginAnswer, 201);
        String token = login.path("token").asText();
        assertThat(login.path("session_id").asText()).isNotEqualTo(anonymous.path("session_id").asText());
        assertThat(login.path("logged_in").asBoolean()).isTrue();
        // The anonymous session is gone: its cookie answers 401 and is cleared.
        HttpResponse<String> stale = withCookie("GET", "/v1/whoami", cookie, null, Map.of());
        assertThat(json(stale, 401).at("/error/code").asText()).isEqualTo("session_ended");
        assertThat(stale.headers().firstValue("set-cookie").orElseThrow()).contains("Max-Age=0");

        JsonNode whoami = json(call("GET", "/v1/whoami", token, null), 200);
        assertThat(whoami.path("token_kind").asText()).isEqualTo("session");
        assertThat(whoami.path("username").asText()).isEqualTo("sessions-user");
        assertThat(whoami.path("registered").asBoolean()).isTrue();
        assertThat(whoami.path("role").asText()).isEqualTo("viewer");
        assertThat(whoami.path("session_id").asText()).isEqualTo(login.path("session_id").asText());
        assertThat(whoami.path("expires").asText()).isNotEmpty();

        // Logout: that token ends at once, and a new anonymous session takes over.
        JsonNode logout = json(call("DELETE", "/v1/sessions/current", token, null), 200);
        assertThat(logout.path("logged_in").asBoolean()).isFalse();
        assertThat(logout.path("session_id").asText()).isNotEqualTo(login.path("session_id").asText());
        assertEnded(token);
        assertThat(json(call("GET", "/v1/whoami", logout.path("token").asText(), null), 200).path("token_kind")
                .asText()).isEqualTo("session");
    }

    @Test
    void aPasswordChangeAndADeletionEndEverySessionOfTheUser() throws Exception {
        register("changer", PASSWORD, null);
        String first = login("changer", PASSWORD).path("token").asText();
        String second = login("changer", PASSWORD).path("token").asText();
        call("GET", "/v1/whoami", first, null);

        // The user's own session changes it with the old password; a wrong old password changes nothing.
        assertThat(call("POST", "/v1/users/changer/password", first,
                "{\"old_password\":\"wrong wrong\",\"password\":\"a brand new secret\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/v1/users/changer/password", first,
                "{\"old_password\":\"" + PASSWORD + "\",\"password\":\"a brand new secret\"}").statusCode())
                .isEqualTo(204);
        assertEnded(first);
        assertEnded(second);
        assertThat(loginAnswer("changer", PASSWORD).statusCode()).isEqualTo(401);
        String third = login("changer", "a brand new secret").path("token").asText();

        // The backend changes it without the old one.
        assertThat(backend.postJson("/v1/users/changer/password", "{\"password\":\"backend chose this\"}")
                .statusCode()).isEqualTo(204);
        assertEnded(third);

        String fourth = login("changer", "backend chose this").path("token").asText();
        assertThat(call("DELETE", "/v1/users/changer", backend.token(), null).statusCode()).isEqualTo(204);
        assertEnded(fourth);
        assertThat(loginAnswer("changer", "backend chose this").statusCode()).isEqualTo(401);
    }

    @Test
    void aCookieChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        register("cookie-user", PASSWORD, null);
        HttpResponse<String> loginAnswer = loginAnswer("cookie-user", PASSWORD);
        String cookie = cookie(loginAnswer);
        String csrf = json(loginAnswer, 201).path("csrf_token").asText();

        HttpResponse<String> forged = withCookie("PATCH", "/v1/users/cookie-user", cookie, "{\"bio\":\"pwned\"}",
                Map.of());
        assertThat(json(forged, 403).at("/error/code").asText()).isEqualTo("csrf_token_mismatch");
        assertThat(withCookie("PATCH", "/v1/users/cookie-user", cookie, "{\"bio\":\"pwned\"}",
                Map.of("X-CSRF-Token", "not-the-token")).statusCode()).isEqualTo(403);
        assertThat(json(backend.get("/v1/users/cookie-user"), 200).path("bio").isNull()).isTrue();

        JsonNode changed = json(withCookie("PATCH", "/v1/users/cookie-user", cookie, "{\"bio\":\"mine\"}",
                Map.of("X-CSRF-Token", csrf)), 200);
        assertThat(changed.path("bio").asText()).isEqualTo("mine");
        // Reads with the cookie need no token; a logout with it does.
        assertThat(withCookie("GET", "/v1/whoami", cookie, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(withCookie("DELETE", "/v1/sessions/current", cookie, null, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void theSessionCookieOpensTheOwnersPrivateAndProtectedGalleriesOnTheirPagesAndNobodyElses() throws Exception {
        String ownerId = register("page-owner", PASSWORD, null).path("user_id").asText();
        register("page-other", PASSWORD, null);
        String asOwner = TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), ownerId, "Page Owner",
                Role.EDITOR);
        for (String gallery : List.of("{\"name\":\"owners-private\",\"title\":\"Mine alone\",\"security\":\"private\"}",
                "{\"name\":\"owners-locked\",\"title\":\"Locked\",\"security\":\"password\","
                        + "\"password\":\"sesame\"}")) {
            json(call("POST", "/v1/galleries", asOwner, gallery), 201);
        }
        // The profile counts public galleries only (through the galleries' owner index), for any caller.
        String viewer = TokenIssuer.backendToken(backend.project(), Clock.systemUTC(), "someone-else", null,
                Role.VIEWER);
        assertThat(json(call("GET", "/v1/users/page-owner", viewer, null), 200).path("public_galleries").asInt())
                .isZero();
        json(call("POST", "/v1/galleries", asOwner, "{\"name\":\"owners-public\"}"), 201);
        json(call("POST", "/v1/galleries", asOwner, "{\"name\":\"owners-unlisted\",\"security\":\"unlisted\"}"),
                201);
        JsonNode profile = json(call("GET", "/v1/users/page-owner", viewer, null), 200);
        assertThat(profile.path("public_galleries").asInt()).isEqualTo(1);
        assertThat(profile.has("email")).isFalse();
        String page = "/p/" + backend.project().projectId() + "/g/owners-private";
        String owners = cookie(loginAnswer("page-owner", PASSWORD));
        String others = cookie(loginAnswer("page-other", PASSWORD));

        HttpResponse<String> shown = withCookie("GET", page, owners, null, Map.of());
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        assertThat(shown.body()).contains("Mine alone").doesNotContain("Gallery not found");
        assertThat(withCookie("GET", page + "/player", owners, null, Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> locked = withCookie("GET", page.replace("owners-private", "owners-locked"), owners,
                null, Map.of());
        assertThat(locked.statusCode()).isEqualTo(200);
        assertThat(locked.body()).contains("Locked").doesNotContain("Enter its password");

        // Everybody else gets what they got before: the private gallery is as missing as one that doesn't exist,
        // the protected one asks for its password; a dead or foreign cookie is no one, never an error.
        String missing = withCookie("GET", page.replace("owners-private", "no-such-one"), others, null, Map.of())
                .body();
        for (String cookie : List.of(others, "loupe_session=not-a-token", "loupe_session=" + asOwner)) {
            HttpResponse<String> refused = withCookie("GET", page, cookie, null, Map.of());
            assertThat(refused.statusCode()).as(cookie).isEqualTo(404);
            assertThat(refused.body()).isEqualTo(missing);
            assertThat(withCookie("GET", page.replace("owners-private", "owners-locked"), cookie, null, Map.of())
                    .statusCode()).isEqualTo(401);
        }
        assertThat(call("GET", page, null, null).statusCode()).isEqualTo(404);
        // The owner's cookie opens nothing in another project, whose page the same name may have.
        assertThat(withCookie("GET", page.replace(backend.project().projectId(), "01OTHERPROJECT"), owners, null,
                Map.of()).statusCode()).isEqualTo(404);
        // A logout ends what the cookie opens (the page's container may trust the session for its few cached seconds).
        String ownersToken = owners.substring(owners.indexOf('=') + 1);
        json(call("DELETE", "/v1/sessions/current", ownersToken, null), 200);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int status;
        while ((status = withCookie("GET", page, owners, null, Map.of()).statusCode()) == 200
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(status).isEqualTo(404);
    }

    @Test
    void anOriginTheProjectDoesNotListGetsNoCredentialsSoItsPagesCantUseTheCookie() throws Exception {
        register("cors-user", PASSWORD, null);
        String cookie = cookie(loginAnswer("cors-user", PASSWORD));
        // This project lists no origin: its answers are '*' without credentials, which browsers never combine with a
        // cookie (CrossOriginTest has a project that lists one).
        String origin = "https://evil.example.test";
        HttpResponse<String> preflight = withCookie("OPTIONS", "/v1/whoami", cookie, null,
                Map.of("Origin", origin, "Access-Control-Request-Method", "DELETE"));
        assertThat(preflight.headers().firstValue("access-control-allow-credentials")).isEmpty();
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("*");
        HttpResponse<String> actual = withCookie("GET", "/v1/whoami", cookie, null, Map.of("Origin", origin));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("access-control-allow-credentials")).isEmpty();
        assertThat(actual.headers().firstValue("access-control-allow-origin")).contains("*");
    }

    // ---------------------------------------------------------------- emailed links

    @Test
    void anEmailedLinkVerifiesTheEmailOnceAndOnlyItsProjects() throws Exception {
        register("verifier", PASSWORD, null);
        assertThat(json(backend.get("/v1/users/verifier"), 200).path("email_verified").asBoolean()).isFalse();
        String self = login("verifier", PASSWORD).path("token").asText();

        assertThat(call("POST", "/v1/users/verifier/verification", self, null).statusCode()).isEqualTo(202);
        String link = linkIn(lastMailTo("verifier@example.com").text(), "/v1/email-verifications/");
        String path = link.substring(link.indexOf("/v1/"));

        // Another project's id in the link finds nothing; the link's own project verifies, once.
        String otherProject = path.replaceAll("project=[^&\\s]+", "project=01JNOTTHISPROJECT000000000");
        assertThat(json(call("GET", otherProject, null, null), 400).at("/error/code").asText())
                .isEqualTo("invalid_token");
        JsonNode verified = json(call("GET", path, null, null), 200);
        assertThat(verified.path("email_verified").asBoolean()).isTrue();
        assertThat(json(backend.get("/v1/users/verifier"), 200).path("email_verified").asBoolean()).isTrue();
        assertThat(json(call("GET", path, null, null), 400).at("/error/code").asText()).isEqualTo("invalid_token");
    }

    @Test
    void aProjectMayRefuseLoginsUntilTheEmailIsVerified() throws Exception {
        Project strict = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "verified only", List.of()).withRequiredEmailVerification(true);
        cloud.projects().create(strict, Instant.now());
        String token = TokenIssuer.backendToken(strict, Clock.systemUTC(), null, null, null);
        assertThat(call("POST", "/v1/users", token, "{\"username\":\"strict\",\"email\":\"strict@example.com\","
                + "\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(201);
        String login = "{\"username\":\"strict\",\"password\":\"" + PASSWORD + "\"}";

        // A wrong password says nothing more than anywhere else; the right one learns what is missing.
        assertThat(json(call("POST", "/v1/sessions", token, "{\"username\":\"strict\",\"password\":\"wrong one\"}"),
                401).at("/error/code").asText()).isEqualTo("invalid_credentials");
        assertThat(json(call("POST", "/v1/sessions", token, login), 403).at("/error/code").asText())
                .isEqualTo("email_not_verified");

        assertThat(call("POST", "/v1/users/strict/verification", token, null).statusCode()).isEqualTo(202);
        String link = linkIn(lastMailTo("strict@example.com").text(), "/v1/email-verifications/");
        json(call("GET", link.substring(link.indexOf("/v1/")), null, null), 200);
        json(call("POST", "/v1/sessions", token, login), 201);
    }

    @Test
    void aPasswordResetLinkWorksOnceAndEndsTheSessions() throws Exception {
        register("forgetful", PASSWORD, null);
        String session = login("forgetful", PASSWORD).path("token").asText();
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());
        int before = cloud.cloud().mailbox().messages().size();

        // The same answer for a user that exists and one that doesn't; only the first gets mail.
        HttpResponse<String> known = call("POST", "/v1/password-resets", browser, "{\"email\":\"forgetful@example.com\"}");
        HttpResponse<String> unknown = call("POST", "/v1/password-resets", browser, "{\"email\":\"nobody@example.com\"}");
        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        assertThat(cloud.cloud().mailbox().messages()).hasSize(before + 1);
        String link = linkIn(lastMailTo("forgetful@example.com").text(), "/v1/password-resets/");
        String path = link.substring(link.indexOf("/v1/"));

        assertThat(call("POST", path, browser, "{\"password\":\"my fresh password\"}").statusCode()).isEqualTo(204);
        assertEnded(session);
        assertThat(loginAnswer("forgetful", PASSWORD).statusCode()).isEqualTo(401);
        login("forgetful", "my fresh password");
        assertThat(json(call("POST", path, browser, "{\"password\":\"yet another one\"}"), 400).at("/error/code")
                .asText()).isEqualTo("invalid_token");
    }

    // ---------------------------------------------------------------- throttling

    @Test
    void failedLoginsAreThrottledAlikeForUsersThatExistAndThatDoNot() throws Exception {
        register("guarded", PASSWORD, null);
        List<String> bodies = new ArrayList<>();
        long knownNanos = 0;
        long unknownNanos = 0;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> known = loginAnswer("guarded", "wrong password " + i);
            long t1 = System.nanoTime();
            HttpResponse<String> unknown = loginAnswer("ghost-of-nobody", "wrong password " + i);
            long t2 = System.nanoTime();
            if (i > 0) {
                // The first pair warms the functions up.
                knownNanos += t1 - t0;
                unknownNanos += t2 - t1;
            }
            assertThat(known.statusCode()).isEqualTo(401);
            assertThat(unknown.statusCode()).isEqualTo(401);
            bodies.add(known.body());
            bodies.add(unknown.body());
        }
        assertThat(bodies).as("the same answer for a user that exists and one that doesn't").containsOnly(bodies.get(0));
        // Both hash a password: neither is much faster than the other.
        double ratio = (double) knownNanos / unknownNanos;
        assertThat(ratio).as("known %d ns, unknown %d ns", knownNanos, unknownNanos).isBetween(0.5, 2.0);

        HttpResponse<String> knownLocked = loginAnswer("guarded", PASSWORD);
        HttpResponse<String> unknownLocked = loginAnswer("ghost-of-nobody", PASSWORD);
        for (HttpResponse<String> locked : List.of(knownLocked, unknownLocked)) {
            assertThat(json(locked, 429).at("/error/code").asText()).isEqualTo("too_many_failed_logins");
            assertThat(Long.parseLong(locked.headers().firstValue("retry-after").orElseThrow())).isPositive();
        }
        assertThat(knownLocked.body()).isEqualTo(unknownLocked.body());
    }

    @Test
    void failedLoginsAreThrottledPerClientAddress() throws Exception {
        // A project of its own: the address's count is per project, and this test spends it.
        ProjectClient other = ProjectClient.newProject(cloud, "address throttle");
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> failed = HttpClients.send(other.baseUri(), "POST", "/v1/sessions", other.token(),
                    "application/json", "{\"username\":\"name-" + i + "\",\"password\":\"wrong password\"}", null);
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(401);
        }
        HttpResponse<String> next = HttpClients.send(other.baseUri(), "POST", "/v1/sessions", other.token(),
                "application/json", "{\"username\":\"a-new-name\",\"password\":\"wrong password\"}", null);
        assertThat(json(next, 429).at("/error/code").asText()).isEqualTo("too_many_failed_logins");
        assertThat(next.headers().firstValue("retry-after")).isPresent();
    }

    // ---------------------------------------------------------------- roles

    @Test
    void aRegisteredUsersRoleDecidesWhatItsSessionMayDo() throws Exception {
        register("role-viewer", PASSWORD, null);
        register("role-admin", PASSWORD, "admin");
        String viewer = login("role-viewer", PASSWORD).path("token").asText();
        String admin = login("role-admin", PASSWORD).path("token").asText();

        // A viewer neither lists the library (only those who manage it do) nor changes it; nor does it change roles.
        assertThat(call("GET", "/v1/folders", viewer, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/v1/folders", viewer, "{\"name\":\"viewer folder\"}").statusCode()).isEqualTo(403);
        assertThat(call("PATCH", "/v1/users/role-admin", viewer, "{\"role\":\"viewer\"}").statusCode())
                .isEqualTo(403);

        // An admin changes the viewer's role; its session takes the new role (within the verifier's cache).
        JsonNode promoted = json(call("PATCH", "/v1/users/role-viewer", admin, "{\"role\":\"editor\"}"), 200);
        assertThat(promoted.path("role").asText()).isEqualTo("editor");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        int status;
        do {
            status = call("POST", "/v1/folders", viewer, "{\"name\":\"editor folder\"}").statusCode();
            if (status == 403) {
                Thread.sleep(500);
            }
        } while (status == 403 && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo(201);
        assertThat(json(call("GET", "/v1/whoami", viewer, null), 200).path("role").asText()).isEqualTo("editor");
    }

    // ---------------------------------------------------------------- test functions, projects apart

    @Test
    void pingAsksForNothingAndWhoamiNamesTheCredential() throws Exception {
        JsonNode ping = json(call("GET", "/v1/ping", null, null), 200);
        assertThat(ping.path("status").asText()).isEqualTo("ok");
        assertThat(ping.path("version").asText()).isNotEmpty();

        JsonNode whoami = json(backend.get("/v1/whoami"), 200);
        assertThat(whoami.path("project_id").asText()).isEqualTo(backend.project().projectId());
        assertThat(whoami.path("token_kind").asText()).isEqualTo("backend");
        assertThat(whoami.path("registered").asBoolean()).isFalse();
        assertThat(whoami.path("expires").asText()).isNotEmpty();
        assertThat(call("GET", "/v1/whoami", null, null).statusCode()).isEqualTo(401);
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());
        assertThat(json(call("GET", "/v1/whoami", browser, null), 200).path("token_kind").asText())
                .isEqualTo("browser");
    }

    @Test
    void noRouteReachesAnotherProjectsPeople() throws Exception {
        JsonNode mine = register("only-here", PASSWORD, null);
        JsonNode session = login("only-here", PASSWORD);
        ProjectClient other = ProjectClient.newProject(cloud, "another project");
        String theirs = other.token();

        for (String[] route : new String[][]{
                {"GET", "/v1/users/only-here", null},
                {"PATCH", "/v1/users/only-here", "{\"bio\":\"x\"}"},
                {"DELETE", "/v1/users/only-here", null},
                {"GET", "/v1/users/only-here/export", null},
                {"POST", "/v1/users/only-here/password", "{\"password\":\"another password\"}"},
                {"GET", "/v1/sessions/current?session_id=" + session.path("session_id").asText(), null}}) {
            HttpResponse<String> answer = HttpClients.send(other.baseUri(), route[0], route[1], theirs,
                    route[2] == null ? null : "application/json", route[2], null);
            assertThat(answer.statusCode()).as("%s %s: %s", route[0], route[1], answer.body()).isEqualTo(404);
        }
        assertThat(usernames(json(HttpClients.send(other.baseUri(), "GET", "/v1/users?q=only", theirs, null, null,
                null), 200))).isEmpty();
        assertThat(HttpClients.send(other.baseUri(), "POST", "/v1/sessions", theirs, "application/json",
                "{\"username\":\"only-here\",\"password\":\"" + PASSWORD + "\"}", null).statusCode()).isEqualTo(401);
        // The user is untouched, and the other project may take its name.
        assertThat(json(backend.get("/v1/users/only-here"), 200).path("user_id").asText())
                .isEqualTo(mine.path("user_id").asText());
        assertThat(HttpClients.send(other.baseUri(), "POST", "/v1/users", theirs, "application/json",
                "{\"username\":\"only-here\",\"email\":\"only-here@example.com\"}", null).statusCode()).isEqualTo(201);
    }

    // ---------------------------------------------------------------- the gallery API's cookie

    @Test
    void theGalleryApisCookieNamesALoggedInSessionOfTheCallersProjectOnly() throws Exception {
        register("cookie-owner", PASSWORD, null);
        JsonNode login = login("cookie-owner", PASSWORD);
        String sessionId = login.path("session_id").asText();

        // The session's id (what the loupe_session cookie's session is known by) or its token: the owner is its user.
        HttpResponse<String> byId = galleryApi(backend.token(), "action=create&name=cookie-by-id&cookie="
                + sessionId);
        assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
        assertThat(json(byId).at("/uploader/username").asText()).isEqualTo("cookie-owner");
        HttpResponse<String> byToken = galleryApi(backend.token(), "action=create&name=cookie-by-token"
                + "&cookie=" + login.path("token").asText());
        assertThat(json(byToken).at("/uploader/username").asText()).as(byToken.body()).isEqualTo("cookie-owner");

        // Another project's session, an unknown id, an anonymous session and an ended one: 401 in the API's shape.
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "cookie elsewhere", List.of());
        cloud.projects().create(other, Instant.now());
        String otherToken = TokenIssuer.backendToken(other, Clock.systemUTC(), null, null, null);
        for (String cookie : List.of(sessionId, login.path("token").asText())) {
            HttpResponse<String> elsewhere = HttpClients.send(backend.baseUri(), "POST", "/gallery_api.php",
                    otherToken, "application/x-www-form-urlencoded", "action=create&name=stolen&cookie=" + cookie,
                    null);
            assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(401);
            assertThat(elsewhere.body()).contains("code=\"session_ended\"");
        }
        assertThat(galleryApi(backend.token(), "action=create&name=nobody&cookie=01JNOSUCHSESSION0000000000")
                .statusCode()).isEqualTo(401);
        String browser = TokenIssuer.browserToken(backend.project(), Clock.systemUTC());
        String anonymous = json(call("GET", "/v1/sessions/current", browser, null)).path("session_id").asText();
        HttpResponse<String> notLoggedIn = galleryApi(backend.token(), "action=create&name=anon-cookie&cookie="
                + anonymous);
        assertThat(notLoggedIn.statusCode()).isEqualTo(401);
        assertThat(notLoggedIn.body()).contains("session_not_logged_in");
        json(call("DELETE", "/v1/sessions/current", login.path("token").asText(), null), 200);
        // Another container may trust a session it read for a few seconds (TokenVerifier.SESSION_CACHE_TTL).
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        HttpResponse<String> ended;
        do {
            ended = galleryApi(backend.token(), "action=view&g=cookie-by-id&cookie=" + sessionId);
            if (ended.statusCode() == 200) {
                Thread.sleep(250);
            }
        } while (ended.statusCode() == 200 && Instant.now().isBefore(deadline));
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(401);
        assertThat(json(ended).at("/errors/0/code").asText()).isEqualTo("session_ended");
    }

    private static HttpResponse<String> galleryApi(String token, String form) throws Exception {
        // view is read from the query string only (the format is known before the body is read).
        return HttpClients.send(backend.baseUri(), "POST", "/gallery_api.php?view=json", token,
                "application/x-www-form-urlencoded", form, null);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode register(String username, String password, String role) throws Exception {
        String body = "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\""
                + (password == null ? "" : ",\"password\":\"" + password + "\"")
                + (role == null ? "" : ",\"role\":\"" + role + "\"") + "}";
        return json(backend.postJson("/v1/users", body), 201);
    }

    private static HttpResponse<String> loginAnswer(String username, String password) throws Exception {
        return backend.postJson("/v1/sessions", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"}");
    }

    private static JsonNode login(String username, String password) throws Exception {
        return json(loginAnswer(username, password), 201);
    }

    private static HttpResponse<String> call(String method, String path, String token, String json)
            throws Exception {
        return HttpClients.send(backend.baseUri(), method, path, token, json == null ? null : "application/json",
                json, null);
    }

    private static HttpResponse<String> withCookie(String method, String path, String cookie, String json,
                                                   Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Cookie", cookie);
        return HttpClients.sendBytes(backend.baseUri(), method, path, null, json == null ? null : "application/json",
                json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8), all);
    }

    /** The {@code name=value} of the answer's session cookie, as a browser would send it back. */
    private static String cookie(HttpResponse<String> answer) {
        String set = answer.headers().firstValue("set-cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    /** A session's token answers 401 once its session ended (other warm containers may trust it for seconds). */
    private static void assertEnded(String token) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        HttpResponse<String> answer;
        do {
            answer = call("GET", "/v1/whoami", token, null);
            if (answer.statusCode() == 200) {
                Thread.sleep(250);
            }
        } while (answer.statusCode() == 200 && Instant.now().isBefore(deadline));
        assertThat(json(answer, 401).at("/error/code").asText()).isEqualTo("session_ended");
    }

    private static LocalMailbox.Message lastMailTo(String address) {
        List<LocalMailbox.Message> mail = cloud.cloud().mailbox().messagesTo(address);
        assertThat(mail).as("mail to %s", address).isNotEmpty();
        return mail.getLast();
    }

    /** The first URL in a mail's text that contains {@code part}. */
    private static String linkIn(String text, String part) {
        return java.util.Arrays.stream(text.split("\\s+")).filter(w -> w.startsWith("http") && w.contains(part))
                .findFirst().orElseThrow(() -> new AssertionError("no link with " + part + " in: " + text));
    }

    private static List<String> usernames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("users").forEach(u -> names.add(u.path("username").asText()));
        return names;
    }
}
