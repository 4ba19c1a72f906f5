package dev.loupe.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a library folder as a ZIP: the server builds it, this waits and downloads it with progress.")
final class ExportCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "FOLDER", description = "The folder, by name or id.")
    String folder;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "The ZIP to write (default: FOLDER.zip here).")
    Path out;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, tty, plain or none (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for the ZIP to be built (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    ExportCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Api api) throws Exception {
        String folderId = api.folder(folder, false);
        Path target = out != null ? out : Path.of(folder.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip");
        JsonNode export = api.startExport(folderId);
        String id = export.path("export_id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        while (!export.path("status").asText().equals("ready")) {
            if (export.path("status").asText().equals("failed")) {
                throw new CliException(ExitCode.SOME_FAILED, "The export " + id + " failed: " + text(export, "failure"));
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCode.SERVER, "The export " + id + " was still " + text(export, "status")
                        + " after " + waitSeconds + " s");
            }
            Thread.sleep(500);
            export = api.export(id);
        }
        long size = export.path("size").asLong();
        if (target.toAbsolutePath().getParent() != null) {
            Files.createDirectories(target.toAbsolutePath().getParent());
        }
        try (Progress display = Progress.start(context.terminal(), progress, size, 1)) {
            Transfer transfer = display.begin(target.getFileName().toString(), size);
            api.download(URI.create(export.path("download_url").asText()), target, transfer::sent);
            display.end(transfer, null);
        }
        if (options.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("export_id", id);
            result.put("folder_id", folderId);
            result.put("image_count", export.path("image_count").asInt());
            result.put("size", Files.size(target));
            result.put("file", target.toString());
            printJson(result);
        } else {
            context.terminal().out().printf("%s: %d images, %s%n", target, export.path("image_count").asInt(),
                    ProgressMath.bytes(Files.size(target)));
        }
        return ExitCode.OK;
    }
}
