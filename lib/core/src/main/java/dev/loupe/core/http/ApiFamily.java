package dev.loupe.core.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * How one API family answers: its success bodies and its error shape. One implementation per
 * family; handlers pick theirs and never build responses by hand.
 */
public abstract class ApiFamily {

    /** A success answer: {@code body} as JSON, or as XML when the caller prefers it. */
    public APIGatewayV2HTTPResponse ok(int status, Object body, Format format) {
        return respond(status, format, body);
    }

    /** 204: done, nothing to say (a delete). */
    public APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                .withHeaders(new LinkedHashMap<>(Map.of("Cache-Control", "no-store"))).build();
    }

    /** The family's error shape for {@code error}. */
    public APIGatewayV2HTTPResponse error(ApiError error, Format format) {
        APIGatewayV2HTTPResponse response = respond(error.status(), format, errorBody(error, format));
        if (error.status() == 429) {
            response.getHeaders().put("Retry-After", "1");
        }
        response.getHeaders().putAll(error.headers());
        return response;
    }

    /** The object that renders as this family's error in {@code format}. */
    protected abstract Object errorBody(ApiError error, Format format);

    private APIGatewayV2HTTPResponse respond(int status, Format format, Object body) {
        String text;
        try {
            text = format == Format.XML ? Mappers.xml().writeValueAsString(body) : Mappers.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > PayloadLimits.LAMBDA_PAYLOAD_BYTES - 64 * 1024) {
            // Lambda would refuse this payload outright; answer with an error the caller can act on instead.
            ApiError tooLarge = new ApiError(500, "response_too_large",
                    "The answer is larger than a Lambda response may be; ask for a smaller page");
            return respond(500, format, errorBody(tooLarge, format));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", format.contentType() + "; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(text)
                .withIsBase64Encoded(false)
                .build();
    }
}
