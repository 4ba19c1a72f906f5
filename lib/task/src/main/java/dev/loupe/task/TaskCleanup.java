package dev.loupe.task;

/**
 * Removes what a task leaves behind once its item is gone (deleted, or removed by DynamoDB's TTL): its objects, its
 * file and chunk items, and its place among the project's open tasks. Every step is idempotent, so a stream record
 * delivered twice, or a clean-up after {@code DELETE /v1/task} already did it, changes nothing.
 */
public final class TaskCleanup {
    private final TaskStore store;
    private final TaskObjects objects;

    public TaskCleanup(TaskStore store, TaskObjects objects) {
        this.store = store;
        this.objects = objects;
    }

    /** What one clean-up removed. */
    public record Removed(int objects, int items) {
    }

    public Removed cleanUp(String projectId, String taskId, boolean wasOpen) {
        int deletedObjects = objects.deleteUnder(TaskKeys.objectPrefix(projectId, taskId));
        int deletedItems = store.removal().deleteItemsOf(projectId, taskId);
        if (wasOpen) {
            store.openTasks().close(projectId, taskId);
        }
        return new Removed(deletedObjects, deletedItems);
    }

    /**
     * Deletes the plain copy that an encrypted task's download made, once its link has expired. Only a key under the
     * task's {@code plain/} prefix is deleted, so a forged message cannot remove anything else; idempotent.
     */
    public boolean deletePlainCopy(PlainCopyJob job) {
        if (!job.key().startsWith(TaskKeys.plainCopyPrefix(job.projectId(), job.taskId()))) {
            return false;
        }
        objects.delete(job.key());
        return true;
    }
}
