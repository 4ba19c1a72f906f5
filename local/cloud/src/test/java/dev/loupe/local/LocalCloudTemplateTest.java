package dev.loupe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The local cloud on a template that is not Loupe's (greeting-template.yaml, its handler {@code samples.Greet}):
 * provisioned, its parameters (one overridden, one by default) and {@code !Sub} forms resolved into the function's
 * environment, Globals merged, and its route answered over HTTP.
 */
class LocalCloudTemplateTest {

    @Test
    void runsAnotherProjectsTemplateAndAnswersItsRoute() throws Exception {
        Path template = Path.of(LocalCloudTemplateTest.class.getResource("/greeting-template.yaml").toURI());
        LocalCloud.Options options = LocalCloud.Options.forTests(LoupeRoot.path()).withTemplate(template)
                .withParameters(Map.of("Greeting", "Hi"));
        try (LocalCloud cloud = LocalCloud.start(options)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/greet/ada")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            String tableArn = cloud.provisioned().tableArns().get("NotesTable");
            assertThat(tableArn).isNotBlank();
            assertThat(response.body().split("\n")).containsExactly(
                    "Hi, ada!",
                    cloud.backend().region() + "/" + cloud.provisioned().tableName("NotesTable") + " ${Literal}",
                    "arn=" + tableArn,
                    "local",
                    "GreetFunction");
        }
    }

    @Test
    void refusesAParameterTheTemplateDoesNotDeclare() throws Exception {
        Path template = Path.of(LocalCloudTemplateTest.class.getResource("/greeting-template.yaml").toURI());
        LocalCloud.Options options = LocalCloud.Options.forTests(LoupeRoot.path()).withTemplate(template)
                .withParameters(Map.of("Farewell", "Bye"));
        assertThatThrownBy(() -> LocalCloud.start(options).close())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Farewell");
    }
}
