package dev.loupe.task;

/**
 * The tasks table's keys and the task bucket's object keys: their design lives here and nowhere else.
 *
 * <p>Table ({@code TasksTable}):
 * <ul>
 * <li>{@code pk = P#<project>#T#<task>}, {@code sk = TASK}: the task. The project id in the key is what keeps one
 * project from another's tasks: a lookup with another project's id finds nothing. It carries the counters the
 * processing phase needs ({@code file_count}, {@code files_total}, {@code files_done}, added to atomically) and
 * {@code expires_at}, DynamoDB's TTL attribute, moved forward by every write.</li>
 * <li>same pk, {@code sk = F#<server_filename>}: one item per uploaded file, so each file's result is its own
 * conditional write (idempotent: only a FileWaiting file takes a result) and a task's files are one Query.</li>
 * <li>same pk, {@code sk = U#<name hash>}: a chunked upload in progress (the next chunk expected, the sizes so far).</li>
 * <li>{@code pk = P#<project>#OPEN}, {@code sk = OPEN}: the project's open tasks, a string set of task ids. A set
 * rather than a number so that opening and closing are idempotent: the TTL clean-up may see a REMOVE record twice,
 * and removing an id twice changes nothing, where decrementing twice would.</li>
 * <li>{@code pk = P#<project>#MONTHS}, {@code sk = M#<yyyy-MM>}: the files the project processed in that UTC
 * calendar month ({@code used}), counted against its monthly allowance ({@link MonthlyFiles}); its
 * {@code expires_at} is a month after the month's end, so old months go by TTL. One partition per project: its
 * months are one Query.</li>
 * <li>GSI {@code by-project}: {@code list_pk = P#<project>#TASKS}, {@code list_sk = <created millis, 13 digits>#<task>}:
 * the project's tasks newest first ({@code GET /v1/task}); only task items carry these attributes.</li>
 * </ul>
 *
 * <p>Bucket ({@code TaskBucket}): everything of a task under {@code tasks/<project>/<task>/}: uploads in {@code in/},
 * chunks in {@code chunks/<server_filename>/<n>}, outputs in {@code out/}, and the short-lived plain copies that
 * an encrypted task's downloads make in {@code plain/<random>/}. One prefix per task is what lets the
 * clean-up remove a task's objects with one listing.
 */
public final class TaskKeys {
    public static final String LIST_INDEX = "by-project";
    public static final String TASK_SK = "TASK";
    public static final String OPEN_SK = "OPEN";
    static final String FILE_PREFIX = "F#";
    static final String UPLOAD_PREFIX = "U#";
    static final String MONTH_PREFIX = "M#";

    private TaskKeys() {
    }

    public static String taskPk(String projectId, String taskId) {
        return "P#" + projectId + "#T#" + taskId;
    }

    public static String fileSk(String serverFilename) {
        return FILE_PREFIX + serverFilename;
    }

    public static String uploadSk(String nameHash) {
        return UPLOAD_PREFIX + nameHash;
    }

    public static String openPk(String projectId) {
        return "P#" + projectId + "#OPEN";
    }

    public static String monthPk(String projectId) {
        return "P#" + projectId + "#MONTHS";
    }

    public static String monthSk(FileMonth month) {
        return MONTH_PREFIX + month.key();
    }

    public static String listPk(String projectId) {
        return "P#" + projectId + "#TASKS";
    }

    public static String listSk(long createdMillis, String taskId) {
        return String.format("%013d#%s", createdMillis, taskId);
    }

    /** The prefix of every object of a task. */
    public static String objectPrefix(String projectId, String taskId) {
        return "tasks/" + projectId + "/" + taskId + "/";
    }

    public static String inputObject(String projectId, String taskId, String serverFilename) {
        return objectPrefix(projectId, taskId) + "in/" + serverFilename;
    }

    public static String chunkPrefix(String projectId, String taskId, String serverFilename) {
        return objectPrefix(projectId, taskId) + "chunks/" + serverFilename + "/";
    }

    /** Zero-padded so that a listing returns the chunks in order. */
    public static String chunkObject(String projectId, String taskId, String serverFilename, int chunk) {
        return chunkPrefix(projectId, taskId, serverFilename) + String.format("%06d", chunk);
    }

    public static String outputObject(String projectId, String taskId, String name) {
        return objectPrefix(projectId, taskId) + "out/" + name;
    }

    /** Where an encrypted task's downloads put their plain copies, each under its own random name. */
    public static String plainCopyPrefix(String projectId, String taskId) {
        return objectPrefix(projectId, taskId) + "plain/";
    }
}
