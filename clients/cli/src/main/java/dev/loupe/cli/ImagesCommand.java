package dev.loupe.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "images", mixinStandardHelpOptions = true, subcommands = ImagesCommand.ListImages.class,
        description = "The image library.")
final class ImagesCommand {
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List library images, newest first unless --sort says otherwise; filters as GET /v1/images.")
    static final class ListImages extends ApiCommand {
        @Option(names = "--folder", paramLabel = "FOLDER",
                description = "Only this folder's images (by name or id; newest first, no other filter).")
        String folder;

        @Option(names = "--extension", paramLabel = "EXT[,EXT]", description = "e.g. jpg,png")
        String extension;

        @Option(names = "--status", paramLabel = "STATUS[,STATUS]", description = "e.g. active,archived")
        String status;

        @Option(names = "--search", paramLabel = "WORD", description = "A word of the name.")
        String search;

        @Option(names = "--sort", paramLabel = "[+|-]FIELD",
                description = "name, createdby, createddate, modifieddate, status or extension; - for descending.")
        String sort;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "At most this many images (pages are fetched as needed; default ${DEFAULT-VALUE}).")
        int limit;

        ListImages(Context context) {
            super(context);
        }

        @Override
        ExitCode run(Api api) {
            if (limit < 1) {
                throw new CliException(ExitCode.USAGE, "--limit must be at least 1");
            }
            if (folder != null && (extension != null || status != null || search != null || sort != null)) {
                throw new CliException(ExitCode.USAGE, "--folder lists a folder as it is: no other filter with it");
            }
            String folderId = folder == null ? null : api.folder(folder, false);
            Map<String, String> filters = new LinkedHashMap<>();
            put(filters, "extension", extension);
            put(filters, "status", status);
            put(filters, "search", search);
            put(filters, "sort", sort);
            List<JsonNode> images = new ArrayList<>();
            String cursor = null;
            do {
                int page = Math.min(100, limit - images.size());
                JsonNode answer = folderId != null ? api.folderImagesPage(folderId, cursor, page)
                        : api.images(filters, cursor, page);
                answer.path("images").forEach(images::add);
                cursor = answer.path("next_cursor").isTextual() ? answer.path("next_cursor").asText() : null;
            } while (cursor != null && images.size() < limit);
            List<JsonNode> shown = images.subList(0, Math.min(limit, images.size()));
            if (options.json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("images", shown);
                result.put("more", cursor != null);
                printJson(result);
                return ExitCode.OK;
            }
            var out = context.terminal().out();
            out.printf("%-26s  %-30s  %10s  %11s  %-8s  %s%n", "ID", "NAME", "SIZE", "PIXELS", "STATUS", "CREATED");
            for (JsonNode image : shown) {
                out.printf(Locale.ROOT, "%-26s  %-30s  %10s  %11s  %-8s  %s%n", text(image, "id"),
                        ProgressMath.fit(text(image, "file_name"), 30).strip(),
                        ProgressMath.bytes(image.path("file_size").asLong()),
                        image.path("width").asInt() + "x" + image.path("height").asInt(), text(image, "status"),
                        text(image, "created"));
            }
            out.println(shown.size() + " images" + (cursor != null ? " (more: raise --limit)" : ""));
            return ExitCode.OK;
        }

        private static void put(Map<String, String> map, String key, String value) {
            if (value != null) {
                map.put(key, value);
            }
        }
    }
}
