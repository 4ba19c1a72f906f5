package dev.loupe.task;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of TaskFileQueue: the files of a processing task that one worker processes. One file per message,
 * so that the files of a task are processed in parallel; all of them in one message for a tool that makes one output
 * of several files (convertimage to gif_animation). No password, and no key in the clear: a task with a
 * {@code file_encryption_key} carries it as a {@link SealedKey}, null for other tasks.
 */
public record FileJob(String projectId, String taskId, List<String> serverFilenames,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String sealedKey) {
    public FileJob {
        serverFilenames = List.copyOf(serverFilenames);
    }

    /** A job of a task without a key. */
    public FileJob(String projectId, String taskId, List<String> serverFilenames) {
        this(projectId, taskId, serverFilenames, null);
    }

    @Override
    public String toString() {
        return "FileJob[" + projectId + "/" + taskId + " " + serverFilenames + (sealedKey == null ? "" : " sealed key")
                + "]";
    }
}
