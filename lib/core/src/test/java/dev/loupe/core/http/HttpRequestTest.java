package dev.loupe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

    private static APIGatewayV2HTTPEvent event(String method, String rawQuery, Map<String, String> headers,
                                               String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(method + " /v1/things/{id}")
                .withRawPath("/v1/things/abc")
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withPathParameters(Map.of("id", "abc"))
                .withCookies(List.of("session=s1", "theme=dark"))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("api.example.test")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withSourceIp("203.0.113.9").build())
                        .build())
                .build();
    }

    @Test
    void readsPathQueryHeadersAndCookies() {
        HttpRequest request = HttpRequest.from(event("GET", "image%5B%5D=a.jpg&image%5B%5D=b.jpg&start=5",
                Map.of("Accept", "application/xml", "X-Forwarded-Proto", "https"), null, false));

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.pathParameter("id")).contains("abc");
        assertThat(request.params().all("image")).containsExactly("a.jpg", "b.jpg");
        assertThat(request.params().integer("start", 0, 100)).contains(5);
        assertThat(request.header("accept")).contains("application/xml");
        assertThat(request.header("ACCEPT")).contains("application/xml");
        assertThat(request.cookie("theme")).contains("dark");
        assertThat(request.preferredFormat()).isEqualTo(Format.XML);
        assertThat(request.baseUrl()).isEqualTo("https://api.example.test");
        assertThat(request.sourceIp()).contains("203.0.113.9");
    }

    @Test
    void aContentTypeOfParametersAloneHasNoMediaType() {
        // Found by HttpRequestFuzzTest: a Content-Type of ";" was split into no parts at all and read at [0], a 500.
        for (String contentType : new String[] {";", ";;", " ; charset=utf-8", ""}) {
            HttpRequest request = HttpRequest.from(event("POST", null, Map.of("content-type", contentType),
                    "{\"title\":\"Trip\"}", false));
            assertThat(request.mediaType()).as("Content-Type '%s'", contentType).isEmpty();
            // No media type: the body is read as JSON, as without a Content-Type.
            assertThat(request.params().first("title")).as("Content-Type '%s'", contentType).contains("Trip");
        }
        assertThat(HttpRequest.mediaType(" Application/JSON ; charset=utf-8")).isEqualTo("application/json");
        assertThat(HttpRequest.mediaType(null)).isEmpty();
    }

    @Test
    void jsonBodyFieldsBecomeParameters() {
        HttpRequest request = HttpRequest.from(event("POST", "name=from-query",
                Map.of("content-type", "application/json; charset=utf-8"),
                "{\"title\":\"Trip\",\"image\":[\"x\",\"y\"],\"limit\":20,\"v\":\"client-1.0\"}", false));

        assertThat(request.params().first("title")).contains("Trip");
        assertThat(request.params().all("image")).containsExactly("x", "y");
        assertThat(request.params().first("limit")).contains("20");
        assertThat(request.params().first("name")).contains("from-query");
        assertThat(request.json().path("title").asText()).isEqualTo("Trip");
    }

    @Test
    void formBodyKeepsPhpStyleNestedKeys() {
        HttpRequest request = HttpRequest.from(event("POST", "",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "files%5B0%5D%5Bserver_filename%5D=abc.jpg&files%5B0%5D%5Bfilename%5D=My+photo.jpg&tool=resizeimage",
                false));

        assertThat(request.params().first("files[0][server_filename]")).contains("abc.jpg");
        assertThat(request.params().first("files[0][filename]")).contains("My photo.jpg");
        assertThat(request.params().first("tool")).contains("resizeimage");
    }

    @Test
    void base64MultipartBodyGivesFieldsAndFiles() {
        String boundary = "----LoupeBoundary7MA4YWxkTrZu0gW";
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"task\"\r\n\r\n"
                + "t123\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"dot.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), png, tail.getBytes(StandardCharsets.UTF_8));

        HttpRequest request = HttpRequest.from(event("POST", "",
                Map.of("content-type", "multipart/form-data; boundary=" + boundary),
                Base64.getEncoder().encodeToString(body), true));

        assertThat(request.params().first("task")).contains("t123");
        Part file = request.parts().stream().filter(Part::isFile).findFirst().orElseThrow();
        assertThat(file.name()).isEqualTo("file");
        assertThat(file.fileName()).contains("dot.png");
        assertThat(file.contentType()).contains("image/png");
        assertThat(file.content()).isEqualTo(png);
    }

    @Test
    void malformedInputIsA400WithItsOwnCode() {
        assertThatThrownBy(() -> HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"title\":", false)).params())
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("malformed_json");
                });
        assertThatThrownBy(() -> HttpRequest.from(event("POST", "", Map.of(), "***not base64***", true)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("malformed_body"));
        assertThatThrownBy(() -> HttpRequest.from(event("POST", "",
                Map.of("content-type", "multipart/form-data; boundary=zzz"), "no parts here", false)).parts())
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("malformed_multipart"));
        assertThatThrownBy(() -> HttpRequest.from(event("POST", "", Map.of("content-type", "text/plain"), "x",
                false)).parts())
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(415));
    }

    @Test
    void bodyAboveTheLambdaLimitIsA413() {
        byte[] big = new byte[PayloadLimits.LAMBDA_PAYLOAD_BYTES + 1];
        assertThatThrownBy(() -> HttpRequest.from(event("POST", "", Map.of("content-type", "image/jpeg"),
                Base64.getEncoder().encodeToString(big), true)))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("payload_too_large");
                });
    }

    @Test
    void integerParametersAreChecked() {
        HttpRequest request = HttpRequest.from(event("GET", "limit=500&start=abc", Map.of(), null, false));
        assertThatThrownBy(() -> request.params().integer("limit", 1, 100))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.param()).contains("limit"));
        assertThatThrownBy(() -> request.params().integer("start", 0, Integer.MAX_VALUE))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.param()).contains("start"));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) length += p.length;
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void nestedListsComeFromPhpStyleFormKeysAndFromJsonArraysAlike() {
        HttpRequest form = HttpRequest.from(event("POST", "", Map.of("content-type",
                "application/x-www-form-urlencoded"), "tool=rotateimage&files%5B1%5D%5Bserver_filename%5D=b.jpg"
                + "&files%5B0%5D%5Bserver_filename%5D=a.jpg&files%5B0%5D%5Bfilename%5D=A.jpg"
                + "&files%5B1%5D%5Brotate%5D=90&v=php1.0", false));
        assertThat(form.params().objects("files")).containsExactly(
                Map.of("server_filename", "a.jpg", "filename", "A.jpg"),
                Map.of("server_filename", "b.jpg", "rotate", "90"));

        HttpRequest json = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"files\": [{\"server_filename\": \"a.jpg\", \"rotate\": 180}, {\"server_filename\": \"b.jpg\"}]}",
                false));
        assertThat(json.params().objects("files")).containsExactly(
                Map.of("server_filename", "a.jpg", "rotate", "180"), Map.of("server_filename", "b.jpg"));
        assertThat(json.params().objects("elements")).isEmpty();

        HttpRequest notObjects = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"files\": [\"a.jpg\"]}", false));
        assertThatThrownBy(() -> notObjects.params().objects("files")).isInstanceOf(ApiError.class);
    }

    @Test
    void theHostAndBaseUrlAreTheApisDomainNeverTheHostOrForwardedHeaders() {
        HttpRequest forged = HttpRequest.from(event("GET", "", Map.of("host", "evil.example:666",
                "x-forwarded-proto", "javascript", "x-forwarded-host", "evil.example"), null, false));
        assertThat(forged.host()).isEqualTo("api.example.test");
        assertThat(forged.baseUrl()).isEqualTo("https://api.example.test");
        assertThat(HttpRequest.from(event("GET", "", Map.of(), null, false)).host()).isEqualTo("api.example.test");
    }

    @Test
    void aConfiguredBaseUrlMustBeAnHttpUrlWithAHost() {
        assertThat(PublicBaseUrl.checked("https://images.example.com/")).isEqualTo("https://images.example.com");
        assertThat(PublicBaseUrl.checked("http://127.0.0.1:3000")).isEqualTo("http://127.0.0.1:3000");
        assertThatThrownBy(() -> PublicBaseUrl.checked("ftp://x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PublicBaseUrl.checked("https://x/?a=1")).isInstanceOf(IllegalStateException.class);
    }

    private static APIGatewayV2HTTPEvent withPathParameter(String value) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey("GET /v1/images/{id}").withRawPath("/v1/images/x")
                .withPathParameters(Map.of("id", value)).build();
    }

    @Test
    void aPathParameterTooLongOrWithAControlCharacterIsA400() {
        for (String bad : List.of("A".repeat(2100), "a\u0000b", "\u0001", "x\u001b[31m", "line\r\nbreak")) {
            assertThatThrownBy(() -> HttpRequest.from(withPathParameter(bad)))
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("bad_path");
                        assertThat(e.getMessage()).doesNotContain(bad);
                    });
        }
        assertThat(HttpRequest.from(withPathParameter("A".repeat(HttpRequest.MAX_PATH_SEGMENT)))
                .pathParameter("id")).isPresent();
        assertThat(HttpRequest.from(withPathParameter("Café & friends")).pathParameter("id"))
                .contains("Café & friends");
    }

    @Test
    void aNulInAMultipartFileNameIsA400() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\u0000.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nPNG\r\n--b--\r\n";
        HttpRequest request = HttpRequest.from(event("POST", "", Map.of("content-type",
                "multipart/form-data; boundary=b"), body, false));
        assertThatThrownBy(request::parts).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(request::params).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void jsonIsReadStrictlyNoInfinityAndNothingAfterTheValue() {
        HttpRequest huge = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"title\":1e999}", false));
        assertThatThrownBy(huge::params).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        HttpRequest trailing = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"title\":\"a\"} garbage", false));
        assertThatThrownBy(trailing::params).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(trailing::json).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        HttpRequest big = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"n\":123456789012345678901234567890, \"d\":1.5}", false));
        assertThat(big.params().first("n")).contains("123456789012345678901234567890");
        assertThat(big.params().first("d")).contains("1.5");
    }

    @Test
    void aPlainValueWhereKeyedValuesGoIsA400NotIgnored() {
        HttpRequest plain = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"captions\": \"not an object\"}", false));
        assertThatThrownBy(() -> plain.params().keyed("captions")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        HttpRequest object = HttpRequest.from(event("POST", "", Map.of("content-type", "application/json"),
                "{\"captions\": {\"a\": \"x\"}}", false));
        assertThat(object.params().keyed("captions")).containsExactly(Map.entry("a", "x"));
        assertThat(object.params().keyed("caption")).isEmpty();
    }
}
