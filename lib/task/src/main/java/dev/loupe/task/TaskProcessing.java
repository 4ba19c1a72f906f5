package dev.loupe.task;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.loupe.core.Ids;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.imaging.tools.ToolParams;
import dev.loupe.imaging.tools.WatermarkImage;
import dev.loupe.sqs.JobQueue;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code POST /v1/process} and {@code GET /v1/download/{task}} (the task API). Process checks everything it can
 * before anything changes (the task, the tool, the files, the tool's own parameters), so that a bad request leaves
 * the task TaskWaiting; then moves the task to TaskProcessing once (a conditional write) and sends one TaskFileQueue
 * message per file ({@link TaskWorker} does the rest), then marks the task queued ({@link UnqueuedFiles} finishes
 * one whose process call died before that). Without {@code webhook} it waits for the result, as the
 * task API's synchronous mode does, up to {@code wait} (an HTTP API request ends at 30 s).
 *
 * <p>A task with a {@code file_encryption_key} is processed with the key this request carries (checked against the
 * task's), handed to the workers sealed in their messages ({@link SealedKey}); its download is a short-lived plain
 * copy ({@link #download}). See docs/DESIGN.md, "Encrypted tasks".
 */
public final class TaskProcessing {
    /** How often the synchronous mode reads the task while it waits. */
    static final Duration POLL = Duration.ofMillis(250);
    /** How long a download link works. */
    static final Duration LINK_VALIDITY = Duration.ofMinutes(15);
    /** Parameters never stored with the order: secrets (keys; a password, which a client may send for all files). */
    private static final Set<String> NOT_TOOL_PARAMS = Set.of("file_encryption_key", "secret_key", "password",
            "debug", "v");

    /** What the handler parsed: the task, and every parameter by name (a string, or a list of strings). */
    public record Request(String task, List<Map<String, String>> files, Map<String, Object> params) {
    }

    /** The task after process: finished, or still TaskProcessing (webhook given, or the wait ran out). */
    public record Processed(TaskService.Details details) {
    }

    private final TaskStore store;
    private final TaskObjects objects;
    private final JobQueue queue;
    private final ProcessingTools tools;
    private final S3Presigner presigner;
    private final TaskSettings settings;
    private final Duration wait;
    private final Clock clock;
    private final Function<String, URI> webhookVet;
    private final UnqueuedFiles unqueued;

    public TaskProcessing(TaskStore store, TaskObjects objects, JobQueue queue, ProcessingTools tools,
                          S3Presigner presigner, TaskSettings settings, Duration wait, Clock clock) {
        this(store, objects, queue, tools, presigner, settings, wait, clock, null);
    }

    /**
     * @param webhookVet checks a webhook URL as the sender will (SafeFetcher.vet: resolved, and refused inside the
     *                   network, without connecting); null checks only that it is an http(s) URL
     */
    public TaskProcessing(TaskStore store, TaskObjects objects, JobQueue queue, ProcessingTools tools,
                          S3Presigner presigner, TaskSettings settings, Duration wait, Clock clock,
                          Function<String, URI> webhookVet) {
        this.webhookVet = webhookVet;
        this.store = store;
        this.objects = objects;
        this.queue = queue;
        this.tools = tools;
        this.presigner = presigner;
        this.settings = settings;
        this.wait = wait;
        this.clock = clock;
        this.unqueued = new UnqueuedFiles(store, settings, clock);
    }

    // ---------------------------------------------------------------- process

    public TaskService.Details process(Caller caller, Request request) {
        Task task = found(caller.projectId(), request.task());
        if (task.status() != TaskStatus.WAITING) {
            throw notWaiting(task);
        }
        Optional<FileKey> key = TaskService.key(task, caller, text(request.params(), FileKey.PARAM));
        ToolParams params = new ToolParams(request.params());
        String tool = text(request.params(), "tool").orElseThrow(() -> TaskErrors.processing(400, "missing_tool",
                "tool is required: the task's tool, " + task.tool().wire(), "tool"));
        if (!tool.equals(task.tool().wire())) {
            throw TaskErrors.processing(400, "wrong_tool", "This task was started for " + task.tool().wire()
                    + ", not " + tool + "; start a task for " + tool, "tool");
        }
        List<ProcessOrder.FileOrder> files = files(task, request.files());
        // The tool's own parameters, checked now so that a bad one is a 400 while the task is still waiting.
        tools(task, key).prepare(tool, request.params());
        boolean ignoreErrors = params.bool("ignore_errors", true);
        boolean tryImageRepair = params.bool("try_image_repair", true);
        Optional<Long> customInt = text(request.params(), "custom_int").map(TaskProcessing::customInt);
        Optional<String> customString = text(request.params(), "custom_string");
        if (customString.isPresent() && customString.get().length() > 1000) {
            throw TaskErrors.processing(400, "bad_custom_string", "custom_string is at most 1000 characters",
                    "custom_string");
        }
        String webhook = webhook(request.params());
        if (webhook != null && !webhook.isEmpty() && webhookVet != null) {
            try {
                webhookVet.apply(webhook);
            } catch (ApiError e) {
                // The fetcher's refusal, as the task API's ProcessingError naming webhook; nothing has changed.
                throw TaskErrors.processing(400, "bad_webhook", "webhook refused: " + e.getMessage(), "webhook");
            }
        }
        Map<String, Object> toolParams = new LinkedHashMap<>(request.params());
        toolParams.keySet().removeIf(name -> NOT_TOOL_PARAMS.contains(name) || name.startsWith("files"));
        Instant now = clock.instant();
        ProcessOrder order = new ProcessOrder(tool, files, ignoreErrors,
                text(request.params(), "output_filename").orElse(null),
                text(request.params(), "packaged_filename").orElse(null), tryImageRepair, webhook, toolParams,
                now.toEpochMilli(), caller.project().publicKey());
        // The files are counted in the month here, with the move to TaskProcessing, before any is queued.
        int allowance = settings.monthlyFiles(caller.project());
        FileMonth month = FileMonth.of(now);
        switch (store.progress().beginProcessing(task, order.json(), files.size(), customInt, customString, now,
                settings.lifetime(), allowance)) {
            case BEGUN -> { }
            case TASK_CHANGED -> throw notWaiting(found(task.projectId(), task.taskId())); // another process won
            case ALLOWANCE_EXHAUSTED -> {
                int left = Math.max(0, allowance - store.months().used(task.projectId(), month));
                throw TaskErrors.monthlyFilesUsedUp("ProcessingError", "The task's " + files.size() + " files do "
                        + "not fit in the project's monthly allowance of " + allowance + " files: " + left
                        + " left in " + month.key() + " (UTC). Nothing was processed; the task is still "
                        + TaskStatus.WAITING.wire() + ".", month, "files");
            }
        }
        String sealed = key.map(k -> SealedKey.seal(k, caller.project().secretKey(), task.taskId())).orElse(null);
        List<FileJob> jobs = jobs(task, order, sealed);
        List<FileJob> unsent = queue.sendAll(jobs);
        if (!unsent.isEmpty()) {
            unqueued.recordUnsent(task, order, unsent.stream().flatMap(job -> job.serverFilenames().stream())
                    .toList(), unsent.size() == jobs.size());
            // Files no worker will see are not processed: they go back to the month they were counted in.
            store.months().giveBack(task.projectId(), month,
                    unsent.stream().mapToInt(job -> job.serverFilenames().size()).sum());
        }
        if (unsent.size() < jobs.size()) {
            // Every file now has a message or a result: the workers finish the task. Until this mark, a reader
            // past process's timeout takes the task for one whose process call died (UnqueuedFiles).
            store.progress().markQueued(task.projectId(), task.taskId());
        }
        if (webhook == null) {
            awaitResult(task.projectId(), task.taskId());
        }
        Task now2 = found(task.projectId(), task.taskId());
        return new TaskService.Details(now2, store.files().list(now2.projectId(), now2.taskId()), now2.status().wire());
    }

    /** One message per file; one for all of them when the tool makes one output of several files. */
    static List<FileJob> jobs(Task task, ProcessOrder order, String sealedKey) {
        List<String> names = order.files().stream().map(ProcessOrder.FileOrder::serverFilename).toList();
        if (combines(order)) {
            return List.of(new FileJob(task.projectId(), task.taskId(), names, sealedKey));
        }
        return names.stream().map(name -> new FileJob(task.projectId(), task.taskId(), List.of(name), sealedKey))
                .toList();
    }

    static boolean combines(ProcessOrder order) {
        Object to = order.toolParams().get("to");
        return order.tool().equals("convertimage") && to != null
                && to.toString().trim().toLowerCase(Locale.ROOT).equals("gif_animation");
    }

    /** The synchronous mode: reads the task every {@link #POLL} until it is finished or the wait is over. */
    private void awaitResult(String projectId, String taskId) {
        Instant until = clock.instant().plus(wait);
        while (clock.instant().isBefore(until)) {
            Optional<Task> task = store.tasks().find(projectId, taskId);
            if (task.isEmpty() || task.get().status() != TaskStatus.PROCESSING) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<ProcessOrder.FileOrder> files(Task task, List<Map<String, String>> requested) {
        if (requested.isEmpty()) {
            throw TaskErrors.processing(400, "missing_files", "files is required: the files to process, each with "
                    + "its server_filename (from /v1/upload) and filename", "files");
        }
        Map<String, TaskFile> uploaded = new LinkedHashMap<>();
        store.files().list(task.projectId(), task.taskId()).forEach(f -> uploaded.put(f.serverFilename(), f));
        List<ProcessOrder.FileOrder> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            Map<String, String> file = requested.get(i);
            String param = "files[" + i + "]";
            String serverFilename = Optional.ofNullable(file.get("server_filename")).map(String::trim)
                    .filter(s -> !s.isEmpty()).orElseThrow(() -> TaskErrors.processing(400, "missing_server_filename",
                            param + " has no server_filename", param + "[server_filename]"));
            TaskFile stored = uploaded.get(serverFilename);
            if (stored == null) {
                // The task API's file status for it, as a ProcessingError naming the file: nothing is processed.
                throw TaskErrors.processing(400, "ServerFileNotFound", param + ": no file '" + serverFilename
                        + "' was uploaded to this task (ServerFileNotFound)", param + "[server_filename]");
            }
            if (!seen.add(serverFilename)) {
                throw TaskErrors.processing(400, "duplicate_file", param + ": '" + serverFilename
                        + "' is listed twice", param + "[server_filename]");
            }
            int rotate = rotate(file.get("rotate"), param);
            String filename = Optional.ofNullable(file.get("filename")).map(TaskService::cleanName)
                    .filter(s -> !s.equals("file")).orElse(stored.filename());
            files.add(new ProcessOrder.FileOrder(serverFilename, filename, rotate));
        }
        return files;
    }

    private static int rotate(String value, String param) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int rotate = new BigDecimal(value.trim()).intValueExact();
            if (rotate == 0 || rotate == 90 || rotate == 180 || rotate == 270) {
                return rotate;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // answered below
        }
        throw TaskErrors.processing(400, "bad_rotate", param + ": rotate must be 0, 90, 180 or 270, not '" + value
                + "'", param + "[rotate]");
    }

    private static long customInt(String value) {
        try {
            return new BigDecimal(value).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw TaskErrors.processing(400, "bad_custom_int", "custom_int must be a whole number, not '" + value
                    + "'", "custom_int");
        }
    }

    /** null when absent (wait for the result); the URL, or "" (answer at once, call nothing), when present. */
    private static String webhook(Map<String, Object> params) {
        if (!params.containsKey("webhook")) {
            return null;
        }
        String url = String.valueOf(params.get("webhook")).trim();
        if (url.isEmpty()) {
            return "";
        }
        try {
            URI uri = new URI(url);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw TaskErrors.processing(400, "bad_webhook", "webhook must be an http or https URL, or empty", "webhook");
    }

    /** The tools, with watermarkimage able to read this task's uploads as its stamp images. */
    ProcessingTools tools(Task task, Optional<FileKey> key) {
        return tools.with(new WatermarkImage(tools.maxPixels(), serverFilename -> {
            if (store.files().find(task.projectId(), task.taskId(), serverFilename).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(objects.get(TaskKeys.inputObject(task.projectId(), task.taskId(), serverFilename),
                    key));
        }));
    }

    // ---------------------------------------------------------------- download

    /**
     * Schedules the deletion of a plain copy (an encrypted task's download) once its link has expired: a delayed
     * TaskPlainCopyQueue message.
     */
    @FunctionalInterface
    public interface PlainCopies {
        void deleteLater(PlainCopyJob job, Duration after);
    }

    /**
     * A short-lived presigned GET of the task's output, named by {@code Content-Disposition} (clients read the name
     * there). The bytes never pass through a Lambda response.
     *
     * <p>An encrypted task's output is stored with SSE-C, which a presigned GET cannot carry (the key travels in
     * request headers that a browser or a redirect-following client does not send). With the task's key (checked),
     * the output is copied inside S3 to a plain object under a random name, linked for {@code encryptedLink}, and
     * deleted when that link expires; the encrypted output stays as it is.
     */
    public URI download(Caller caller, String taskId, Optional<String> paramKey, Duration encryptedLink,
                        PlainCopies plainCopies) {
        Task task = found(caller.projectId(), taskId);
        Optional<FileKey> fileKey = TaskService.key(task, caller, paramKey);
        if (!task.status().finished()) {
            throw new ApiError(400, dev.loupe.core.http.TaskApi.typed("DownloadError", "task_not_processed"),
                    "The task is " + task.status().wire() + ": its output can be downloaded once it is TaskSuccess "
                            + "or TaskSuccessWithWarnings", "task");
        }
        String name = task.output().map(Task.Output::downloadFilename).orElse("");
        if (task.status() == TaskStatus.ERROR || name.isEmpty()) {
            throw new ApiError(400, dev.loupe.core.http.TaskApi.typed("DownloadError", "no_output"),
                    "The task ended TaskError: it has no output to download ("
                            + task.output().map(Task.Output::statusMessage).orElse("") + ")", "task");
        }
        String key = TaskKeys.outputObject(task.projectId(), task.taskId(), TaskWorker.DOWNLOAD);
        Duration validity = LINK_VALIDITY;
        if (fileKey.isPresent()) {
            String copy = TaskKeys.plainCopyPrefix(task.projectId(), task.taskId()) + Ids.newId();
            // The deletion first: if the copy then fails, deleting a missing object is harmless; the other way
            // round, a failed send would leave a plain copy until the task's own clean-up.
            plainCopies.deleteLater(new PlainCopyJob(task.projectId(), task.taskId(), copy), encryptedLink);
            objects.copy(key, copy, fileKey, Optional.empty());
            key = copy;
            validity = encryptedLink;
        }
        String served = key;
        Duration linkValidity = validity;
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(linkValidity)
                .getObjectRequest(g -> g.bucket(objects.bucket()).key(served)
                        .responseContentDisposition(contentDisposition(name))
                        .responseContentType(contentType(name)))).url().toString());
    }

    /** RFC 6266: a plain ASCII {@code filename} for old clients and the exact name in {@code filename*}. */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "zip" -> "application/zip";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "tif", "tiff" -> "image/tiff";
            case "heic", "heif" -> "image/heif";
            case "avif" -> "image/avif";
            default -> "application/octet-stream";
        };
    }

    // ---------------------------------------------------------------- rules

    private Task found(String projectId, String taskId) {
        if (taskId == null || !Ids.plausible(taskId)) {
            throw TaskErrors.taskNotFound();
        }
        return store.tasks().find(projectId, taskId).filter(task -> !task.expired(clock.instant()))
                .map(unqueued::settled).orElseThrow(TaskErrors::taskNotFound);
    }

    private static ApiError notWaiting(Task task) {
        return TaskErrors.processing(400, "task_not_waiting", "The task is " + task.status().wire()
                + ": it can be processed once, while it is TaskWaiting", "task");
    }

    private static Optional<String> text(Map<String, Object> params, String name) {
        Object value = params.get(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.getFirst();
        }
        return Optional.ofNullable(value).map(v -> v.toString().trim()).filter(s -> !s.isEmpty());
    }
}
