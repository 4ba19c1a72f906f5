package dev.loupe.task;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The tasks table (keys: {@link TaskKeys}; items: {@link TaskItems}), one part per job; callers take the part they
 * need. The writes that must be atomic across items (a file and its task's counter, a task and its project's open
 * set) are transactions with conditions, so that races resolve in DynamoDB and never in a Lambda's memory.
 *
 * @param tasks      the task items: create, find
 * @param files      a task's file items, counted on the task
 * @param openTasks  the project's open tasks and their limit
 * @param chunks     chunked uploads in progress
 * @param listing    the project's tasks, filtered and paged
 * @param progress   beginning processing and recording each file's result
 * @param completion claiming, finishing, and the webhook owed
 * @param removal    deleting a task and cleaning up its items
 * @param months     the project's processed files per month, against its monthly allowance
 */
public record TaskStore(TaskRecords tasks, TaskFiles files, OpenTasks openTasks, ChunkedUploads chunks,
                        TaskListing listing, TaskProgress progress, TaskCompletion completion, TaskRemoval removal,
                        MonthlyFiles months) {

    public TaskStore(DynamoDbClient dynamo, String tableName) {
        this(new TaskTable(dynamo, tableName));
    }

    private TaskStore(TaskTable table) {
        this(table, new TaskRecords(table));
    }

    private TaskStore(TaskTable table, TaskRecords tasks) {
        this(table, tasks, new OpenTasks(table, tasks));
    }

    private TaskStore(TaskTable table, TaskRecords tasks, OpenTasks openTasks) {
        this(table, tasks, openTasks, new MonthlyFiles(table));
    }

    private TaskStore(TaskTable table, TaskRecords tasks, OpenTasks openTasks, MonthlyFiles months) {
        this(tasks, new TaskFiles(table), openTasks, new ChunkedUploads(table), new TaskListing(table),
                new TaskProgress(table, openTasks, months), new TaskCompletion(table),
                new TaskRemoval(table, openTasks), months);
    }
}
