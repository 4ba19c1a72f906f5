package dev.loupe.local.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.auth.Project;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.project.EventPlaceholders;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.template.Template;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./loupe invoke <FunctionLogicalId>}: one function invoked with one event, as {@code sam local invoke} does,
 * without Docker: through the running local cloud when there is one (its invoke route), else on emulators started
 * in this process for the call. The event's placeholders are filled from the local project. The function's raw
 * result goes to stdout; its log (and the emulators') to stderr.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Invokes one function with an event and prints its raw response JSON (its log on stderr).")
final class InvokeCommand implements java.util.concurrent.Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    LoupeTools tools;

    @Parameters(paramLabel = "FunctionLogicalId", description = "The function, as template.yaml names it.")
    String functionId;

    @Option(names = {"-e", "--event"}, paramLabel = "FILE",
            description = "The event (JSON; '-' for stdin). Default: the function's first sample in events/.")
    String event;

    @Option(names = {"-n", "--env-vars"}, paramLabel = "FILE",
            description = "SAM CLI's env-vars JSON: {\"<FunctionLogicalId>\": {\"NAME\": \"value\"}, \"Parameters\":"
                    + " {...}}; only with emulators started here (not while ./loupe run runs).")
    Path envVars;

    @Option(names = "--in-memory", description = "With emulators started here: keep nothing (default: .loupe-local).")
    boolean inMemory;

    @Override
    public Integer call() throws Exception {
        Template template = Template.load(tools.root(), tools.root().resolve("template.yaml"));
        if (template.function(functionId).isEmpty()) {
            throw new LoupeTools.ToolException("template.yaml has no function " + functionId, 2);
        }
        String raw = readEvent();
        var running = RunningCloud.find(tools.dataDir());
        if (running.isPresent() && envVars != null) {
            // Its functions are loaded with their environment already; a second cloud on the same data can't start.
            throw new LoupeTools.ToolException("--env-vars needs the emulators to itself: stop ./loupe run first", 2);
        }
        if (running.isPresent()) {
            Project project = TokenCommand.signer(tools, null);
            HttpResponse<String> answer = running.get().send("POST", "/_local/invoke/" + functionId,
                    EventPlaceholders.fill(raw, project, Clock.systemUTC()));
            System.err.println("[invoke] through the local cloud at " + running.get().url()
                    + " (the function's log is in its output)");
            tools.out.println(answer.body());
            return answer.statusCode() == 200 ? 0 : 1;
        }
        return invokeHere(raw);
    }

    /** Starts the emulators here, with everything but the answer on stderr, invokes, stops. */
    private int invokeHere(String raw) throws Exception {
        Map<String, String> environment = environment();
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            // In memory: a throw-away data folder too, so the local project's saved keys stay as they are.
            Path dataDir = inMemory ? Files.createTempDirectory("loupe-invoke-") : tools.dataDir();
            LocalCloud.Options options = new LocalCloud.Options(tools.root(), 0, !inMemory, dataDir)
                    .withEnvironment(environment);
            try (LoupeCloud cloud = LoupeCloud.start(options)) {
                String event = EventPlaceholders.fill(raw, cloud.project(), Clock.systemUTC());
                try {
                    String result = cloud.functions().invoke(functionId, event);
                    tools.out.println(result == null ? "null" : result);
                    return 0;
                } catch (Invoker.FunctionFailedException e) {
                    tools.out.println(JSON.writeValueAsString(Map.of("errorMessage", e.getMessage(),
                            "errorType", e.timedOut() ? "Timeout" : "FunctionError")));
                    return 1;
                }
            }
        } finally {
            System.setOut(stdout);
        }
    }

    private String readEvent() throws IOException {
        if ("-".equals(event)) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (event != null) {
            return Files.readString(Path.of(event));
        }
        Path samples = tools.root().resolve("events").resolve(functionId);
        List<Path> files;
        try (Stream<Path> list = Files.exists(samples) ? Files.list(samples) : Stream.empty()) {
            files = list.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".expected.json"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new LoupeTools.ToolException("events/" + functionId + "/ has no sample event: give one with -e", 2);
        }
        System.err.println("[invoke] event: " + tools.root().relativize(files.getFirst()));
        return Files.readString(files.getFirst());
    }

    /** SAM CLI's env-vars file: the function's own variables and the Parameters section (for every function). */
    private Map<String, String> environment() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        if (envVars == null) {
            return variables;
        }
        JsonNode file = JSON.readTree(envVars.toFile());
        for (String section : List.of("Parameters", functionId)) {
            file.path(section).properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        }
        return variables;
    }
}
