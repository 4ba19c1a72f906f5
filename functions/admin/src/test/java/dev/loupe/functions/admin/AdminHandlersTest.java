package dev.loupe.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.http.ApiHandler;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every administration function with its sample events, on a map of projects holding the test project: what each
 * answers, and that a route's event is one the IAM authorizer let through (it carries no token of Loupe's).
 */
class AdminHandlersTest {
    private final FakeProjects projects = new FakeProjects().with(TestProject.PROJECT);
    private final List<ProjectPurge.Message> purges = new ArrayList<>();
    private final ProjectAdministration administration = new ProjectAdministration(projects, purges::add,
            Clock.systemUTC());

    private void check(ApiHandler handler, SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
        assertThat(request.getHeaders()).as("an IAM-authorized route's event").doesNotContainKey("authorization");
        event.assertAnswered(handler.handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectCreateFunction")
    void create(SampleEvent event) {
        check(new CreateProject(administration), event);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectListFunction")
    void list(SampleEvent event) {
        check(new ListProjects(administration), event);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectViewFunction")
    void view(SampleEvent event) {
        check(new ViewProject(administration), event);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectUpdateFunction")
    void update(SampleEvent event) {
        check(new UpdateProject(administration), event);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectRotateFunction")
    void rotate(SampleEvent event) {
        check(new RotateProjectKey(administration), event);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectDeleteFunction")
    void delete(SampleEvent event) {
        check(new DeleteProject(administration), event);
        assertThat(purges).as("an unknown project queues no purge").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("AdminProjectPurgeFunction")
    void purge(SampleEvent event) throws Exception {
        List<ProjectPurge.Message> next = new ArrayList<>();
        // No tables or buckets: a round past the last step ends the purge (pass 2) or starts the second pass.
        var worker = new PurgeProject(new ProjectPurge(null, null, List.of(), List.of(),
                (message, delay) -> next.add(message)));
        var answer = worker.handleRequest(event.as(SQSEvent.class, TestProject.placeholders()), null);
        String json = new ObjectMapper().writeValueAsString(answer);
        assertThat(new ObjectMapper().readTree(json).at(event.expected().path("pointer").asText()).toString())
                .matches(event.expected().path("matches").asText());
        assertThat(next).as("a done purge or a dropped message queues nothing").isEmpty();
    }
}
