package dev.loupe.task;

import java.time.Duration;

import dev.loupe.auth.Project;
import dev.loupe.core.config.Env;

/**
 * The task API's limits per project and the tasks' lifetime, from template.yaml (each has a default there): the
 * largest file, the files a task may hold, the files a project may process in a UTC calendar month unless it has
 * its own allowance ({@link Project#monthlyFiles}), how long a task lives after its last change, and
 * TaskProcessFunction's timeout ({@code processTimeout}: after it, a process call that never recorded its files as
 * queued is known to have died; see {@link UnqueuedFiles}). The tasks a project may have open at once follow from
 * its allowance, as in the task API: 10% of it, at least 1.
 *
 * @param monthlyFiles the deployment's monthly file allowance, for projects without their own
 */
public record TaskSettings(long maxFileBytes, int maxFilesPerTask, int monthlyFiles, Duration lifetime,
                           Duration processTimeout) {
    public TaskSettings {
        if (maxFileBytes <= 0 || maxFilesPerTask <= 0 || monthlyFiles <= 0 || !lifetime.isPositive()
                || !processTimeout.isPositive()) {
            throw new IllegalArgumentException("task limits must be positive");
        }
    }

    public static TaskSettings fromEnv() {
        return new TaskSettings(Long.parseLong(Env.TASK_MAX_FILE_BYTES.required()),
                Integer.parseInt(Env.TASK_MAX_FILES.required()),
                Integer.parseInt(Env.TASK_MONTHLY_FILES.required()),
                Duration.ofSeconds(Long.parseLong(Env.TASK_LIFETIME_SECONDS.required())),
                Duration.ofSeconds(Long.parseLong(Env.TASK_PROCESS_TIMEOUT_SECONDS.required())));
    }

    /** The files {@code project} may process in a month: its own allowance, or the deployment's. */
    public int monthlyFiles(Project project) {
        return project.monthlyFiles() > 0 ? project.monthlyFiles() : monthlyFiles;
    }

    /** The tasks {@code project} may have open at once: 10% of its monthly allowance, at least 1. */
    public int maxOpenTasks(Project project) {
        return Math.max(1, monthlyFiles(project) / 10);
    }
}
