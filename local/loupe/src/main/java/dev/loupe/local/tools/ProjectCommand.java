package dev.loupe.local.tools;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.auth.Project;
import dev.loupe.local.project.ProjectKeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./loupe project create|list|get|rotate|set|delete}: the project administration's routes on the running
 * local cloud, called as an operator (its admin key stands in for a SigV4 signature). Prints each answer's JSON; keeps
 * the keys of projects it creates or rotates in the data folder, for {@code ./loupe token --project}.
 */
@Command(name = "project", mixinStandardHelpOptions = true,
        description = "Administers the running local cloud's projects (POST/GET/PATCH/DELETE /admin/projects).",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class, ProjectCommand.Get.class,
                ProjectCommand.Rotate.class, ProjectCommand.Set.class, ProjectCommand.Delete.class})
final class ProjectCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    LoupeTools tools;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name one: create, list, get, rotate, set or delete");
    }

    /** Calls the running cloud; prints the answer; a non-2xx answer is the command's failure. */
    JsonNode call(String method, String path, String body) {
        RunningCloud cloud = RunningCloud.find(tools.dataDir()).orElseThrow(() -> new LoupeTools.ToolException(
                "No local cloud is running here: start one with ./loupe run (in another terminal)"));
        HttpResponse<String> response;
        try {
            response = cloud.send(method, path, body);
        } catch (IOException e) {
            throw new LoupeTools.ToolException("The local cloud did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoupeTools.ToolException("interrupted");
        }
        tools.out.println(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new LoupeTools.ToolException("HTTP " + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LoupeTools.ToolException("The answer is not JSON: " + e.getMessage());
        }
    }

    /** Keeps the keys an answer carries (create, rotate), so that ./loupe token can sign for the project. */
    void keep(JsonNode answer) {
        Project project = new Project(answer.path("project_id").asText(), answer.path("public_key").asText(),
                answer.path("secret_key").asText(), answer.path("name").asText(""), List.of());
        try {
            new ProjectKeyFiles(tools.dataDir()).save(project);
        } catch (IOException e) {
            throw new LoupeTools.ToolException("The keys could not be saved: " + e.getMessage());
        }
    }

    static String path(String publicKey) {
        return "/admin/projects/" + URLEncoder.encode(publicKey, StandardCharsets.UTF_8);
    }

    /** The settings options of create and set; only those given are sent. */
    static class SettingsOptions {
        @Option(names = "--name", description = "The project's name.")
        String name;

        @Option(names = "--origin", paramLabel = "ORIGIN",
                description = "An origin its browser tokens may be used from (repeat; --no-origins for any).")
        List<String> origins;

        @Option(names = "--no-origins", description = "Any origin (clears the list).")
        boolean noOrigins;

        @Option(names = "--ip-range", paramLabel = "CIDR",
                description = "An address range its task API calls may come from (repeat; --no-ip-ranges for any).")
        List<String> ipRanges;

        @Option(names = "--no-ip-ranges", description = "Any address (clears the list).")
        boolean noIpRanges;

        @Option(names = "--rate-limit", paramLabel = "N",
                description = "Its task API requests per window (0: the deployment's).")
        Integer rateLimit;

        @Option(names = "--rate-window", paramLabel = "SECONDS",
                description = "The window's length in seconds (0: the deployment's).")
        Integer rateWindow;

        @Option(names = "--monthly-files", paramLabel = "N",
                description = "The files its tasks may process in a UTC calendar month (0: the deployment's).")
        Integer monthlyFiles;

        @Option(names = "--self-signup", paramLabel = "true|false", arity = "1",
                description = "Whether browsers may register users (POST /v1/users with a browser token).")
        Boolean selfSignup;

        @Option(names = "--require-verified-email", paramLabel = "true|false", arity = "1",
                description = "Whether users must verify their email before they may log in.")
        Boolean requireVerifiedEmail;

        String json() {
            ObjectNode body = JSON.createObjectNode();
            if (name != null) body.put("name", name);
            list(body, "allowed_origins", origins, noOrigins);
            list(body, "allowed_ip_ranges", ipRanges, noIpRanges);
            if (rateLimit != null) body.put("rate_limit", rateLimit);
            if (rateWindow != null) body.put("rate_window_seconds", rateWindow);
            if (monthlyFiles != null) body.put("monthly_files", monthlyFiles);
            if (selfSignup != null) body.put("self_signup", selfSignup);
            if (requireVerifiedEmail != null) body.put("require_verified_email", requireVerifiedEmail);
            return body.toString();
        }

        private static void list(ObjectNode body, String field, List<String> values, boolean clear) {
            if (clear) {
                body.putArray(field);
            } else if (values != null) {
                var array = body.putArray(field);
                values.forEach(array::add);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a project; prints it with its secret key (kept here for ./loupe token).")
    static final class Create implements Runnable {
        @ParentCommand
        ProjectCommand project;

        @picocli.CommandLine.Mixin
        SettingsOptions settings = new SettingsOptions();

        @Override
        public void run() {
            project.keep(project.call("POST", "/admin/projects", settings.json()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists projects (no secret keys).")
    static final class ListProjects implements Runnable {
        @ParentCommand
        ProjectCommand project;

        @Option(names = "--limit", defaultValue = "50", description = "Projects per page (1 to 100).")
        int limit;

        @Option(names = "--cursor", description = "The next_cursor of the previous page.")
        String cursor;

        @Override
        public void run() {
            project.call("GET", "/admin/projects?limit=" + limit + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), null);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a project's settings.")
    static final class Get implements Runnable {
        @ParentCommand
        ProjectCommand project;

        @Parameters(paramLabel = "PUBLIC_KEY")
        String publicKey;

        @Override
        public void run() {
            project.call("GET", path(publicKey), null);
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Gives a project a new secret key; the old one keeps verifying for the grace period.")
    static final class Rotate implements Runnable {
        @ParentCommand
        ProjectCommand project;

        @Parameters(paramLabel = "PUBLIC_KEY")
        String publicKey;

        @Option(names = "--grace-seconds", paramLabel = "N",
                description = "How long the old key keeps verifying (default a day, at most a week; 0: not at all).")
        Integer graceSeconds;

        @Override
        public void run() {
            project.keep(project.call("POST", path(publicKey) + "/rotate"
                    + (graceSeconds == null ? "" : "?grace_seconds=" + graceSeconds), null));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Changes a project's name, origins, IP ranges, rate limit, monthly files or people flags (only the "
                    + "options given).")
    static final class Set implements Runnable {
        @ParentCommand
        ProjectCommand project;

        @Parameters(paramLabel = "PUBLIC_KEY")
        String publicKey;

        @picocli.CommandLine.Mixin
        SettingsOptions settings = new SettingsOptions();

        @Override
        public void run() {
            project.call("PATCH", path(publicKey), settings.json());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a project now and its data in the background (the purge queue).")
    static final class Delete implements Runnable {
        @ParentCommand
        ProjectCommand project;

        @Parameters(paramLabel = "PUBLIC_KEY")
        String publicKey;

        @Override
        public void run() {
            project.call("DELETE", path(publicKey), null);
            try {
                new ProjectKeyFiles(project.tools.dataDir()).forget(publicKey);
            } catch (IOException e) {
                throw new LoupeTools.ToolException("The project is deleted, but its saved keys stay: " + e);
            }
        }
    }
}
