package dev.loupe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.http.Mappers;
import org.junit.jupiter.api.Test;

/** A WebhookQueue message read back: a task's has no event (its "event": null), a project event's keeps its JSON. */
class WebhookJobTest {
    @Test
    void aTasksMessageHasNoEventAndAProjectEventsKeepsIt() throws Exception {
        WebhookJob task = Mappers.JSON.readValue(Mappers.JSON.writeValueAsString(
                WebhookJob.finishedTask("p1", "t1")), WebhookJob.class);
        assertThat(task.event()).isNull();
        assertThat(task.taskId()).isEqualTo("t1");
        assertThat(Mappers.JSON.readValue("{\"project_id\":\"p1\",\"task_id\":\"t1\"}", WebhookJob.class).event())
                .isNull();

        WebhookJob event = Mappers.JSON.readValue(Mappers.JSON.writeValueAsString(WebhookJob.projectEvent("p1",
                Mappers.JSON.readTree("{\"id\":\"comment#c1\",\"type\":\"comment\"}"))), WebhookJob.class);
        assertThat(event.taskId()).isNull();
        assertThat(event.event().path("id").asText()).isEqualTo("comment#c1");

        // One queue, two subjects: each job goes to its own.
        WebhookSubjects byJob = WebhookSubjects.byJob(job -> new WebhookSubjects.Drop("task"),
                job -> new WebhookSubjects.Drop("event"));
        assertThat(byJob.find(task)).isEqualTo(new WebhookSubjects.Drop("task"));
        assertThat(byJob.find(event)).isEqualTo(new WebhookSubjects.Drop("event"));
    }
}
