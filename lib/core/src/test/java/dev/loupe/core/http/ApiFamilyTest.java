package dev.loupe.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ApiFamilyTest {
    private final ApiError badLimit = ApiError.badParameter("limit", "limit must be between 1 and 100");

    @Test
    void loupeRoutesRenderTheConventionsErrorObject() throws Exception {
        APIGatewayV2HTTPResponse response = LoupeApi.INSTANCE.error(badLimit, Format.JSON);
        JsonNode error = Mappers.JSON.readTree(response.getBody()).path("error");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("code").asText()).isEqualTo("bad_parameter");
        assertThat(error.path("message").asText()).isEqualTo("limit must be between 1 and 100");
        assertThat(error.path("param").asText()).isEqualTo("limit");

        String xml = LoupeApi.INSTANCE.error(badLimit, Format.XML).getBody();
        assertThat(xml).contains("<error><status>400</status><code>bad_parameter</code>")
                .contains("<param>limit</param>");
    }

    @Test
    void taskApiUsesTheReferenceTypesAndHttpCode() throws Exception {
        JsonNode processing = Mappers.JSON.readTree(TaskApi.INSTANCE.error(
                new ApiError(400, "ProcessingError", "Some files failed", "files"), Format.JSON).getBody());
        assertThat(processing.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(processing.at("/error/code").asInt()).isEqualTo(400);
        assertThat(processing.at("/error/param").asText()).isEqualTo("files");

        JsonNode auth = Mappers.JSON.readTree(TaskApi.INSTANCE.error(
                ApiError.unauthorized("token_expired", "The token expired"), Format.JSON).getBody());
        assertThat(auth.at("/error/type").asText()).isEqualTo("HTTP Error");
        assertThat(auth.at("/error/code").asInt()).isEqualTo(401);
        assertThat(auth.at("/error/reason").asText()).isEqualTo("token_expired");
    }

    @Test
    void galleryErrorsHaveTheReferenceXmlShapeAndTheSameCodeInJson() throws Exception {
        ApiError notOwner = new ApiError(403, "not_owner_save_album",
                "You are not authorized to modify specified album");

        APIGatewayV2HTTPResponse xml = GalleryApi.INSTANCE.error(notOwner, Format.XML);
        assertThat(xml.getStatusCode()).isEqualTo(403);
        assertThat(xml.getHeaders().get("Content-Type")).startsWith("application/xml");
        assertThat(xml.getBody()).startsWith("<?xml")
                .contains("<errors><error code=\"not_owner_save_album\">"
                        + "You are not authorized to modify specified album</error></errors>");

        JsonNode json = Mappers.JSON.readTree(GalleryApi.INSTANCE.error(notOwner, Format.JSON).getBody());
        assertThat(json.at("/errors/0/code").asText()).isEqualTo("not_owner_save_album");
        assertThat(json.at("/errors/0/message").asText()).isEqualTo("You are not authorized to modify specified album");
    }

    @Test
    void imageListingErrorsCarryTheReferencesRefAndSummary() throws Exception {
        ApiError badOffset = new ApiError(400, "106", "Invalid parameter: offset", "offset");

        APIGatewayV2HTTPResponse xml = ListingApi.INSTANCE.error(badOffset, Format.XML);
        assertThat(xml.getStatusCode()).isEqualTo(400);
        assertThat(xml.getBody()).endsWith("<error><ref>106</ref><summary>Invalid parameter: offset</summary></error>");

        JsonNode json = Mappers.JSON.readTree(ListingApi.INSTANCE.error(badOffset, Format.JSON).getBody());
        assertThat(json.at("/error/ref").asText()).isEqualTo("106");
        assertThat(json.at("/error/summary").asText()).isEqualTo("Invalid parameter: offset");
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        APIGatewayV2HTTPResponse response = LoupeApi.INSTANCE.error(
                new ApiError(429, "too_many_requests", "Slow down"), Format.JSON);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1");
    }

    @Test
    void anAnswerLambdaCouldNotCarryBecomesAClearError() throws Exception {
        record Big(String data) {
        }
        APIGatewayV2HTTPResponse response = LoupeApi.INSTANCE.ok(200, new Big("x".repeat(PayloadLimits.LAMBDA_PAYLOAD_BYTES)),
                Format.JSON);
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(Mappers.JSON.readTree(response.getBody()).at("/error/code").asText())
                .isEqualTo("response_too_large");
    }
}
