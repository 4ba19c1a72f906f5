package dev.loupe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of every native thread of this process, by its Linux name ({@code /proc/self/task/<tid>/comm} and
 * {@code schedstat}, nanoseconds on a CPU): the local cloud, its emulators, the functions and libvips all run in this
 * JVM, so a snapshot before and after a task splits the process's CPU between them. ThreadMXBean can't do it: the
 * functions run on virtual threads (it answers -1 for them) and libvips' worker threads are not Java threads.
 * Threads end within the window (libvips' workers do, under concurrent pipelines): {@link #then} keeps each thread's
 * last reading, so a window sampled often (the bench samples at every poll of the task, 100 ms) loses only what a
 * thread took after its last sample, counted in {@link Split#exited} (the process's total less the threads seen).
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<String, Long> nanosByTid;
    private final Map<String, String> nameByTid;
    private final long processNanos;

    private ThreadCpu(Map<String, Long> nanosByTid, Map<String, String> nameByTid, long processNanos) {
        this.nanosByTid = nanosByTid;
        this.nameByTid = nameByTid;
        this.processNanos = processNanos;
    }

    /** Whether this system has per-thread schedstat (Linux with schedstats). */
    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/schedstat"));
    }

    static ThreadCpu now(long processNanos) {
        Map<String, Long> nanos = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (DirectoryStream<Path> tids = Files.newDirectoryStream(TASKS)) {
            for (Path tid : tids) {
                try {
                    String stat = Files.readString(tid.resolve("schedstat")).strip();
                    String name = Files.readString(tid.resolve("comm")).strip();
                    nanos.put(tid.getFileName().toString(), Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                    names.put(tid.getFileName().toString(), name);
                } catch (IOException | RuntimeException e) {
                    // The thread ended while the directory was read: it counts as exited.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ThreadCpu(nanos, names, processNanos);
    }

    /**
     * A later snapshot that also keeps the last reading of the threads of this one that have ended since (a thread
     * id that Linux gave again to a new thread, whose reading is lower, is kept apart under a new key).
     */
    ThreadCpu then(long processNanos) {
        ThreadCpu now = now(processNanos);
        Map<String, Long> nanos = new HashMap<>(nanosByTid);
        Map<String, String> names = new HashMap<>(nameByTid);
        now.nanosByTid.forEach((tid, value) -> {
            Long before = nanos.get(tid);
            if (before != null && value < before) {
                String ended = tid + "/ended-" + nanos.size();
                nanos.put(ended, before);
                names.put(ended, names.get(tid));
            }
            nanos.put(tid, value);
            names.put(tid, now.nameByTid.get(tid));
        });
        return new ThreadCpu(nanos, names, processNanos);
    }

    /** What each group of threads took between {@code before} and this snapshot. */
    Split since(ThreadCpu before) {
        Map<String, Long> byGroup = new TreeMap<>();
        Map<String, Long> byName = new HashMap<>();
        long seen = 0;
        for (var entry : nanosByTid.entrySet()) {
            long delta = entry.getValue() - before.nanosByTid.getOrDefault(entry.getKey(), 0L);
            if (delta <= 0) {
                continue;
            }
            String name = nameByTid.get(entry.getKey());
            byGroup.merge(group(name), delta, Long::sum);
            byName.merge(name.replaceAll("[0-9]+", "N"), delta, Long::sum);
            seen += delta;
        }
        long exited = Math.max(0, (processNanos - before.processNanos) - seen);
        return new Split(byGroup, byName, exited, processNanos - before.processNanos);
    }

    /**
     * The group a thread belongs to, by the name Linux keeps (15 characters). The names were read from the
     * bench's own runs ({@link Split#topNames} prints them, so a new name shows up as "other").
     */
    static String group(String name) {
        if (name.startsWith("task-tool") || name.startsWith("vips") || name.startsWith("worker")
                || name.equals("pool-spawner") || name.startsWith("libvips")) {
            return "tool (task-tool threads and libvips' own)";
        }
        if (name.startsWith("ForkJoinPool-")) {
            return "virtual threads (functions, SQS and stream pollers, HTTP gateway)";
        }
        if (name.startsWith("elasticmq") || name.contains("pekko")) {
            return "ElasticMQ (SQS)";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT compiler";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM ")) {
            return "GC and VM";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("qtp") || lower.startsWith("sqlite") || lower.startsWith("dynamo")
                || lower.startsWith("s3proxy")) {
            return "Jetty (DynamoDB Local and S3Proxy) and SQLite";
        }
        if (name.startsWith("HttpClient")) {
            return "the bench's HTTP client";
        }
        return "other";
    }

    /** One window's CPU time by group. */
    record Split(Map<String, Long> byGroup, Map<String, Long> byName, long exited, long total) {
        long group(String prefix) {
            return byGroup.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** The {@code n} thread names (digits as N) that took the most, for the report. */
        String topNames(int n) {
            Map<String, Long> top = new LinkedHashMap<>();
            byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .forEach(e -> top.put(e.getKey(), e.getValue()));
            StringBuilder out = new StringBuilder();
            top.forEach((name, nanos) -> out.append(out.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.1f s", name, nanos / 1e9)));
            return out.toString();
        }
    }
}
