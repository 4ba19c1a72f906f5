package dev.loupe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "task", mixinStandardHelpOptions = true, subcommands = TaskCommand.Run.class,
        description = "Process local files with a tool of the task API.")
final class TaskCommand {
    private static final Set<String> DONE = Set.of("TaskSuccess", "TaskSuccessWithWarnings", "TaskError", "TaskDeleted");

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Start a task of TOOL, upload FILES with progress (large ones in chunks), process them with "
                    + "the tool's parameters, wait, and download the output into --out (a ZIP of several outputs is "
                    + "unpacked there).",
                    "A rerun of the same command after an interruption continues the same task: files and chunks the "
                            + "server has are not sent again (the state is in DIR/" + TaskManifest.FILE_NAME + ").",
                    "Tools: resizeimage, cropimage, compressimage, convertimage, watermarkimage, repairimage, rotateimage."})
    static final class Run extends ApiCommand {
        @Parameters(index = "0", paramLabel = "TOOL", description = "The task API's tool, e.g. resizeimage.")
        String tool;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "The files to process.")
        List<Path> files;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Where the output goes.")
        Path out;

        @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
                description = "A parameter of the tool, e.g. pixels_width=800 (numbers, true/false and JSON "
                        + "values [..] or {..} are sent as such; the rest as text).")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "4194304",
                description = "Files larger than this go in chunks of this size (default ${DEFAULT-VALUE}; a request "
                        + "is at most 6 MB).")
        long chunkSize;

        @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
                description = "How many files are sent at once (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
                description = "auto, tty, plain or none (default: ${DEFAULT-VALUE}).")
        Progress.Mode progress;

        @Option(names = "--keep-zip", description = "Keep a ZIP of several outputs as it is instead of unpacking it.")
        boolean keepZip;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long to wait for the processing (default: ${DEFAULT-VALUE}).")
        long waitSeconds;

        /** A test hook: stop (as an interrupted run would) after this many chunks are sent. */
        @Option(names = "--stop-after-chunks", hidden = true)
        int stopAfterChunks;

        Run(Context context) {
            super(context);
        }

        @Override
        ExitCode run(Api api) throws Exception {
            if (chunkSize < 1024 || chunkSize > 5_800_000) {
                throw new CliException(ExitCode.USAGE, "--chunk-size must be between 1024 and 5800000 bytes");
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new CliException(ExitCode.USAGE, "--concurrency must be between 1 and 64");
            }
            Map<String, Object> parameters = parameters(params);
            List<TaskManifest.FileState> states = new ArrayList<>();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new CliException(ExitCode.USAGE, file + " is not a file");
                }
                long size = Files.size(file);
                int chunks = (int) Math.max(1, (size + chunkSize - 1) / chunkSize);
                states.add(new TaskManifest.FileState(file.toAbsolutePath().normalize().toString(), Md5.of(file), size,
                        chunks, 0, null));
            }
            Files.createDirectories(out);
            TaskManifest manifest = TaskManifest.resume(out, tool, chunkSize, new TreeMap<>(params), states)
                    .filter(found -> stillWaiting(api, found.state().task()))
                    .orElse(null);
            boolean resumed = manifest != null;
            if (manifest == null) {
                manifest = TaskManifest.create(out, api.startTask(tool), tool, chunkSize, new TreeMap<>(params), states);
            }
            String task = manifest.state().task();
            context.terminal().err().println((resumed ? "Resuming task " : "Task ") + task + " (" + tool + ")");

            List<String> failures = upload(api, manifest);
            if (!failures.isEmpty()) {
                return report(null, null, failures, ExitCode.SOME_FAILED, task);
            }
            List<Api.TaskFile> taskFiles = new ArrayList<>();
            for (TaskManifest.FileState file : manifest.state().files()) {
                taskFiles.add(new Api.TaskFile(file.serverFilename(), Path.of(file.path()).getFileName().toString()));
            }
            JsonNode result = api.process(task, tool, taskFiles, parameters);
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (!DONE.contains(result.path("status").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCode.SERVER, "Task " + task + " was still " + result.path("status").asText()
                            + " after " + waitSeconds + " s");
                }
                Thread.sleep(1000);
                result = api.task(task);
            }
            String status = result.path("status").asText();
            if (status.equals("TaskError") || status.equals("TaskDeleted")) {
                manifest.delete();
                return report(result, null, fileFailures(result), ExitCode.SOME_FAILED, task);
            }
            Path downloaded;
            try (Progress display = Progress.start(context.terminal(), progress, result.path("output_filesize").asLong(), 1)) {
                Transfer transfer = display.begin("download", result.path("output_filesize").asLong());
                downloaded = api.downloadTask(task, out, transfer::sent);
                display.end(transfer, null);
            }
            List<Path> outputs = new ArrayList<>();
            if (!keepZip && result.path("output_filenumber").asInt(1) > 1 && downloaded.toString().endsWith(".zip")) {
                outputs.addAll(unzip(downloaded, out));
                Files.delete(downloaded);
            } else {
                outputs.add(downloaded);
            }
            manifest.delete();
            List<String> warnings = fileFailures(result);
            return report(result, outputs, warnings, warnings.isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED, task);
        }

        private boolean stillWaiting(Api api, String task) {
            try {
                return "TaskWaiting".equals(api.task(task).path("status").asText());
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return false;
                }
                throw e;
            }
        }

        /** Sends what the server lacks, files in parallel and each file's chunks in order; the failures. */
        private List<String> upload(Api api, TaskManifest manifest) throws Exception {
            List<TaskManifest.FileState> files = manifest.state().files();
            long left = 0;
            int filesLeft = 0;
            for (TaskManifest.FileState file : files) {
                if (!file.uploaded()) {
                    left += file.size() - Math.min(file.size(), file.chunksSent() * chunkSize);
                    filesLeft++;
                }
            }
            List<String> failures = new ArrayList<>();
            var chunksSent = new java.util.concurrent.atomic.AtomicInteger();
            try (Progress display = Progress.start(context.terminal(), progress, left, filesLeft);
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Semaphore slots = new Semaphore(concurrency);
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    int index = i;
                    if (files.get(i).uploaded()) {
                        continue;
                    }
                    futures.add(pool.submit(() -> {
                        slots.acquire();
                        try {
                            return sendFile(api, manifest, index, display, chunksSent);
                        } finally {
                            slots.release();
                        }
                    }));
                }
                for (Future<String> future : futures) {
                    String failure = future.get();
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            }
            return failures;
        }

        private String sendFile(Api api, TaskManifest manifest, int index, Progress display,
                                java.util.concurrent.atomic.AtomicInteger chunksSent) {
            TaskManifest.FileState file = manifest.file(index);
            Path path = Path.of(file.path());
            String name = path.getFileName().toString();
            long offset = Math.min(file.size(), file.chunksSent() * chunkSize);
            Transfer transfer = display.begin(name, file.size() - offset);
            try (RandomAccessFile in = new RandomAccessFile(path.toFile(), "r")) {
                for (int chunk = file.chunksSent(); chunk < file.chunks(); chunk++) {
                    if (stopAfterChunks > 0 && chunksSent.get() >= stopAfterChunks) {
                        display.end(transfer, "stopped");
                        return name + ": stopped before chunk " + chunk + " (run the command again to continue)";
                    }
                    long start = chunk * chunkSize;
                    byte[] bytes = new byte[(int) Math.min(chunkSize, file.size() - start)];
                    in.seek(start);
                    in.readFully(bytes);
                    long before = start - offset;
                    String serverFilename = api.uploadTaskChunk(manifest.state().task(), name, bytes, chunk,
                            file.chunks(), done -> transfer.sent(before + done));
                    manifest.chunkSent(index, chunk, serverFilename);
                    chunksSent.incrementAndGet();
                }
                display.end(transfer, null);
                return null;
            } catch (ApiException e) {
                display.end(transfer, e.reason());
                return name + ": " + e.reason();
            } catch (IOException | RuntimeException e) {
                display.end(transfer, e.getMessage());
                return name + ": " + e.getMessage();
            }
        }

        private ExitCode report(JsonNode task, List<Path> outputs, List<String> failures, ExitCode exit, String taskId) {
            if (options.json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("task", taskId);
                result.put("tool", tool);
                result.put("status", task == null ? "NotProcessed" : task.path("status").asText());
                result.put("outputs", outputs == null ? List.of() : outputs.stream().map(Path::toString).toList());
                result.put("failures", failures);
                if (task != null) {
                    result.put("files", task.path("files"));
                }
                result.put("exit_code", exit.code());
                printJson(result);
                return exit;
            }
            var stdout = context.terminal().out();
            stdout.println("Task " + taskId + ": " + (task == null ? "not processed" : task.path("status").asText()));
            if (outputs != null) {
                for (Path output : outputs) {
                    stdout.println("  " + output);
                }
            }
            if (!failures.isEmpty()) {
                stdout.println("Failed:");
                failures.forEach(failure -> stdout.println("  " + failure));
            }
            return exit;
        }

        private static List<String> fileFailures(JsonNode task) {
            List<String> failures = new ArrayList<>();
            for (JsonNode file : task.path("files")) {
                String status = file.path("status").asText();
                if (!status.isEmpty() && !status.equals("FileSuccess")) {
                    failures.add(file.path("filename").asText() + ": " + status
                            + (file.path("status_message").isTextual() ? " (" + file.path("status_message").asText() + ")" : ""));
                }
            }
            if (failures.isEmpty() && task.path("status").asText().equals("TaskError")) {
                failures.add("the task failed: " + task.path("status_message").asText());
            }
            return failures;
        }
    }

    /** The {@code --param} values as the process call sends them: numbers, booleans and JSON as such. */
    static Map<String, Object> parameters(Map<String, String> params) {
        Map<String, Object> parameters = new TreeMap<>();
        params.forEach((key, value) -> {
            Object parsed = value;
            if (value.equals("true") || value.equals("false")) {
                parsed = Boolean.parseBoolean(value);
            } else if (value.matches("-?\\d{1,15}")) {
                parsed = Long.parseLong(value);
            } else if (value.startsWith("[") || value.startsWith("{")) {
                try {
                    parsed = ApiCommand.JSON.readValue(value, Object.class);
                } catch (IOException e) {
                    throw new CliException(ExitCode.USAGE, "--param " + key + ": not JSON (" + e.getMessage() + ")");
                }
            }
            parameters.put(key, parsed);
        });
        return parameters;
    }

    /** Unpacks a ZIP's files into {@code directory} (flat: a name that would leave it is refused). */
    static List<Path> unzip(Path zip, Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        Path root = directory.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new CliException(ExitCode.SERVER, "The output ZIP has an unsafe name: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                Files.copy(entries, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                files.add(target);
            }
        }
        return files;
    }
}
