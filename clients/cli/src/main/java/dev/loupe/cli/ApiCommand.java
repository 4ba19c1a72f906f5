package dev.loupe.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Mixin;

/**
 * The frame of every command that talks to the API: resolve the settings, make the {@link Api}, run, and turn a
 * failure into its exit code and a message (on stderr; with {@code --json} also as {@code {"error": ...}} on stdout).
 */
abstract class ApiCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    GlobalOptions options;

    final Context context;

    ApiCommand(Context context) {
        this.context = context;
    }

    /** Runs with the API; answers the exit code. */
    abstract ExitCode run(Api api) throws Exception;

    @Override
    public final Integer call() {
        try {
            Settings settings = Settings.resolve(options.flags(), context.env(),
                    Settings.configFile(context.env(), context.home()));
            try (Api api = context.apis().apply(settings)) {
                return run(api).code();
            }
        } catch (CliException e) {
            return fail(e.exitCode(), e instanceof ApiException api ? api.reason() : e.getMessage(),
                    e instanceof ApiException api ? api : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(ExitCode.SOME_FAILED, "interrupted", null);
        } catch (Exception e) {
            return fail(ExitCode.SERVER, e.toString(), null);
        }
    }

    private int fail(ExitCode exit, String message, ApiException api) {
        context.terminal().err().println("loupectl: " + message);
        if (options.json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("exit_code", exit.code());
            error.put("message", message);
            if (api != null) {
                error.put("status", api.status());
                error.put("code", api.code());
            }
            printJson(Map.of("error", error));
        }
        return exit.code();
    }

    void printJson(Object value) {
        try {
            context.terminal().out().println(JSON.writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }
}
