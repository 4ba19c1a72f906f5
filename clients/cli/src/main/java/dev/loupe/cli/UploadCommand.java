package dev.loupe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Upload a folder's files to the library (a folder there of the same name, or --folder), and "
                + "with --gallery into a new gallery of them.",
                "Files go in parallel (--concurrency), with a progress bar per file and overall. A rerun sends only "
                        + "what is not uploaded yet: a file counts as uploaded when the library has an image of it "
                        + "with the same MD5 (remembered in ~/.loupe/uploads/, checked against the image's details)."})
final class UploadCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to upload (its files; hidden files are left out).")
    Path directory;

    @Option(names = "--folder", paramLabel = "NAME",
            description = "The library folder to upload into, by name or id (created when missing; default: DIR's name).")
    String folder;

    @Option(names = "--gallery", paramLabel = "NAME",
            description = "Also make a gallery of the uploaded files with this name (a rerun adds what it lacks).")
    String gallery;

    @Option(names = "--title", paramLabel = "TITLE", description = "The gallery's title (default: its name).")
    String title;

    @Option(names = {"-r", "--recursive"}, description = "Include the files of subfolders too.")
    boolean recursive;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "How many files are sent at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (bars on a terminal, else lines), tty, plain or none (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Where to remember what was sent (default: a file under ~/.loupe/uploads/ for this "
                    + "deployment, project, folder and DIR).")
    Path manifestFile;

    /** A test hook: stop (as an interrupted run would) once this many files are uploaded. */
    @Option(names = "--stop-after", hidden = true)
    int stopAfter;

    UploadCommand(Context context) {
        super(context);
    }

    /** One file's outcome. */
    record Outcome(String path, long size, String md5, String status, String imageId, ApiException error,
                   String message) {
        Map<String, Object> json() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("path", path);
            map.put("size", size);
            map.put("md5", md5);
            map.put("status", status);
            if (imageId != null) {
                map.put("image_id", imageId);
            }
            if (message != null) {
                Map<String, Object> error = new LinkedHashMap<>();
                if (this.error != null) {
                    error.put("status", this.error.status());
                    error.put("code", this.error.code());
                }
                error.put("message", message);
                map.put("error", error);
            }
            return map;
        }
    }

    @Override
    ExitCode run(Api api) throws Exception {
        if (!Files.isDirectory(directory)) {
            throw new CliException(ExitCode.USAGE, directory + " is not a folder");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new CliException(ExitCode.USAGE, "--concurrency must be between 1 and 64");
        }
        List<Path> files = files();
        if (files.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "There are no files in " + directory);
        }
        Path absolute = directory.toAbsolutePath().normalize();
        String folderName = folder != null ? folder
                : absolute.getFileName() == null ? "upload" : absolute.getFileName().toString();
        Settings settings = Settings.resolve(options.flags(), context.env(), Settings.configFile(context.env(), context.home()));
        UploadManifest manifest = UploadManifest.open(manifestFile != null ? manifestFile
                : UploadManifest.defaultLocation(context.home(), settings.url().toString(), settings.publicKey(),
                folderName, absolute));
        String folderId = api.folder(folderName, true);
        if (manifest.state().folderId() != null && !manifest.state().folderId().equals(folderId)) {
            // The folder was deleted and made again since: nothing recorded is in it any more.
            for (String path : List.copyOf(manifest.state().files().keySet())) {
                manifest.forget(path);
            }
        }
        manifest.recordFolder(folderId);

        long started = System.nanoTime();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        Map<String, List<String>> inFolder = null;
        for (Path file : files) {
            String path = absolute.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            long size = Files.size(file);
            String md5 = Md5.of(file);
            Optional<String> already = manifest.sent(path, md5).flatMap(entry -> api.image(entry.imageId()))
                    .filter(image -> usable(image, md5)).map(Api.Image::id);
            if (already.isEmpty()) {
                // Not remembered (another machine, or a run killed between the answer and the manifest): an image
                // of the same name in the folder with the same MD5 is this file.
                if (inFolder == null) {
                    inFolder = new HashMap<>();
                    for (Api.Image image : api.folderImages(folderId)) {
                        inFolder.computeIfAbsent(image.fileName(), key -> new ArrayList<>()).add(image.id());
                    }
                }
                already = inFolder.getOrDefault(file.getFileName().toString(), List.of()).stream()
                        .map(api::image).flatMap(Optional::stream).filter(image -> usable(image, md5))
                        .map(Api.Image::id).findFirst();
            }
            if (already.isPresent()) {
                manifest.record(path, new UploadManifest.Entry(md5, size, already.get()));
                outcomes.put(path, new Outcome(path, size, md5, "skipped", already.get(), null, "already uploaded"));
            } else {
                outcomes.put(path, null);
                pending.add(new Pending(file, path, size, md5));
            }
        }

        long bytes = pending.stream().mapToLong(Pending::size).sum();
        AtomicInteger uploaded = new AtomicInteger();
        boolean interrupted = false;
        try (Progress display = Progress.start(context.terminal(),
                pending.isEmpty() ? Progress.Mode.NONE : progress, bytes, pending.size());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(concurrency);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Pending file : pending) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        if (stopAfter > 0 && uploaded.get() >= stopAfter) {
                            return new Outcome(file.path(), file.size(), file.md5(), "not_sent", null, null,
                                    "stopped before it was sent");
                        }
                        return send(api, manifest, display, folderId, file, uploaded);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<Outcome> future : futures) {
                try {
                    Outcome outcome = future.get();
                    outcomes.put(outcome.path(), outcome);
                } catch (InterruptedException e) {
                    interrupted = true;
                    pool.shutdownNow();
                    break;
                }
            }
        }
        for (Pending file : pending) {
            outcomes.computeIfAbsent(file.path(), key -> null);
            if (outcomes.get(file.path()) == null) {
                outcomes.put(file.path(), new Outcome(file.path(), file.size(), file.md5(), "not_sent", null, null,
                        "interrupted before it was sent"));
            }
        }

        JsonNode galleryJson = null;
        String galleryFailure = null;
        if (gallery != null) {
            try {
                galleryJson = gallery(api, manifest, outcomes);
            } catch (ApiException e) {
                galleryFailure = e.reason();
            }
        }
        return summarize(outcomes, folderId, manifest, galleryJson, galleryFailure, System.nanoTime() - started,
                interrupted);
    }

    private record Pending(Path file, String path, long size, String md5) {
    }

    private static boolean usable(Api.Image image, String md5) {
        return md5.equalsIgnoreCase(image.md5()) && ("active".equals(image.status()) || "pending".equals(image.status()));
    }

    private Outcome send(Api api, UploadManifest manifest, Progress display, String folderId, Pending file,
                         AtomicInteger uploaded) {
        Transfer transfer = display.begin(file.path(), file.size());
        try {
            Api.Image image = api.upload(file.file(), folderId, file.md5(), transfer::sent);
            manifest.record(file.path(), new UploadManifest.Entry(file.md5(), file.size(), image.id()));
            uploaded.incrementAndGet();
            display.end(transfer, null);
            return new Outcome(file.path(), file.size(), file.md5(), "uploaded", image.id(), null, null);
        } catch (ApiException e) {
            display.end(transfer, e.reason());
            return new Outcome(file.path(), file.size(), file.md5(), "failed", null, e, e.getMessage());
        } catch (CliException e) {
            display.end(transfer, e.getMessage());
            return new Outcome(file.path(), file.size(), file.md5(), "failed", null, null, e.getMessage());
        } catch (RuntimeException e) {
            display.end(transfer, e.toString());
            return new Outcome(file.path(), file.size(), file.md5(), "failed", null, null, e.toString());
        }
    }

    /** Makes the gallery on the first run; a rerun (the manifest knows its owner token) adds the images it lacks. */
    private JsonNode gallery(Api api, UploadManifest manifest, Map<String, Outcome> outcomes) {
        List<String> ids = new ArrayList<>();
        for (Outcome outcome : outcomes.values()) {
            if (outcome.imageId() != null && !ids.contains(outcome.imageId())) {
                ids.add(outcome.imageId());
            }
        }
        UploadManifest.State state = manifest.state();
        if (gallery.equals(state.gallery()) && state.galleryToken() != null) {
            JsonNode existing = api.gallery(gallery, state.galleryToken());
            List<String> present = new ArrayList<>();
            for (JsonNode file : existing.path("files").path("file")) {
                present.add(file.path("bucket").asText());
            }
            List<String> missing = ids.stream().filter(id -> !present.contains(id)).toList();
            return missing.isEmpty() ? existing : api.addToGallery(gallery, state.galleryToken(), missing);
        }
        JsonNode created = api.createGallery(gallery, title != null ? title : gallery, ids);
        manifest.recordGallery(gallery, text(created.path("uploader"), "token"));
        return created;
    }

    private ExitCode summarize(Map<String, Outcome> outcomes, String folderId, UploadManifest manifest,
                               JsonNode galleryJson, String galleryFailure, long nanos, boolean interrupted) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : List.of("uploaded", "skipped", "failed", "not_sent")) {
            counts.put(status, 0);
        }
        long sentBytes = 0;
        for (Outcome outcome : outcomes.values()) {
            counts.merge(outcome.status(), 1, Integer::sum);
            if ("uploaded".equals(outcome.status())) {
                sentBytes += outcome.size();
            }
        }
        List<Outcome> failed = outcomes.values().stream().filter(o -> o.status().equals("failed")).toList();
        boolean incomplete = !failed.isEmpty() || counts.get("not_sent") > 0 || galleryFailure != null || interrupted;
        ExitCode exit = incomplete ? ExitCode.SOME_FAILED : ExitCode.OK;
        if (!failed.isEmpty() && counts.get("uploaded") == 0) {
            // Nothing went through and every failure says the same thing: the keys, or the server.
            ExitCode common = failed.getFirst().error() == null ? ExitCode.SERVER : failed.getFirst().error().exitCode();
            if (common != ExitCode.SOME_FAILED && failed.stream().allMatch(o ->
                    (o.error() == null ? ExitCode.SERVER : o.error().exitCode()) == common)) {
                exit = common;
            }
        }
        if (options.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("folder_id", folderId);
            result.putAll(counts);
            result.put("bytes_sent", sentBytes);
            result.put("seconds", Math.round(nanos / 1e7) / 100.0);
            result.put("manifest", manifest.file().toString());
            result.put("files", outcomes.values().stream().map(Outcome::json).toList());
            if (galleryJson != null) {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("name", text(galleryJson, "name"));
                g.put("url", text(galleryJson.path("links"), "gallery_url"));
                g.put("owner_token", manifest.state().galleryToken());
                g.put("files", galleryJson.path("files").path("total").asInt());
                result.put("gallery", g);
            }
            if (galleryFailure != null) {
                result.put("gallery_error", galleryFailure);
            }
            result.put("exit_code", exit.code());
            printJson(result);
            return exit;
        }
        var out = context.terminal().out();
        out.printf("%d uploaded (%s in %s), %d already uploaded, %d failed, %d not sent; folder %s%n",
                counts.get("uploaded"), ProgressMath.bytes(sentBytes), ProgressMath.duration(Math.round(nanos / 1e9)),
                counts.get("skipped"), counts.get("failed"), counts.get("not_sent"), folderId);
        if (!failed.isEmpty()) {
            out.println("Failed:");
            for (Outcome outcome : failed) {
                out.println("  " + outcome.path() + ": "
                        + (outcome.error() != null ? outcome.error().reason() : outcome.message()));
            }
        }
        if (counts.get("not_sent") > 0) {
            out.println("Interrupted: run the same command again to send the rest.");
        }
        if (galleryJson != null) {
            out.println("Gallery " + text(galleryJson, "name") + " (" + galleryJson.path("files").path("total").asInt()
                    + " files): " + text(galleryJson.path("links"), "gallery_url"));
        }
        if (galleryFailure != null) {
            out.println("Gallery " + gallery + " failed: " + galleryFailure);
        }
        return exit;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = recursive ? Files.walk(directory) : Files.list(directory)) {
            return walk.filter(Files::isRegularFile).filter(path -> !hidden(directory.relativize(path))).sorted().toList();
        }
    }
}
