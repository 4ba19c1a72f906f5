package dev.loupe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.Multipart;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.imaging.tools.ImageTool;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.imaging.tools.ToolImage;
import dev.loupe.imaging.tools.ToolInput;
import dev.loupe.imaging.tools.ToolResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A 100-file resize task end to end on the local cloud (bench/task100.sh; docs/PERFORMANCE.md, "A 100-file task"):
 * start, 100 uploads of a 12-megapixel JPEG, process (asynchronous: {@code webhook} names a receiver on 127.0.0.1
 * that this bench runs, which the finished task is POSTed to), download and check the ZIP (100 entries, each
 * 1024 x 768). Waiting for the webhook rather than polling {@code GET /v1/task/{task}} keeps the bench's own requests
 * (each a gateway call, a function, a read and a rate-limit write) out of the measured window.
 * The process-to-finish time is compared with the ideal: the sum of the 100 files' single-file times through
 * {@link ProcessingTools} in this JVM, one after the other, divided by the cores. A warm-up task of 20 files runs
 * first so that the worker function's cold start and JIT compilation are not counted. The CPU time of the whole
 * process (local cloud and emulators included, they run in this JVM) is measured over the task and over the
 * single-file runs, which shows what the task costs beyond the tool itself whatever the machine's load, and split by
 * thread ({@link ThreadCpu}): the tool's, the worker's own and the emulators', against issue 19's goals.
 *
 * <p>Not part of the test run: it needs {@code -Dloupe.bench=true} and {@code -Dloupe.bench.input} (the JPEG).
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class TaskBench {
    private static final int FILES = Integer.getInteger("loupe.bench.files", 100);
    /** Files of the unmeasured warm-up task: enough for the JIT to compile the worker's paths (each function has its
     * own class loader, so its code is compiled apart; with 4 files the compiler threads still took a third of the
     * measured task's Java CPU time). */
    private static final int WARMUP_FILES = Integer.getInteger("loupe.bench.warmup", 20);
    private static final int UPLOAD_THREADS = 4;
    /** How often the threads' CPU times are sampled while the task runs (a thread that ends keeps its last one). */
    private static final int SAMPLE_MS = 100;
    private static final Map<String, Object> RESIZE = Map.of("resize_mode", "pixels", "pixels_width", 1024);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private LoupeCloud cloud;
    private String token;
    /** The webhook receiver: each finished task's POSTed JSON, with when it came. */
    private HttpServer receiver;
    private final Map<String, CompletableFuture<Hook>> hooks = new ConcurrentHashMap<>();

    private record Hook(long nanos, JsonNode body) {
    }

    @Test
    void hundredFileResize() throws Exception {
        byte[] photo = Files.readAllBytes(Path.of(System.getProperty("loupe.bench.input")));
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> report = new ArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            long now = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = JSON.readTree(body);
            hooks.computeIfAbsent(json.path("task").asText(), k -> new CompletableFuture<>())
                    .complete(new Hook(now, json));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        // Webhooks may reach this receiver alone (LOOPBACK_ALLOWED_TARGET, what ./loupe run --allow-loopback sets).
        try (LoupeCloud started = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(
                Map.of("LOOPBACK_ALLOWED_TARGET", "127.0.0.1:" + receiver.getAddress().getPort())))) {
            cloud = started;
            // The worker's cold start and first JIT rounds, on a small task that is not measured. Each task has a
            // project of its own, so the two together stay far from the per-project rate limit.
            newProject();
            Run warm = task(photo, WARMUP_FILES);
            System.out.println("[bench] warm-up task of " + WARMUP_FILES + " files: " + warm.processMs() + " ms");

            double loadBefore = load();
            newProject();
            Run run = task(photo, FILES);
            double loadAfter = load();

            // The ideal, measured right after in this JVM: each file through the tool alone, one after the other.
            ImageTool.Run resize = new ProcessingTools().prepare("resizeimage", RESIZE);
            for (int i = 0; i < 3; i++) {
                single(resize, photo);
            }
            double[] singles = new double[FILES];
            long cpuStart = cpuNanos();
            long singlesStart = System.nanoTime();
            ThreadCpu singlesThreads = ThreadCpu.now(cpuStart);
            ThreadCpu singlesLater = singlesThreads;
            for (int i = 0; i < FILES; i++) {
                singles[i] = single(resize, photo);
                singlesLater = singlesLater.then(cpuNanos());
            }
            double singlesCpuMs = (cpuNanos() - cpuStart) / 1e6;
            double singlesSeconds = (System.nanoTime() - singlesStart) / 1e9;
            ThreadCpu.Split singlesSplit = singlesLater.then(cpuNanos()).since(singlesThreads);
            double sum = Arrays.stream(singles).sum();
            double ideal = sum / cores;
            double ratio = run.processMs() / ideal;
            double[] sorted = singles.clone();
            Arrays.sort(sorted);

            report.add(String.format(Locale.ROOT, "%d files of %,d bytes (%s), resizeimage pixels_width=1024; "
                    + "%d cores; load average %.1f before the task, %.1f after; JDK %s.", FILES, photo.length,
                    Path.of(System.getProperty("loupe.bench.input")).getFileName(), cores, loadBefore, loadAfter,
                    Runtime.version()));
            report.add("");
            report.add("| measure | value |");
            report.add("|---|---|");
            report.add(row("uploads (" + UPLOAD_THREADS + " in parallel, multipart through the gateway)",
                    "%,d ms", run.uploadMs()));
            report.add(row("process request answered (asynchronous: with a webhook)", "%,d ms", run.answerMs()));
            report.add(row("process to TaskSuccess, seen by the webhook's POST to the bench's receiver", "%,d ms",
                    run.processMs()));
            report.add(row("the task's own `timer` (process to the finisher's last write)", "%s s", run.timer()));
            report.add(row("download (302, then the ZIP from S3Proxy)", "%,d ms (%,d bytes)", run.downloadMs(),
                    run.zipBytes()));
            report.add(row("one file through the tool alone: median (min–max)", "%.0f ms (%.0f–%.0f)",
                    sorted[FILES / 2], sorted[0], sorted[FILES - 1]));
            report.add(row("ideal: sum of the " + FILES + " single-file times / " + cores + " cores",
                    "%,.0f ms / %d = %,.0f ms", sum, cores, ideal));
            report.add(row("CPU time of this JVM (local cloud, emulators, functions, libvips) from process to "
                    + "finish, per file", "%,.0f ms (%,.0f ms in all)", run.cpuMs() / FILES, run.cpuMs()));
            report.add(row("CPU time of one file through the tool alone (the whole process)", "%,.0f ms",
                    singlesCpuMs / FILES));
            ThreadCpu.Split split = run.split();
            double toolMs = split.group("tool") / 1e6 / FILES;
            double ownMs = split.group("virtual threads") / 1e6 / FILES;
            double emulatorsMs = (split.group("ElasticMQ") + split.group("Jetty")) / 1e6 / FILES;
            // The local cloud's idle cost: its SQS pollers long-poll every queue (five per subscription) and its
            // stream pollers read every stream, task or not. Measured while the tool ran alone (nothing else ran then),
            // as CPU a second, and taken out of the task's window: no worker on AWS pays it.
            double idleOwnPerSecond = singlesSplit.group("virtual threads") / 1e6 / singlesSeconds;
            double windowSeconds = run.processMs() / 1e3;
            double ownNetMs = Math.max(0, ownMs - idleOwnPerSecond * windowSeconds / FILES);
            double own = ownNetMs / toolMs;
            report.add(row("per file in the task: the tool's CPU (task-tool threads and libvips' own)", "%,.0f ms",
                    toolMs));
            report.add(row("per file in the task: the worker's own CPU (the functions' virtual threads: S3, "
                    + "DynamoDB and SQS clients, JSON; with the pollers, the process call and the gateway)",
                    "%,.0f ms", ownMs));
            report.add(row("per file in the task: the emulators (DynamoDB Local, S3Proxy, ElasticMQ)", "%,.0f ms",
                    emulatorsMs));
            report.add(row(String.format(Locale.ROOT, "the local cloud's idle pollers (virtual threads while the "
                    + "tool ran alone: %.0f ms a second), over the task's %.1f s, per file", idleOwnPerSecond,
                    windowSeconds), "%,.0f ms", idleOwnPerSecond * windowSeconds / FILES));
            report.add(row("per file in the task: the worker's own CPU less the idle pollers", "%,.0f ms",
                    ownNetMs));
            report.add(row("the worker's own CPU on top of the tool's, idle pollers included", "%.0f%%",
                    100 * ownMs / toolMs));
            report.add(String.format(Locale.ROOT, "| **worker's own CPU on top of the tool's** (less the idle "
                    + "pollers) | **%.0f%%** (goal ≤ 25%%: %s) |", own * 100, own <= 0.25 ? "met" : "missed"));
            report.add(String.format(Locale.ROOT, "| **process to finish / ideal** | **%.2f** (goal ≤ 1.6: %s) |",
                    ratio, ratio <= 1.6 ? "met" : "missed"));
            report.add("");
            report.add("The process's CPU from process to finish, by thread group (schedstat of each thread):");
            report.add("");
            report.add("| threads | CPU | per file | share |");
            report.add("|---|---|---|---|");
            split.byGroup().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> report.add(share(e.getKey(), e.getValue(), split.total())));
            report.add(share("threads that ended within the window", split.exited(), split.total()));
            report.add(share("**the whole process**", split.total(), split.total()));
            report.add("");
            report.add("Busiest thread names (digits as N): " + split.topNames(14) + ".");
            report.add("");
            report.add("The tool alone, by thread group: " + singlesSplit.byGroup().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 1e9))
                    .collect(java.util.stream.Collectors.joining(", "))
                    + String.format(Locale.ROOT, ", ended threads %.1f s.", singlesSplit.exited() / 1e9));
            report.forEach(line -> System.out.println("[bench] " + line));
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/bench-task100.md"), report);
        } finally {
            receiver.stop(0);
        }
    }

    private void newProject() {
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "bench", List.of());
        cloud.projects().create(project, Instant.now());
        token = TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
    }

    private static String row(String measure, String format, Object... values) {
        return "| " + measure + " | " + String.format(Locale.ROOT, format, values) + " |";
    }

    private static String share(String threads, long nanos, long total) {
        return String.format(Locale.ROOT, "| %s | %.1f s | %.0f ms | %.0f%% |", threads, nanos / 1e9,
                nanos / 1e6 / FILES, 100.0 * nanos / total);
    }

    private record Run(long uploadMs, long answerMs, long processMs, String timer, long downloadMs, long zipBytes,
            double cpuMs, ThreadCpu.Split split) {
    }

    /** One task of n copies of the photo: start, upload, process, wait, download and check. */
    private Run task(byte[] photo, int n) throws Exception {
        String task = json(send("GET", "/v1/start/resizeimage", null, null), 200).path("task").asText();
        long uploadStart = System.nanoTime();
        List<String> names = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS)) {
            List<Future<String>> uploads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = String.format(Locale.ROOT, "photo-%03d.jpg", i);
                uploads.add(pool.submit(() -> {
                    Multipart body = new Multipart().field("task", task)
                            .part("file", name, "image/jpeg", photo);
                    return json(send("POST", "/v1/upload", body.contentType(), body.bytes()), 200)
                            .path("server_filename").asText();
                }));
            }
            for (Future<String> upload : uploads) {
                names.add(upload.get());
            }
        }
        long uploadMs = millisSince(uploadStart);

        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(Map.of("server_filename", names.get(i), "filename",
                    String.format(Locale.ROOT, "photo-%03d.jpg", i)));
        }
        Map<String, Object> order = new java.util.HashMap<>(RESIZE);
        String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + task;
        order.putAll(Map.of("task", task, "tool", "resizeimage", "webhook", webhook, "files", files));
        CompletableFuture<Hook> hook = hooks.computeIfAbsent(task, k -> new CompletableFuture<>());
        long cpuStart = cpuNanos();
        ThreadCpu threadsStart = ThreadCpu.now(cpuStart);
        ThreadCpu threads = threadsStart;
        long processStart = System.nanoTime();
        JsonNode answer = json(send("POST", "/v1/process", "application/json", JSON.writeValueAsBytes(order)), 200);
        long answerMs = millisSince(processStart);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Hook posted = null;
        while (posted == null) {
            assertThat(System.nanoTime()).as("the task finishes within 10 minutes").isLessThan(deadline);
            try {
                posted = hook.get(SAMPLE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                threads = threads.then(cpuNanos());
            }
        }
        JsonNode done = posted.body();
        assertThat(answer.path("task").asText()).isEqualTo(task);
        long processMs = (posted.nanos() - processStart) / 1_000_000;
        long cpuEnd = cpuNanos();
        ThreadCpu.Split split = threads.then(cpuEnd).since(threadsStart);
        double cpuMs = (cpuEnd - cpuStart) / 1e6;
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("TaskSuccess");
        assertThat(done.path("output_filenumber").asInt()).isEqualTo(n);

        long downloadStart = System.nanoTime();
        HttpResponse<String> redirect = send("GET", "/v1/download/" + task, null, null);
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("location").orElseThrow());
        assertThat(location.getHost()).isIn("127.0.0.1", "localhost");
        byte[] zip = CLIENT.send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        long downloadMs = millisSince(downloadStart);
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; entries++) {
                var info = ToolImage.probe(in.readAllBytes());
                assertThat(List.of(info.width(), info.height())).as(e.getName()).containsExactly(1024, 768);
            }
        }
        assertThat(entries).isEqualTo(n);
        return new Run(uploadMs, answerMs, processMs, done.path("timer").asText(), downloadMs, zip.length,
                cpuMs, split);
    }

    private static double single(ImageTool.Run resize, byte[] photo) {
        long start = System.nanoTime();
        ToolResult result = resize.apply(List.of(new ToolInput(photo, "photo.jpg", 0)));
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(result.files().getFirst().succeeded()).isTrue();
        return ms;
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Authorization", "Bearer " + token);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** CPU time of the whole process: every thread, libvips' own included (the local cloud runs in this JVM). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
