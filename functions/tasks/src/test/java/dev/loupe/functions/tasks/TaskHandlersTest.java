package dev.loupe.functions.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.task.TaskCleanup;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskService;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The task API family's frame (gate, rate headers, debug echo) and the tasks table's stream consumer, with their
 * sample events: the real services over a table and a bucket that hold nothing, the real verifier over a test
 * project, a gate that admits every call.
 */
class TaskHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final TaskStore STORE = new TaskStore(EMPTY, "tasks");
    private static final TaskObjects OBJECTS = new TaskObjects(NoAws.client(S3Client.class), "tasks-bucket");
    private static final TaskService SERVICE = new TaskService(STORE, OBJECTS, () -> {
        throw new AssertionError("no cloud_file in these events");
    }, new TaskSettings(10_000_000, 20, 50, Duration.ofHours(2), Duration.ofSeconds(29)), Clock.systemUTC());
    private static final ProjectGate ADMIT_ALL = new ProjectGate((project, limit, window) ->
            new RateLimiter.Decision(true, limit, limit - 1, Instant.now().plus(window)),
            new ProjectGate.Rate(100, Duration.ofMinutes(1)), Clock.systemUTC(), line -> { });

    @ParameterizedTest(name = "{0}")
    @SampleEvents("TaskStartFunction")
    void startAnswersItsSampleEventsWithTheRateHeaders(SampleEvent event) {
        var response = new StartTask(TestProject.authenticator(), () -> ADMIT_ALL, SERVICE)
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null);

        event.assertAnswered(response);
        assertThat(response.getHeaders()).containsEntry(ProjectGate.LIMIT, "100");
    }

    @Test
    void theFrameRefusesAMissingTokenBeforeTheGate() {
        var request = APIGatewayV2HTTPEvent.builder().withRawPath("/v1/info").withHeaders(java.util.Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build();

        var response = new TaskInfo(TestProject.authenticator(), () -> {
            throw new AssertionError("the gate is passed only by a verified caller");
        }, SERVICE).handleRequest(request, null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"error\":{").contains("\"reason\":\"missing_token\"");
        assertThat(response.getHeaders()).doesNotContainKey(ProjectGate.LIMIT);
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("TaskCleanupFunction")
    void theCleanUpReportsNoFailureForARemovalItCouldCleanUp(SampleEvent event) {
        var response = new CleanUpTask(new TaskCleanup(STORE, OBJECTS))
                .handleRequest(event.as(DynamodbEvent.class, TestProject.placeholders()), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}
