package dev.loupe.local.robust;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.loupe.auth.Project;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets in logs (issue 13, section 6): the local cloud's log (everything its functions and parts print, captured
 * while this class drives the calls that carry secrets, right and wrong) holds no token, gallery password, secret key,
 * file encryption key, presigned URL signature or view token; and no error answer echoes one it was sent.
 */
@LoupeCloudTest
class SecretsInLogTest {
    private static ProjectClient cloud;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static PrintStream out;
    private static PrintStream err;
    /** What must never be logged, by what it is. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();

    @BeforeAll
    static void capture(ProjectClient shared) throws Exception {
        cloud = shared;
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
        SampleLibrary.seedImage(cloud, "secret-img", "s.jpg", Optional.empty());
    }

    @AfterAll
    static void release() {
        System.setOut(out);
        System.setErr(err);
    }

    /** Writes through to the real stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream real;

        Tee(OutputStream real) {
            this.real = real;
        }

        @Override
        public void write(int b) {
            synchronized (LOG) {
                LOG.write(b);
            }
            try {
                real.write(b);
            } catch (java.io.IOException ignored) {
                // the copy is what this test reads
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (LOG) {
                LOG.write(b, off, len);
            }
            try {
                real.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the copy is what this test reads
            }
        }
    }

    private static java.net.http.HttpResponse<String> send(String method, String path, String token,
                                                          String contentType, String body) throws Exception {
        return HttpClients.send(cloud.baseUri(), method, path, token, contentType, body, null);
    }

    private static void assertNotEchoed(java.net.http.HttpResponse<String> answer, String secret) {
        assertThat(answer.body()).as("an answer echoes a secret").doesNotContain(secret);
    }

    @Test
    void noSecretReachesTheLogOrAnAnswerThatDoesNotNeedIt() throws Exception {
        Project project = cloud.project();
        String token = cloud.token();
        SECRETS.put("backend token", token);
        SECRETS.put("token signature", token.substring(token.lastIndexOf('.') + 1));
        SECRETS.put("secret key", project.secretKey());

        // Tokens, right and wrong: an expired one, a tampered one, one of an unknown project.
        String expired = signed(project, Instant.now().minusSeconds(7200), Map.of());
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        SECRETS.put("expired token", expired);
        SECRETS.put("tampered token", tampered);
        for (String t : List.of(token, expired, tampered)) {
            for (String path : List.of("/v1/images", "/v1/images/secret-img", "/v1/images/missing", "/v1/galleries",
                    "/v1/task", "/v1/folders/none/images")) {
                assertNotEchoed(send("GET", path, t, null, null), t);
            }
        }
        // A careless client sends its secret key where the public key goes.
        var auth = send("POST", "/v1/auth", null, "application/json",
                "{\"public_key\": \"" + project.secretKey() + "\"}");
        assertThat(auth.statusCode()).isBetween(400, 499);
        assertNotEchoed(auth, project.secretKey());
        String browser = json(send("POST", "/v1/auth", null, "application/json",
                "{\"public_key\": \"" + project.publicKey() + "\"}"), 200).path("token").asText();
        SECRETS.put("browser token", browser);
        send("GET", "/v1/images/secret-img", browser, null, null);

        // Gallery passwords and view tokens: wrong and right, through the API and the page's form.
        String password = "hunter2-" + Long.toHexString(System.nanoTime());
        SECRETS.put("gallery password", password);
        JsonNode created = json(cloud.postJson("/v1/galleries", "{\"name\": \"vault\", \"security\": \"password\", "
                + "\"password\": \"" + password + "\", \"image\": [\"secret-img\"]}"), 201);
        assertThat(created.toString()).doesNotContain(password);
        String visitor = cloud.tokenFor("v", "V", Role.VIEWER);
        assertNotEchoed(send("GET", "/v1/galleries/vault?password=" + password + "x", visitor, null, null),
                password);
        JsonNode opened = json(send("GET", "/v1/galleries/vault?password=" + password, visitor, null, null), 200);
        String viewToken = viewToken(opened.at("/links/gallery_url").asText());
        SECRETS.put("view token (API)", viewToken);
        String unlock = "/p/" + project.projectId() + "/g/vault/unlock";
        var wrongForm = send("POST", unlock, null, "application/x-www-form-urlencoded",
                "view=page&password=" + password + "y");
        assertNotEchoed(wrongForm, password);
        var rightForm = send("POST", unlock, null, "application/x-www-form-urlencoded",
                "view=page&password=" + password);
        assertThat(rightForm.statusCode()).isEqualTo(303);
        String pageToken = viewToken(rightForm.headers().firstValue("location").orElseThrow());
        SECRETS.put("view token (page)", pageToken);
        send("GET", "/p/" + project.projectId() + "/g/vault?vt=" + pageToken, null, null, null);
        send("GET", "/p/" + project.projectId() + "/g/vault?vt=" + pageToken + "broken", null, null, null);

        // Presigned URLs: an upload URL and an image's links.
        JsonNode url = json(cloud.postJson("/v1/uploads/url", "{\"file_name\": \"p.jpg\", \"size\": 10, "
                + "\"md5\": \"" + "0".repeat(32) + "\"}"), 201);
        JsonNode image = json(cloud.get("/v1/images/secret-img"), 200);
        List<String> signatures = new ArrayList<>();
        Matcher m = Pattern.compile("X-Amz-Signature=([0-9a-f]{64})").matcher(url.toString() + image);
        while (m.find()) {
            signatures.add(m.group(1));
        }
        assertThat(signatures).isNotEmpty();
        signatures.forEach(s -> SECRETS.put("presigned signature " + s.substring(0, 6), s));

        // The task API's file encryption key: right, then a wrong one, at upload and process.
        long seed = System.nanoTime();
        String key = "%016x".formatted(seed);
        String wrongKey = "%016x".formatted(seed + 1);
        SECRETS.put("file encryption key", key);
        SECRETS.put("wrong file encryption key", wrongKey);
        String keyed = signed(project, Instant.now(), Map.of("file_encryption_key", key));
        String wrong = signed(project, Instant.now(), Map.of("file_encryption_key", wrongKey));
        SECRETS.put("keyed token", keyed);
        String taskId = json(send("GET", "/v1/start/rotateimage", keyed, null, null), 200).path("task").asText();
        Multipart upload = new Multipart().field("task", taskId).part("file", "a.jpg", "image/jpeg",
                TinyImages.jpeg());
        var uploaded = HttpClients.sendBytes(cloud.baseUri(), "POST", "/v1/upload", keyed, upload.contentType(),
                upload.bytes(), Map.of());
        String serverFilename = json(uploaded, 200).path("server_filename").asText();
        var refused = HttpClients.sendBytes(cloud.baseUri(), "POST", "/v1/upload", wrong, upload.contentType(),
                upload.bytes(), Map.of());
        assertNotEchoed(refused, wrongKey);
        assertNotEchoed(refused, key);
        String process = "{\"task\": \"" + taskId + "\", \"tool\": \"rotateimage\", \"files\": [{\"server_filename\": \""
                + serverFilename + "\", \"filename\": \"a.jpg\", \"rotate\": 90}], \"file_encryption_key\": \""
                + key + "\", \"debug\": true}";
        assertNotEchoed(send("POST", "/v1/process", keyed, "application/json", process), key);
        send("POST", "/v1/process", keyed, "application/json", process.replace(", \"debug\": true", ""));
        send("POST", "/v1/process", wrong, "application/json", process.replace(key, wrongKey));

        String log;
        synchronized (LOG) {
            log = LOG.toString(StandardCharsets.UTF_8);
        }
        for (var secret : SECRETS.entrySet()) {
            assertThat(log).as("the local cloud's log holds the %s", secret.getKey()).doesNotContain(secret.getValue());
        }
        // What would make a key or signature visible under another name: presigned query strings, bearer headers.
        assertThat(log).doesNotContain("X-Amz-Signature=").doesNotContainIgnoringCase("bearer ey");
    }

    private static String viewToken(String link) {
        Matcher m = Pattern.compile("[?&]vt=([^&#\"]+)").matcher(link);
        assertThat(m.find()).as(link).isTrue();
        return m.group(1);
    }

    /** A backend token signed as a client library signs it, with extra claims. */
    private static String signed(Project project, Instant issued, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().jwtID(project.publicKey())
                .issueTime(Date.from(issued.minusSeconds(5))).expirationTime(Date.from(issued.plusSeconds(3600)));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set.build());
        jwt.sign(new MACSigner(project.secretKey().getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** A small real JPEG. */
    static final class TinyImages {
        static byte[] jpeg() throws Exception {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 12,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "jpg", bytes);
            return bytes.toByteArray();
        }
    }

    static {
        // Keep the token issuer's class in use so that the test's tokens match what clients get.
        TokenIssuer.class.getName();
        Clock.systemUTC();
    }
}
