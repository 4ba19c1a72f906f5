package dev.loupe.task;

import java.util.Arrays;
import java.util.Optional;

/**
 * A task's status as the task API spells it. {@code TaskNotFound} is not stored: it is the answer for a task that
 * does not exist (or expired, or belongs to another project), rendered as a 404 error.
 */
public enum TaskStatus {
    WAITING("TaskWaiting"),
    PROCESSING("TaskProcessing"),
    SUCCESS("TaskSuccess"),
    SUCCESS_WITH_WARNINGS("TaskSuccessWithWarnings"),
    ERROR("TaskError"),
    DELETED("TaskDeleted");

    /** What {@code DELETE /v1/task/{task}} answers instead of TaskDeleted when the task was still waiting. */
    public static final String UPLOAD_DELETED = "UploadDeleted";
    public static final String NOT_FOUND = "TaskNotFound";

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean finished() {
        return this == SUCCESS || this == SUCCESS_WITH_WARNINGS || this == ERROR;
    }

    public static Optional<TaskStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
