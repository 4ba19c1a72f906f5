package dev.loupe.local.events;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a function subscribed with {@code FunctionResponseTypes: [ReportBatchItemFailures]} answered about a batch,
 * read the way Lambda reads it: no answer, no {@code batchItemFailures} or an empty list is complete success; an
 * answer that is not JSON, or an itemIdentifier that is missing, empty or not in the batch, fails the whole batch.
 *
 * @param failedIds the itemIdentifiers (SQS message ids, stream sequence numbers) to retry
 */
record BatchItemFailures(boolean wholeBatchFailed, Set<String> failedIds, String reason) {

    static BatchItemFailures none() {
        return new BatchItemFailures(false, Set.of(), null);
    }

    static BatchItemFailures wholeBatch(String reason) {
        return new BatchItemFailures(true, Set.of(), reason);
    }

    static BatchItemFailures read(String resultJson, Collection<String> batchIds) {
        if (resultJson == null || resultJson.isBlank() || resultJson.strip().equals("null")) {
            return none();
        }
        JsonNode result;
        try {
            result = EventJson.MAPPER.readTree(resultJson);
        } catch (Exception e) {
            return wholeBatch("the response is not JSON");
        }
        JsonNode failures = result == null ? null : result.get("batchItemFailures");
        if (failures == null || failures.isNull() || failures.isEmpty()) {
            return none();
        }
        if (!failures.isArray()) {
            return wholeBatch("batchItemFailures is not a list");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                return wholeBatch("an itemIdentifier is missing or empty");
            }
            if (!batchIds.contains(id.asText())) {
                return wholeBatch("itemIdentifier " + id.asText() + " is not in the batch");
            }
            ids.add(id.asText());
        }
        return new BatchItemFailures(false, Set.copyOf(ids), null);
    }

    boolean allSucceeded() {
        return !wholeBatchFailed && failedIds.isEmpty();
    }
}
