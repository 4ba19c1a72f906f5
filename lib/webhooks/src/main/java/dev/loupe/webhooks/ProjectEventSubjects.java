package dev.loupe.webhooks;

import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.core.http.Mappers;

/**
 * A project's people event as its {@code events_webhook} receives it: the event's JSON as queued, sent to the URL the
 * project has when it is sent (so a webhook removed meanwhile receives nothing) and signed with the project's secret
 * key then.
 */
public final class ProjectEventSubjects implements WebhookSubjects {
    /** Where a project's events go and the key that signs them; {@code url} null when it has no events webhook. */
    public record Endpoint(String url, String signingKey) {
    }

    private final Function<String, Optional<Endpoint>> endpointsByProjectId;

    public ProjectEventSubjects(Function<String, Optional<Endpoint>> endpointsByProjectId) {
        this.endpointsByProjectId = endpointsByProjectId;
    }

    @Override
    public Subject find(WebhookJob job) {
        if (job.event() == null) {
            return new Drop("not a project event");
        }
        Optional<Endpoint> endpoint = endpointsByProjectId.apply(job.projectId());
        if (endpoint.isEmpty()) {
            return new Drop("the event's project is gone");
        }
        if (endpoint.get().url() == null) {
            return new Drop("the project has no events webhook (any more)");
        }
        try {
            return new Send(endpoint.get().url(), endpoint.get().signingKey(), Mappers.JSON.writeValueAsBytes(
                    job.event()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the event", e);
        }
    }
}
