package dev.loupe.task;

import static dev.loupe.task.TaskTable.n;
import static dev.loupe.task.TaskTable.s;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The bookkeeping of chunked uploads in progress ({@code U#<name hash>} items): which chunk comes next and the sizes
 * so far, advanced by a conditional write so that two requests for the same chunk can't both count.
 */
public final class ChunkedUploads {
    private final TaskTable table;

    ChunkedUploads(TaskTable table) {
        this.table = table;
    }

    /** A chunked upload in progress: the chunks received so far are 0 .. next-1, of these sizes. */
    public record ChunkProgress(String serverFilename, String filename, int chunks, int next, List<Long> sizes) {
        public long received() {
            return sizes.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Begins (or begins again) the chunked upload of one file name. */
    public void start(String projectId, String taskId, String nameHash, ChunkProgress progress, Instant now,
                      Duration lifetime) {
        TaskItems.UploadItem item = TaskItems.toItem(projectId, taskId, nameHash, progress);
        item.expiresAt = TaskTable.fileBackstop(now, lifetime);
        table.dynamo.putItem(b -> b.tableName(table.name).item(TaskItems.UPLOAD_SCHEMA.itemToMap(item, true)));
    }

    public Optional<ChunkProgress> find(String projectId, String taskId, String nameHash) {
        var item = table.dynamo.getItem(b -> b.tableName(table.name)
                .key(TaskTable.uploadKey(projectId, taskId, nameHash)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TaskItems.fromItem(TaskItems.UPLOAD_SCHEMA.mapToItem(item)));
    }

    /** Records chunk {@code chunk} as received, if it is the one expected; false when another request was first. */
    public boolean advance(String projectId, String taskId, String nameHash, String serverFilename, int chunk,
                           long size) {
        try {
            table.dynamo.updateItem(b -> b.tableName(table.name).key(TaskTable.uploadKey(projectId, taskId, nameHash))
                    .updateExpression("SET next_chunk = :after, sizes = list_append(sizes, :size)")
                    .conditionExpression("next_chunk = :chunk AND server_filename = :name")
                    .expressionAttributeValues(Map.of(":after", n(chunk + 1), ":chunk", n(chunk),
                            ":name", s(serverFilename), ":size", AttributeValue.fromL(List.of(n(size))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void finish(String projectId, String taskId, String nameHash) {
        table.dynamo.deleteItem(b -> b.tableName(table.name).key(TaskTable.uploadKey(projectId, taskId, nameHash)));
    }
}
