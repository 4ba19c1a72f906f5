package dev.loupe.task;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A task as the task API answers it ({@code GET} and {@code DELETE /v1/task/{task}}, the list): the fields the
 * task API's client libraries read. Output fields are null until the task is processed.
 */
@JacksonXmlRootElement(localName = "task")
public record TaskView(String task, String tool, String status, String server, int fileNumber, Long customInt,
                       String customString, String created, String updated, String expires,
                       String downloadFilename, Long filesize, Long outputFilesize, Integer outputFilenumber,
                       List<String> outputExtensions, String timer, String processStart, String statusMessage,
                       @JacksonXmlElementWrapper(localName = "files") @JacksonXmlProperty(localName = "file")
                       List<FileView> files) {

    /** One file of a task. */
    public record FileView(String serverFilename, String filename, long filesize, String status,
                           String statusMessage, Long outputFilesize) {
        static FileView of(TaskFile file) {
            return new FileView(file.serverFilename(), file.filename(), file.size(), file.status().wire(),
                    file.statusMessage().orElse(null), file.outputFilesize().orElse(null));
        }
    }

    public static TaskView of(Task task, List<TaskFile> files) {
        return of(task, files, task.status().wire());
    }

    /** With another status than the stored one: what a delete answers (TaskDeleted, UploadDeleted). */
    public static TaskView of(Task task, List<TaskFile> files, String status) {
        Task.Output out = task.output().orElse(null);
        return new TaskView(task.taskId(), task.tool().wire(), status, task.server(), task.fileCount(),
                task.customInt().orElse(null), task.customString().orElse(null), iso(task.created()),
                iso(task.updated()), iso(task.expiresAt()),
                out == null ? null : out.downloadFilename(), out == null ? null : out.filesize(),
                out == null ? null : out.outputFilesize(), out == null ? null : out.outputFilenumber(),
                out == null ? null : out.outputExtensions(), out == null ? null : out.timer(),
                out == null ? null : iso(out.processStart()), out == null ? null : out.statusMessage(),
                files == null ? null : files.stream().map(FileView::of).toList());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
