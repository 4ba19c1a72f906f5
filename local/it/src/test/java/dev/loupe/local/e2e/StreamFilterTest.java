package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.library.LibraryKeys;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.SharedLoupeCloud;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local cloud applies an event source's FilterCriteria as Lambda does: of the ImagesTable's records, only the
 * removal of an upload's expiry marker reaches UploadExpiryFunction (its filter: eventName REMOVE and sk
 * UPLOAD_EXPIRY); a rank-block counter's ADD and the marker's own INSERT are dropped before the function.
 */
@SharedLoupeCloud.LoupeCloudTest
class StreamFilterTest {
    private static final String FUNCTION = "UploadExpiryFunction";

    @Test
    void aRecordOutsideItsFiltersNeverReachesTheFunction(LoupeCloud cloud) throws Exception {
        String table = cloud.provisioned().tableName("ImagesTable");
        String run = "P#stream-filter-" + UUID.randomUUID();
        var deliveries = cloud.cloud().deliveries();
        long filteredBefore = deliveries.filteredOut(FUNCTION);
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        Map<String, AttributeValue> marker = Map.of("pk", AttributeValue.fromS(run + "#I#marker"),
                "sk", AttributeValue.fromS(LibraryKeys.UPLOAD_EXPIRY_SK));
        try (AutoCloseable watching = deliveries.watch(FUNCTION, seen::add);
             DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            // What every image write now does to the rank blocks: an ADD on a counter item of the same table.
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(run + "#RB#s_name#1"), "sk", AttributeValue.fromS("s")))
                    .updateExpression("ADD n_active_jpg :one")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            // A marker written and then removed (as TTL removes it): the INSERT is filtered out, the REMOVE passes.
            dynamo.putItem(r -> r.tableName(table).item(marker));
            dynamo.deleteItem(r -> r.tableName(table).key(marker));
            Eventually.until(Duration.ofSeconds(20), "the marker's removal reaches " + FUNCTION,
                    () -> seen.stream().anyMatch(record -> pk(record).equals(run + "#I#marker")));
        }
        List<JsonNode> ours = seen.stream().filter(record -> pk(record).startsWith(run)).toList();
        assertThat(ours).as("only the marker's removal, once").hasSize(1);
        assertThat(ours.getFirst().path("eventName").asText()).isEqualTo("REMOVE");
        assertThat(deliveries.filteredOut(FUNCTION) - filteredBefore)
                .as("the counter's ADD and the marker's INSERT, at least").isGreaterThanOrEqualTo(2);
    }

    private static String pk(JsonNode record) {
        return record.path("dynamodb").path("Keys").path("pk").path("S").asText();
    }
}
