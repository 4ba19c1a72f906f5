package dev.loupe.local.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The handler of greeting-template.yaml, written as another project would: nothing of the local cloud or of Loupe.
 * It reads its environment as the local cloud documents (its class loader's function-environment.properties, here
 * the context class loader, since test classes load from the test class path), else from the process.
 */
public final class Greet implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Properties environment = environment();
        String message = environment.getProperty("MESSAGE").replace("{name}", event.getPathParameters().get("name"));
        String body = String.join("\n", message, environment.getProperty("WHERE"),
                environment.getProperty("TABLE_ARN"), environment.getProperty("STAGE"),
                environment.getProperty("AWS_LAMBDA_FUNCTION_NAME"));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(body).build();
    }

    private static Properties environment() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("META-INF/function-environment.properties")) {
            if (in != null) {
                properties.load(in);
            } else {
                properties.putAll(System.getenv());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
