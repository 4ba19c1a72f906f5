package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The project's tasks as {@code GET /v1/task} lists them: filtered and paged, through the {@code by-project} index. */
public final class TaskListing {
    private final TaskTable table;

    TaskListing(TaskTable table) {
        this.table = table;
    }

    /** Filters of {@code GET /v1/task}; empty ones match everything. */
    public record Filter(Optional<TaskTool> tool, Optional<TaskStatus> status, Optional<Long> customInt) {
    }

    /**
     * A page (1-based) of the project's unexpired tasks, newest first, through the {@code by-project} index. The
     * task API pages by number: earlier pages are read and skipped; tasks live two hours, so that stays small.
     */
    public List<Task> list(String projectId, Filter filter, int page, int pageSize, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":p", s(TaskKeys.listPk(projectId)));
        values.put(":nows", n(now.getEpochSecond()));
        StringBuilder condition = new StringBuilder("expires_at > :nows");
        filter.tool().ifPresent(tool -> {
            condition.append(" AND tool = :tool");
            values.put(":tool", s(tool.wire()));
        });
        filter.status().ifPresent(status -> {
            condition.append(" AND #status = :status");
            names.put("#status", "status");
            values.put(":status", s(status.wire()));
        });
        filter.customInt().ifPresent(value -> {
            condition.append(" AND custom_int = :ci");
            values.put(":ci", n(value));
        });
        long skip = (long) (page - 1) * pageSize;
        List<Task> result = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table.name).indexName(TaskKeys.LIST_INDEX)
                    .keyConditionExpression("list_pk = :p").filterExpression(condition.toString())
                    .expressionAttributeValues(values).scanIndexForward(false).limit(200);
            if (!names.isEmpty()) {
                query.expressionAttributeNames(names);
            }
            if (from != null) {
                query.exclusiveStartKey(from);
            }
            QueryResponse response = table.dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (skip > 0) {
                    skip--;
                } else if (result.size() < pageSize) {
                    result.add(TaskItems.fromItem(TaskItems.TASK_SCHEMA.mapToItem(item)));
                }
            }
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (from != null && result.size() < pageSize);
        return result;
    }
}
