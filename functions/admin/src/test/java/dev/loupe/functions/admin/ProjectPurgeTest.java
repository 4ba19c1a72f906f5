package dev.loupe.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** A table's round of the purge: a page of the project-items index, its keys deleted, the next round queued. */
class ProjectPurgeTest {
    private static final String PROJECT = "01ABCDEFGHJKMNPQRSTVWXYZ00";

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void aRoundQueriesTheProjectsIndexAndDeletesOnlyItsKeys() {
        List<QueryRequest> queries = new ArrayList<>();
        List<WriteRequest> deletes = new ArrayList<>();
        DynamoDbClient dynamo = new DynamoDbClient() {
            @Override
            public QueryResponse query(QueryRequest request) {
                queries.add(request);
                return QueryResponse.builder().items(
                        Map.of("pk", s("P#" + PROJECT + "#G#lisbon"), "sk", s("GALLERY"), "project_id", s(PROJECT)),
                        // An item whose project_id is wrong (a bug elsewhere) is never deleted for this project.
                        Map.of("pk", s("P#OTHER0000000#G#porto"), "sk", s("GALLERY"), "project_id", s(PROJECT)))
                        .lastEvaluatedKey(Map.of("pk", s("P#" + PROJECT + "#G#lisbon"), "sk", s("GALLERY"),
                                "project_id", s(PROJECT)))
                        .build();
            }

            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                deletes.addAll(request.requestItems().get("galleries"));
                return BatchWriteItemResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
        List<ProjectPurge.Message> next = new ArrayList<>();
        var purge = new ProjectPurge(dynamo, null,
                List.of(new ProjectPurge.TableStep("galleries", List.of("pk", "sk"))), List.of(), (message, delay) -> {
                    assertThat(delay).isEqualTo(Duration.ZERO);
                    next.add(message);
                });

        var round = purge.run(ProjectPurge.Message.start(PROJECT));

        assertThat(queries).singleElement().satisfies(q -> {
            assertThat(q.tableName()).isEqualTo("galleries");
            assertThat(q.indexName()).isEqualTo("project-items");
            assertThat(q.keyConditionExpression()).isEqualTo("#project = :project");
            assertThat(q.expressionAttributeNames()).containsEntry("#project", "project_id");
            assertThat(q.expressionAttributeValues()).containsEntry(":project", s(PROJECT));
            assertThat(q.exclusiveStartKey()).isEmpty();
        });
        assertThat(round.deleted()).isEqualTo(1);
        assertThat(deletes).extracting(w -> w.deleteRequest().key())
                .containsExactly(Map.of("pk", s("P#" + PROJECT + "#G#lisbon"), "sk", s("GALLERY")));
        // More to read: the same step again, from where the index left off.
        assertThat(next).singleElement().satisfies(m -> {
            assertThat(m.step()).isZero();
            assertThat(m.cursor()).containsEntry("project_id", PROJECT).containsEntry("sk", "GALLERY");
        });

        purge.run(next.getFirst());
        assertThat(queries.get(1).exclusiveStartKey()).containsEntry("project_id", s(PROJECT))
                .containsEntry("pk", s("P#" + PROJECT + "#G#lisbon"));
    }
}
