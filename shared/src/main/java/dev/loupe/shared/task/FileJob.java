package dev.loupe.shared.task;

import java.util.List;

/**
 * One message of TaskFileQueue: the files of a processing task that one worker processes. One file per message,
 * so that the files of a task are processed in parallel; all of them in one message for a tool that makes one output
 * of several files (convertimage to gif_animation). No key, no password: only names.
 */
public record FileJob(String projectId, String taskId, List<String> serverFilenames) {
    public FileJob {
        serverFilenames = List.copyOf(serverFilenames);
    }
}
