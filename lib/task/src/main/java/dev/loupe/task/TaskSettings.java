package dev.loupe.task;

import java.time.Duration;

import dev.loupe.core.config.Env;

/**
 * The task API's limits per project and the tasks' lifetime, from template.yaml (each has a default there):
 * the largest file, the files a task may hold, the tasks a project may have open at once, how long a task
 * lives after its last change, and TaskProcessFunction's timeout ({@code processTimeout}: after it, a process call
 * that never recorded its files as queued is known to have died; see {@link UnqueuedFiles}).
 */
public record TaskSettings(long maxFileBytes, int maxFilesPerTask, int maxOpenTasks, Duration lifetime,
                           Duration processTimeout) {
    public TaskSettings {
        if (maxFileBytes <= 0 || maxFilesPerTask <= 0 || maxOpenTasks <= 0 || !lifetime.isPositive()
                || !processTimeout.isPositive()) {
            throw new IllegalArgumentException("task limits must be positive");
        }
    }

    public static TaskSettings fromEnv() {
        return new TaskSettings(Long.parseLong(Env.TASK_MAX_FILE_BYTES.required()),
                Integer.parseInt(Env.TASK_MAX_FILES.required()),
                Integer.parseInt(Env.TASK_MAX_OPEN_TASKS.required()),
                Duration.ofSeconds(Long.parseLong(Env.TASK_LIFETIME_SECONDS.required())),
                Duration.ofSeconds(Long.parseLong(Env.TASK_PROCESS_TIMEOUT_SECONDS.required())));
    }
}
