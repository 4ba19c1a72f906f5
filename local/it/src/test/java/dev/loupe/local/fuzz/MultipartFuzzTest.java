package dev.loupe.local.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Part;
import java.util.Map;

/** Multipart bodies (commons-fileupload underneath): parts with their names, file names and types, and the fields. */
class MultipartFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyMultipartBodyParsesOrIsRefused(FuzzedDataProvider data) {
        String boundary = data.consumeBoolean() ? "b" : data.consumeString(72);
        byte[] body = data.consumeRemainingAsBytes();
        APIGatewayV2HTTPEvent event = HttpEvents.post("/v1/uploads",
                Map.of("content-type", "multipart/form-data; boundary=" + boundary), body);

        FuzzRules.parse(() -> {
            HttpRequest request = HttpRequest.from(event);
            for (Part part : request.parts()) {
                part.name();
                part.fileName();
                part.contentType();
                part.isFile();
            }
            request.params().asMap();
        });
    }
}
