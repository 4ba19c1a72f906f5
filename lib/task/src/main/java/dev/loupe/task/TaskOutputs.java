package dev.loupe.task;

import dev.loupe.imaging.tools.FileStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.loupe.core.ZipNames;

/**
 * The outputs a finished task left under {@code out/files/}, each with the name the task's download gives it: the
 * same walk as {@link TaskWorker}'s download (the order's files in order, the successful ones that left an output;
 * one output for a combining tool; names from {@code output_filename} with {n} counting outputs, {date} the day the
 * task finished), made safe and unique as the ZIP's entries are. A connected task ({@code POST /v1/task/next}) takes
 * these as its files, so a client sees the names it would have found in the download.
 */
final class TaskOutputs {
    /** The outputs' layout, which {@link TaskWorker} writes: {@code out/files/<server_filename>.<ext>}, or
     * {@code out/files/combined.<ext>} for a combining tool's one output. */
    private static final String FILES = "files/";
    static final String COMBINED = "combined";

    /**
     * One output: its object, its name, its size when the task recorded it.
     *
     * @param sourceFilename the file of the previous task it came from (its server_filename)
     */
    record Output(String key, String name, Optional<Long> size, String sourceFilename) {
        String extension() {
            return name.substring(name.lastIndexOf('.') + 1);
        }
    }

    private TaskOutputs() {
    }

    /** The outputs of a finished task (empty for a task that made none), named as its download named them. */
    static List<Output> of(Task task, List<TaskFile> stored, List<String> outputKeys) {
        if (task.params().isEmpty()) {
            return List.of();
        }
        return of(task, ProcessOrder.fromJson(task.params().get()), stored, outputKeys, task.updated());
    }

    /**
     * The outputs of a task whose files all have their result, {@code {date}} being {@code when}: what the worker
     * that finishes the task puts in its download.
     */
    static List<Output> of(Task task, ProcessOrder order, List<TaskFile> stored, List<String> outputKeys,
                           Instant when) {
        boolean combines = TaskProcessing.combines(order);
        List<Output> outputs = new ArrayList<>();
        ZipNames names = new ZipNames();
        for (ProcessOrder.FileOrder ordered : order.files()) {
            Optional<TaskFile> file = stored.stream().filter(f -> f.serverFilename()
                    .equals(ordered.serverFilename())).findFirst();
            if (file.isEmpty() || file.get().status() != FileStatus.FILE_SUCCESS) {
                continue; // a failed file made no output: it is not carried
            }
            String prefix = TaskKeys.outputObject(task.projectId(), task.taskId(),
                    FILES + (combines ? COMBINED : ordered.serverFilename()) + ".");
            Optional<String> key = outputKeys.stream().filter(k -> k.startsWith(prefix)).findFirst();
            if (key.isEmpty()) {
                continue;
            }
            String extension = key.get().substring(prefix.length());
            String name = TaskWorker.name(order.outputFilename() == null ? "{filename}" : order.outputFilename(),
                    ordered.filename(), outputs.size() + 1, order.tool(), when) + "." + extension;
            // The combined output's size is the download's (a copy of it); a file's output records its own.
            Optional<Long> size = combines ? task.output().map(Task.Output::outputFilesize).filter(s -> s > 0)
                    : file.get().outputFilesize();
            outputs.add(new Output(key.get(), names.unique(name), size, ordered.serverFilename()));
            if (combines) {
                break;
            }
        }
        return outputs;
    }

    /** The prefix under which a task's outputs lie. */
    static String prefix(Task task) {
        return TaskKeys.outputObject(task.projectId(), task.taskId(), FILES);
    }
}
