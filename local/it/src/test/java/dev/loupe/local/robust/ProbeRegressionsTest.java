package dev.loupe.local.robust;

import static dev.loupe.local.testing.ProjectClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleFolders;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answers the outside probe found to be 500 (issue 13, section 2), each now a clear 4xx in its API's format, and
 * the Host header that was echoed into answers.
 */
@LoupeCloudTest
class ProbeRegressionsTest {
    private static ProjectClient cloud;
    private static final String LONG_ID = "A".repeat(2_100);

    @BeforeAll
    static void seed(ProjectClient shared) throws Exception {
        cloud = shared;
        SampleFolders.seedFolder(cloud, "probe-folder", "Probe");
        SampleLibrary.seedImage(cloud, "probe-image", "p.jpg", Optional.of("probe-folder"));
        json(cloud.postJson("/v1/galleries", "{\"name\": \"probe\", \"image\": [\"probe-image\"]}"), 201);
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws Exception {
        return HttpClients.sendBytes(cloud.baseUri(), method, path, cloud.token(), contentType, body, Map.of());
    }

    @Test
    void aNulInAMultipartFileNameIsA400OnEveryRouteThatReadsOne() throws Exception {
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\u0000.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nPNG\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
        for (String route : new String[]{"/v1/uploads", "/v1/auth", "/v1/galleries", "/v1/galleries/probe/images",
                "/v1/imports", "/v1/upload", "/ws/customers/" + cloud.project().projectId() + "/library/folders/probe-folder/images"}) {
            HttpResponse<String> answer = send("POST", route, "multipart/form-data; boundary=b", body);
            assertThat(answer.statusCode()).as(route + ": " + answer.body()).isBetween(400, 499);
        }
    }

    @Test
    void idsOfThousandsOfCharactersAreRefusedBeforeTheyReachAKey() throws Exception {
        for (String method : new String[]{"GET", "DELETE"}) {
            HttpResponse<String> answer = send(method, "/v1/images/" + LONG_ID, null, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(json(answer).at("/error/code").asText()).isEqualTo("bad_path");
        }
        HttpResponse<String> create = send("POST", "/v1/galleries", "application/json",
                ("{\"image\": [\"" + LONG_ID + "\"]}").getBytes(StandardCharsets.UTF_8));
        assertThat(create.statusCode()).as(create.body()).isEqualTo(400);
        HttpResponse<String> add = send("POST", "/v1/galleries/probe/images", "application/json",
                ("{\"image\": [\"" + LONG_ID + "\"]}").getBytes(StandardCharsets.UTF_8));
        assertThat(add.statusCode()).as(add.body()).isEqualTo(400);
    }

    @Test
    void aControlCharacterInAnAtomPathSegmentIsA400InAtomsFormat() throws Exception {
        String atom = "/ws/customers/%s/library/folders";
        for (String bad : new String[]{"%00", "%01", "%1b"}) {
            for (String path : new String[]{atom.formatted(bad), atom.formatted(cloud.project().projectId()) + "/" + bad,
                    atom.formatted(cloud.project().projectId()) + "/" + bad + "/images", atom.formatted(cloud.project().projectId()) + "/probe-folder/images/" + bad}) {
                HttpResponse<String> answer = send("GET", path, null, null);
                assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(400);
                assertThat(answer.body()).contains("bad_path");
            }
        }
    }

    @Test
    void jsonIsReadStrictly() throws Exception {
        HttpResponse<String> infinite = send("PATCH", "/v1/galleries/probe", "application/json",
                "{\"title\": 1e999}".getBytes(StandardCharsets.UTF_8));
        assertThat(infinite.statusCode()).as(infinite.body()).isEqualTo(400);
        HttpResponse<String> trailing = send("PATCH", "/v1/galleries/probe", "application/json",
                "{\"title\": \"ok\"} trailing".getBytes(StandardCharsets.UTF_8));
        assertThat(trailing.statusCode()).as(trailing.body()).isEqualTo(400);
        JsonNode gallery = json(cloud.get("/v1/galleries/probe"), 200);
        assertThat(gallery.toString()).doesNotContain("Infinity").doesNotContain("\"ok\"");
    }

    @Test
    void anAtomFolderCreateWithAnExternalDoctypeIsA400BadEntry() throws Exception {
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE entry SYSTEM \"http://127.0.0.1:9/atom.dtd\">\n"
                + "<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:content><Folder><Name>Doctyped"
                + "</Name></Folder></atom:content></atom:entry>";
        HttpResponse<String> answer = send("POST", "/ws/customers/" + cloud.project().projectId()
                + "/library/folders", "application/atom+xml",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("bad_entry");
        assertThat(cloud.get("/v1/folders").body()).doesNotContain("Doctyped");
    }

    @Test
    void theHostHeaderIsNeverEchoedIntoAnswers() throws Exception {
        String own = cloud.baseUri().getAuthority();
        String start = raw("GET /v1/start/resizeimage HTTP/1.1\r\nHost: evil.example:666\r\nAuthorization: Bearer "
                + cloud.token() + "\r\nConnection: close\r\n\r\n");
        assertThat(start).contains(" 200 ").contains("\"server\":\"" + own + "\"").doesNotContain("evil.example");
        String gallery = raw("GET /v1/galleries/probe HTTP/1.1\r\nHost: evil.example:666\r\nX-Forwarded-Host: "
                + "evil.example\r\nX-Forwarded-Proto: javascript\r\nAuthorization: Bearer " + cloud.token()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(gallery).contains(" 200 ").contains("http://" + own + "/p/").doesNotContain("evil.example")
                .doesNotContain("javascript:");
        String page = raw("GET /p/" + cloud.project().projectId() + "/g/probe HTTP/1.1\r\nHost: evil.example:666"
                + "\r\nConnection: close\r\n\r\n");
        assertThat(page).contains(" 200 ").doesNotContain("evil.example");
    }

    /** One request written by hand (the JDK's client won't send another Host), the whole answer as text. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", cloud.baseUri().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
