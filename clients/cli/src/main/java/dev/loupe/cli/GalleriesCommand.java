package dev.loupe.cli;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "galleries", mixinStandardHelpOptions = true,
        subcommands = {GalleriesCommand.ListGalleries.class, GalleriesCommand.Show.class, GalleriesCommand.Open.class},
        description = "Galleries: list, show, open in the browser.")
final class GalleriesCommand {
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The galleries of a user of the project (the gallery API's gallery_list).")
    static final class ListGalleries extends ApiCommand {
        @Option(names = "--user", paramLabel = "USER_ID", description = "Whose galleries (default: the caller's).")
        String user;

        @Option(names = "--start", paramLabel = "N", defaultValue = "0", description = "The first to list (from 0).")
        int start;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (at most 100).")
        int limit;

        ListGalleries(Context context) {
            super(context);
        }

        @Override
        ExitCode run(Api api) {
            JsonNode list = api.galleries(user, start, limit);
            if (options.json) {
                printJson(list);
                return ExitCode.OK;
            }
            var out = context.terminal().out();
            out.printf("%-30s  %-30s  %6s  %-9s%n", "NAME", "TITLE", "FILES", "SECURITY");
            for (JsonNode gallery : list.path("gallery")) {
                out.printf("%-30s  %-30s  %6s  %-9s%n", text(gallery, "name"),
                        ProgressMath.fit(text(gallery, "title"), 30).strip(),
                        gallery.path("files").path("total").asText(text(gallery, "files")), text(gallery, "security"));
            }
            out.println(list.path("count").path("batch").asInt() + " of " + list.path("count").path("total").asInt());
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A gallery: its files and links.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--token", paramLabel = "OWNER_TOKEN", description = "The owner token (shows it back).")
        String token;

        Show(Context context) {
            super(context);
        }

        @Override
        ExitCode run(Api api) {
            JsonNode gallery = api.gallery(name, token);
            if (options.json) {
                printJson(gallery);
                return ExitCode.OK;
            }
            var out = context.terminal().out();
            out.println(text(gallery, "title") + " (" + text(gallery, "name") + ", " + text(gallery, "security") + ", "
                    + gallery.path("views").asInt() + " views)");
            if (!text(gallery, "description").isEmpty()) {
                out.println(text(gallery, "description"));
            }
            out.println("page:   " + text(gallery.path("links"), "gallery_url"));
            out.println("player: " + text(gallery.path("links"), "player_url"));
            out.println(gallery.path("files").path("total").asInt() + " files:");
            for (JsonNode file : gallery.path("files").path("file")) {
                out.printf("  %-26s  %-30s  %5dx%-5d  %s%n", text(file, "bucket"), text(file, "name"),
                        file.path("width").asInt(), file.path("height").asInt(), text(file, "caption"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = "Open a gallery's page in the browser (java.awt.Desktop, else xdg-open, else print the URL).")
    static final class Open extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--player", description = "Open the slideshow instead of the page.")
        boolean player;

        @Option(names = "--print", description = "Only print the URL.")
        boolean print;

        Open(Context context) {
            super(context);
        }

        @Override
        ExitCode run(Api api) {
            JsonNode gallery = api.gallery(name, null);
            String url = text(gallery.path("links"), player ? "player_url" : "gallery_url");
            if (url.isEmpty()) {
                throw new CliException(ExitCode.SERVER, "The gallery's answer has no link");
            }
            String opened = print ? null : open(URI.create(url));
            if (options.json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("url", url);
                result.put("opened_with", opened);
                printJson(result);
            } else if (opened == null) {
                context.terminal().out().println(url);
            } else {
                context.terminal().out().println("Opened " + url + " (" + opened + ")");
            }
            return ExitCode.OK;
        }

        /** How the URL was opened: {@code desktop}, {@code xdg-open}, or null when neither could. */
        private String open(URI url) {
            try {
                if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                        && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                    Desktop.getDesktop().browse(url);
                    return "desktop";
                }
            } catch (Exception | Error ignored) {
                // No desktop integration: try xdg-open.
            }
            try {
                Process process = new ProcessBuilder("xdg-open", url.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return "xdg-open";
                }
            } catch (Exception ignored) {
                // No xdg-open either: the caller prints the URL.
            }
            return null;
        }
    }
}
