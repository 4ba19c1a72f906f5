package dev.loupe.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SAM's Schedule and ScheduleV2 events as the local cloud reads and runs them: expressions, Input, the event. */
class ScheduleEventSourceTest {
    @Test
    void readsBothKindsFromTheTemplate(@TempDir Path root) throws Exception {
        Path file = root.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  Ticker:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Ticker::handleRequest
                      CodeUri: ticker.jar
                      Events:
                        Daily:
                          Type: Schedule
                          Properties:
                            Schedule: rate(1 day)
                            Input: '{"frequency": "daily"}'
                        Nightly:
                          Type: ScheduleV2
                          Properties:
                            ScheduleExpression: cron(0 3 * * ? *)
                        Paused:
                          Type: Schedule
                          Properties:
                            Schedule: rate(5 minutes)
                            Enabled: false
                """);
        var schedules = Template.load(root, file).functions().get("Ticker").schedules();
        assertThat(schedules).extracting(FunctionDef.ScheduleSource::name).containsExactly("Daily", "Nightly", "Paused");
        FunctionDef.ScheduleSource daily = schedules.get(0);
        assertThat(daily.expression()).isEqualTo("rate(1 day)");
        assertThat(daily.enabled()).isTrue();
        assertThat(ScheduleEventSource.event(daily, "us-east-1", Instant.now())).isEqualTo("{\"frequency\": \"daily\"}");
        assertThat(schedules.get(2).enabled()).isFalse();

        // Without Input: EventBridge's scheduled event (Scheduler's source for ScheduleV2).
        JsonNode event = new ObjectMapper().readTree(ScheduleEventSource.event(schedules.get(1), "eu-west-1",
                Instant.parse("2026-12-06T03:00:00.123Z")));
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("source").asText()).isEqualTo("aws.scheduler");
        assertThat(event.path("time").asText()).isEqualTo("2026-12-06T03:00:00Z");
        assertThat(event.path("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void runsRatesAndLeavesCronAndAtToTheInvokeApi() {
        assertThat(ScheduleEventSource.rate("rate(1 minute)")).contains(Duration.ofMinutes(1));
        assertThat(ScheduleEventSource.rate("rate(12 hours)")).contains(Duration.ofHours(12));
        assertThat(ScheduleEventSource.rate("rate(7 days)")).contains(Duration.ofDays(7));
        assertThat(ScheduleEventSource.rate("cron(0 3 * * ? *)")).isEqualTo(Optional.empty());
        assertThat(ScheduleEventSource.rate("at(2026-12-24T18:00:00)")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> ScheduleEventSource.rate("rate(0 days)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleEventSource.rate("rate(1 fortnight)"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
