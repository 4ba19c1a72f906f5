package dev.loupe.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The tasks table as the task store's parts reach it: the client, the table's name, the enhanced client's views of
 * task and file items ({@link TaskItems}), and the keys as the low-level client takes them ({@link TaskKeys}).
 * Every write to a task moves its {@code expires_at} (TTL) to {@code now + lifetime}.
 */
final class TaskTable {
    static final String WAITING = TaskStatus.WAITING.wire();

    final DynamoDbClient dynamo;
    final String name;
    final DynamoDbTable<TaskItems.TaskItem> tasks;
    final DynamoDbTable<TaskItems.FileItem> files;

    TaskTable(DynamoDbClient dynamo, String name) {
        this.dynamo = dynamo;
        this.name = name;
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        this.tasks = enhanced.table(name, TaskItems.TASK_SCHEMA);
        this.files = enhanced.table(name, TaskItems.FILE_SCHEMA);
    }

    /** Every item under {@code pk} (whose sort key begins with {@code skPrefix}, when given), all pages. */
    List<Map<String, AttributeValue>> queryPk(String pk, String skPrefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(name).consistentRead(true);
            if (skPrefix == null) {
                query.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
            } else {
                query.keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(skPrefix)));
            }
            if (from != null) {
                query.exclusiveStartKey(from);
            }
            QueryResponse response = dynamo.query(query.build());
            items.addAll(response.items());
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (from != null);
        return items;
    }

    static long expiry(Instant now, Duration lifetime) {
        return now.plus(lifetime).getEpochSecond();
    }

    /** Files and chunk records outlive their task by a day: the clean-up removes them, TTL is only the backstop. */
    static long fileBackstop(Instant now, Duration lifetime) {
        return now.plus(lifetime).plus(Duration.ofDays(1)).getEpochSecond();
    }

    static Key taskKey(String projectId, String taskId) {
        return Key.builder().partitionValue(TaskKeys.taskPk(projectId, taskId)).sortValue(TaskKeys.TASK_SK).build();
    }

    static Map<String, AttributeValue> taskKeyMap(String projectId, String taskId) {
        return Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.TASK_SK));
    }

    static Map<String, AttributeValue> fileKeyMap(String projectId, String taskId, String serverFilename) {
        return Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.fileSk(serverFilename)));
    }

    static Map<String, AttributeValue> openKey(String projectId) {
        return Map.of("pk", s(TaskKeys.openPk(projectId)), "sk", s(TaskKeys.OPEN_SK));
    }

    static Map<String, AttributeValue> monthKey(String projectId, FileMonth month) {
        return Map.of("pk", s(TaskKeys.monthPk(projectId)), "sk", s(TaskKeys.monthSk(month)));
    }

    static Map<String, AttributeValue> uploadKey(String projectId, String taskId, String nameHash) {
        return Map.of("pk", s(TaskKeys.taskPk(projectId, taskId)), "sk", s(TaskKeys.uploadSk(nameHash)));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
