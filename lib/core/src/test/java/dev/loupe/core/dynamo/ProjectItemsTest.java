package dev.loupe.core.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The project id every project item carries: added to each kind of write, left alone where it is not one's. */
class ProjectItemsTest {
    private static final AttributeValue PROJECT = AttributeValue.fromS("01ABCDEFGH");

    @SuppressWarnings("unchecked")
    private static <T extends SdkRequest> T sent(T request) {
        return (T) new ProjectItems().modifyRequest(() -> request, new ExecutionAttributes());
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("G"));
    }

    @Test
    void theProjectIsTheKeysSecondSegment() {
        assertThat(ProjectItems.projectOf(AttributeValue.fromS("P#01ABCDEFGH#G#lisbon"))).contains("01ABCDEFGH");
        assertThat(ProjectItems.projectOf(AttributeValue.fromS("P#01ABCDEFGH#OPEN"))).contains("01ABCDEFGH");
        assertThat(ProjectItems.projectOf(AttributeValue.fromS("F#login#W#17"))).isEmpty();
        assertThat(ProjectItems.projectOf(AttributeValue.fromS("P##G"))).isEmpty();
        assertThat(ProjectItems.projectOf(AttributeValue.fromS("P#noend"))).isEmpty();
        assertThat(ProjectItems.projectOf(AttributeValue.fromN("1"))).isEmpty();
        assertThat(ProjectItems.projectOf(null)).isEmpty();
    }

    @Test
    void aPutCarriesItsProject() {
        var put = sent(PutItemRequest.builder().tableName("t").item(key("P#01ABCDEFGH#G#lisbon")).build());
        assertThat(put.item()).containsEntry("project_id", PROJECT).containsKeys("pk", "sk");
        var other = sent(PutItemRequest.builder().tableName("t").item(key("F#login#W#17")).build());
        assertThat(other.item()).doesNotContainKey("project_id");
    }

    @Test
    void anItemNamingAnotherProjectIsRefused() {
        var item = new java.util.HashMap<>(key("P#01ABCDEFGH#G#lisbon"));
        item.put("project_id", AttributeValue.fromS("OTHER"));
        assertThatThrownBy(() -> sent(PutItemRequest.builder().tableName("t").item(item).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("01ABCDEFGH");
        item.put("project_id", PROJECT);
        assertThat(sent(PutItemRequest.builder().tableName("t").item(item).build()).item())
                .containsEntry("project_id", PROJECT);
    }

    @Test
    void anUpdateSetsItInItsSetClauseOrOneOfItsOwn() {
        var counter = sent(UpdateItemRequest.builder().tableName("t").key(Map.of("pk",
                        AttributeValue.fromS("P#01ABCDEFGH#W#17")))
                .updateExpression("ADD #count :one").expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build());
        assertThat(counter.updateExpression()).isEqualTo("ADD #count :one SET #loupe_project = :loupe_project");
        assertThat(counter.expressionAttributeNames()).containsEntry("#loupe_project", "project_id")
                .containsEntry("#count", "count");
        assertThat(counter.expressionAttributeValues()).containsEntry(":loupe_project", PROJECT)
                .containsEntry(":one", AttributeValue.fromN("1"));

        var set = sent(UpdateItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#G#lisbon"))
                .updateExpression("REMOVE #a set #b = :b, #c = :c")
                .expressionAttributeNames(Map.of("#a", "a", "#b", "b", "#c", "c"))
                .expressionAttributeValues(Map.of(":b", PROJECT, ":c", PROJECT)).build());
        assertThat(set.updateExpression()).isEqualTo("REMOVE #a SET #loupe_project = :loupe_project, #b = :b, #c = :c");

        var bare = sent(UpdateItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#G#lisbon")).build());
        assertThat(bare.updateExpression()).isEqualTo("SET #loupe_project = :loupe_project");

        // The placeholders named like the clause are not the clause.
        var named = sent(UpdateItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#G#lisbon"))
                .updateExpression("ADD #set :set").expressionAttributeNames(Map.of("#set", "set"))
                .expressionAttributeValues(Map.of(":set", AttributeValue.fromN("1"))).build());
        assertThat(named.updateExpression()).isEqualTo("ADD #set :set SET #loupe_project = :loupe_project");
    }

    @Test
    void anUpdateThatNamesTheAttributeItselfIsLeftAlone() {
        var byName = UpdateItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#G#lisbon"))
                .updateExpression("SET #p = :p").expressionAttributeNames(Map.of("#p", "project_id"))
                .expressionAttributeValues(Map.of(":p", PROJECT)).build();
        assertThat(sent(byName)).isEqualTo(byName);
        var literal = UpdateItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#G#lisbon"))
                .updateExpression("SET project_id = :p").expressionAttributeValues(Map.of(":p", PROJECT)).build();
        assertThat(sent(literal)).isEqualTo(literal);
        // An update that only removes is tagged too: UpdateItem is an upsert, so on a missing item it makes one.
        var removing = UpdateItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#I#1"))
                .updateExpression("REMOVE #l DELETE #tags :t").expressionAttributeNames(Map.of("#l", "list_pk",
                        "#tags", "tags")).expressionAttributeValues(Map.of(":t", AttributeValue.fromSs(List.of("a"))))
                .build();
        UpdateItemRequest removed = sent(removing);
        assertThat(removed.updateExpression()).isEqualTo("REMOVE #l DELETE #tags :t SET #loupe_project = :loupe_project");
        assertThat(removed.expressionAttributeValues()).containsEntry(":loupe_project", PROJECT);
        var elsewhere = UpdateItemRequest.builder().tableName("t").key(key("F#login#W#17"))
                .updateExpression("ADD #n :one").expressionAttributeNames(Map.of("#n", "failures"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build();
        assertThat(sent(elsewhere)).isEqualTo(elsewhere);
    }

    @Test
    void batchesAndTransactionsCarryItToo() {
        var batch = sent(BatchWriteItemRequest.builder().requestItems(Map.of("t", List.of(
                WriteRequest.builder().putRequest(p -> p.item(key("P#01ABCDEFGH#I#1"))).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(key("P#01ABCDEFGH#I#2"))).build()))).build());
        assertThat(batch.requestItems().get("t").get(0).putRequest().item()).containsEntry("project_id", PROJECT);
        assertThat(batch.requestItems().get("t").get(1).deleteRequest().key()).doesNotContainKey("project_id");

        var transaction = sent(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("t").item(key("P#01ABCDEFGH#T#1"))).build(),
                TransactWriteItem.builder().update(u -> u.tableName("t").key(key("P#01ABCDEFGH#OPEN"))
                        .updateExpression("ADD #n :one").expressionAttributeNames(Map.of("#n", "n"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("t").key(key("P#01ABCDEFGH#T#2"))).build())
                .build());
        assertThat(transaction.transactItems().get(0).put().item()).containsEntry("project_id", PROJECT);
        assertThat(transaction.transactItems().get(1).update().updateExpression())
                .isEqualTo("ADD #n :one SET #loupe_project = :loupe_project");
        assertThat(transaction.transactItems().get(1).update().expressionAttributeValues())
                .containsEntry(":loupe_project", PROJECT);
        assertThat(transaction.transactItems().get(2).delete().key()).doesNotContainKey("project_id");
    }

    @Test
    void readsPassUnchanged() {
        var get = GetItemRequest.builder().tableName("t").key(key("P#01ABCDEFGH#G#lisbon")).build();
        assertThat(sent(get)).isSameAs(get);
    }
}
