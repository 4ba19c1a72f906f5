package dev.loupe.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file uploaded to a task: the name the server gave it (for process) and its own name.
 *
 * @param rotate   degrees to turn it before the tool runs (0, 90, 180, 270), or null
 * @param password the file's password, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskFile(String serverFilename, String filename, Integer rotate, String password) {
    public TaskFile(String serverFilename, String filename) {
        this(serverFilename, filename, null, null);
    }
}
