package dev.loupe.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.gateway.fixtures.Special;
import dev.loupe.local.lambda.FunctionHost;
import dev.loupe.local.template.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway and the function host together, over real HTTP on loopback, with fixture functions: the payload v2
 * event they build, how answers come back, and API Gateway's behaviour around functions.
 */
class HttpGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_KEY = "local_admin_test";
    private static FunctionHost host;
    private static HttpGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path root = LoupeRoot.path();
        Template template = Template.load(root,
                Path.of(HttpGatewayTest.class.getResource("/gateway-fixture-template.yaml").toURI()));
        host = new FunctionHost(template, Map.of("AWS_REGION", "us-east-1"), Map.of());
        gateway = new HttpGateway(template, host, 0, ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        host.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUri() + pathAndQuery));
    }

    @Test
    void anIamAuthorizedRouteAnswers403WithoutTheAdminKeyAndServesTheLoopbackCallerThatHasIt() throws Exception {
        assertThat(send(at("/operators").GET()).statusCode()).isEqualTo(403);
        assertThat(new String(send(at("/operators").GET().header(HttpGateway.ADMIN_KEY_HEADER, "local_admin_wrong"))
                .body())).isEqualTo("{\"message\":\"Forbidden\"}");

        HttpResponse<byte[]> admitted = send(at("/operators").GET().header(HttpGateway.ADMIN_KEY_HEADER, ADMIN_KEY));
        assertThat(admitted.statusCode()).isEqualTo(202);
        JsonNode seen = JSON.readTree(admitted.body());
        assertThat(seen.path("routeKey").asText()).isEqualTo("GET /operators");
        assertThat(seen.at("/headers/x-local-admin-key").isMissingNode()).as("the key stays in the gateway").isTrue();
    }

    @Test
    void theInvokeRouteHandsTheEventToTheFunctionAndAnswersItsRawResultForTheAdminOnly() throws Exception {
        String event = "{\"version\":\"2.0\",\"routeKey\":\"GET /things/{id}\",\"rawPath\":\"/things/x\","
                + "\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"isBase64Encoded\":false}";
        assertThat(send(at("/_local/invoke/EchoFunction").POST(HttpRequest.BodyPublishers.ofString(event)))
                .statusCode()).isEqualTo(403);

        HttpResponse<byte[]> raw = send(at("/_local/invoke/EchoFunction").header(HttpGateway.ADMIN_KEY_HEADER,
                ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString(event)));
        assertThat(raw.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(raw.body());
        assertThat(result.path("statusCode").asInt()).isEqualTo(202);
        assertThat(JSON.readTree(result.path("body").asText()).path("rawPath").asText()).isEqualTo("/things/x");

        HttpResponse<byte[]> unknown = send(at("/_local/invoke/NoSuchFunction").header(HttpGateway.ADMIN_KEY_HEADER,
                ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unknown.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(unknown.body()).path("errorMessage").asText()).contains("NoSuchFunction");
    }

    @Test
    void buildsThePayloadV2EventAndReturnsTheAnswerAsHttp() throws Exception {
        HttpResponse<byte[]> response = send(at("/things/a%20b?tag=x&tag=y&q=caf%C3%A9")
                .header("Cookie", "session=s1; theme=dark")
                .header("X-Custom", "Value")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"world\"}"))
                .header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("x-fixture")).contains("echo");
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder("seen=yes; Path=/", "other=1");
        JsonNode seen = JSON.readTree(response.body());
        assertThat(seen.path("routeKey").asText()).isEqualTo("POST /things/{id}");
        assertThat(seen.path("rawPath").asText()).isEqualTo("/things/a%20b");
        assertThat(seen.path("method").asText()).isEqualTo("POST");
        assertThat(seen.at("/pathParameters/id").asText()).isEqualTo("a b");
        assertThat(seen.path("rawQueryString").asText()).isEqualTo("tag=x&tag=y&q=caf%C3%A9");
        assertThat(seen.at("/queryStringParameters/tag").asText()).isEqualTo("x,y");
        assertThat(seen.at("/queryStringParameters/q").asText()).isEqualTo("café");
        assertThat(seen.path("cookies")).hasSize(2);
        assertThat(seen.path("cookies").get(1).asText()).isEqualTo("theme=dark");
        assertThat(seen.at("/headers/x-custom").asText()).isEqualTo("Value");
        assertThat(seen.at("/headers/cookie").isMissingNode()).isTrue();
        assertThat(seen.path("body").asText()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(seen.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(seen.path("functionName").asText()).isEqualTo("EchoFunction");
    }

    @Test
    void binaryBodiesTravelInBase64BothWays() throws Exception {
        byte[] bytes = {1, 2, 3, (byte) 0xfe};
        HttpResponse<byte[]> echoed = send(at("/things/x").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertThat(echoed.statusCode()).as(new String(echoed.body())).isEqualTo(202);
        JsonNode seen = JSON.readTree(echoed.body());
        assertThat(seen.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(seen.path("body").asText())).isEqualTo(bytes);

        HttpResponse<byte[]> image = send(at("/things/special").GET());
        assertThat(image.headers().firstValue("content-type")).contains("image/png");
        assertThat(image.body()).isEqualTo(Special.BYTES);
    }

    @Test
    void routesFollowApiGatewaysPrecedence() throws Exception {
        assertThat(send(at("/things/special").GET()).headers().firstValue("content-type")).contains("image/png");
        assertThat(JSON.readTree(send(at("/things/other").GET()).body()).path("routeKey").asText())
                .isEqualTo("GET /things/{id}");
        JsonNode greedy = JSON.readTree(send(at("/files/a/b/c.jpg").method("DELETE",
                HttpRequest.BodyPublishers.noBody())).body());
        assertThat(greedy.path("routeKey").asText()).isEqualTo("ANY /files/{proxy+}");
        assertThat(greedy.at("/pathParameters/proxy").asText()).isEqualTo("a/b/c.jpg");
        assertThat(send(at("/things/x/more").GET()).statusCode()).isEqualTo(404);
        assertThat(send(at("/things/x").method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFailingFunctionIs500AndASlowOneIs503() throws Exception {
        HttpResponse<byte[]> failed = send(at("/fail").GET());
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(new String(failed.body())).isEqualTo("{\"message\":\"Internal Server Error\"}");

        long started = System.nanoTime();
        HttpResponse<byte[]> slow = send(at("/slow").GET());
        assertThat(slow.statusCode()).isEqualTo(503);
        assertThat((System.nanoTime() - started) / 1_000_000).as("answered at the 1 s timeout").isLessThan(15_000);
    }

    @Test
    void corsFollowsTheTemplate() throws Exception {
        HttpResponse<byte[]> allowed = send(at("/things/x").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.test").header("Access-Control-Request-Method", "POST"));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).contains("https://app.example.test");
        assertThat(allowed.headers().firstValue("access-control-max-age")).contains("300");

        HttpResponse<byte[]> other = send(at("/things/x").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.test").header("Access-Control-Request-Method", "POST"));
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<byte[]> actual = send(at("/things/x").GET().header("Origin", "https://app.example.test"));
        assertThat(actual.headers().firstValue("access-control-allow-origin")).contains("https://app.example.test");
        assertThat(actual.headers().firstValue("access-control-expose-headers")).contains("content-disposition");
    }
}
