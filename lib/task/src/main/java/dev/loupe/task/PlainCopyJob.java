package dev.loupe.task;

/**
 * One message of TaskPlainCopyQueue, sent with a delay when an encrypted task's download made a plain copy of its
 * output: when it arrives, the link has expired and the copy is deleted ({@link TaskCleanup#deletePlainCopy}).
 */
public record PlainCopyJob(String projectId, String taskId, String key) {
}
