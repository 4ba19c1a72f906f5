package dev.loupe.task;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.TaskApi;

/**
 * The task API's errors, made in one place. The task API gives a 400 a {@code type} (UploadError, ProcessingError,
 * DownloadError); Loupe's own machine code travels beside it as {@code reason} (see {@link TaskApi}).
 */
public final class TaskErrors {
    private TaskErrors() {
    }

    public static ApiError upload(String reason, String message, String param) {
        return new ApiError(400, TaskApi.typed("UploadError", reason), message, param);
    }

    public static ApiError processing(int status, String reason, String message, String param) {
        return new ApiError(status, TaskApi.typed("ProcessingError", reason), message, param);
    }

    /**
     * The project's monthly file allowance can't take what the call needs: the task API's error of the step
     * ({@code UploadError} at start and upload, {@code ProcessingError} at process), saying what was refused and
     * when the allowance resets.
     */
    public static ApiError monthlyFilesUsedUp(String type, String refused, FileMonth month, String param) {
        return new ApiError(400, TaskApi.typed(type, MONTHLY_FILES_USED_UP), refused + " The monthly allowance "
                + "resets on " + month.resetDate() + " (00:00 UTC).", param);
    }

    /** The {@code reason} of {@link #monthlyFilesUsedUp}. */
    public static final String MONTHLY_FILES_USED_UP = "monthly_files_used_up";

    /** The task API's TaskNotFound: missing, expired, deleted, or another project's (never says which). */
    public static ApiError taskNotFound() {
        return new ApiError(404, TaskStatus.NOT_FOUND, "Task not found (" + TaskStatus.NOT_FOUND + ")", "task");
    }

    public static ApiError fileNotFound() {
        return new ApiError(404, "ServerFileNotFound", "No file with this server_filename in the task",
                "server_filename");
    }
}
