import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loupe.local.LocalCloud;
import dev.loupe.local.events.GeneratedEvents;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Resolver;

/**
 * bench/coldstart.sh's emulators: starts the local cloud (DynamoDB Local, ElasticMQ, S3Proxy on loopback, the
 * template's tables, buckets and queues, a seeded project), creates the gallery the bench views, and writes into
 * {@code dir} what the fresh processes need: each measured function's environment as Lambda would give it
 * ({@code <Function>.env}, shell exports), its payload v2 event ({@code <Function>.json}). Then, told {@code warm N}
 * on stdin, sends N warm requests per route through the API (after a warm-up) and prints p50 and p99; stops when stdin
 * closes.
 */
public final class Bench {
    /** The three measured functions: logical id, method, path, JSON body or null, expected status. */
    record Call(String function, String method, String path, String body, int status) {
    }

    static final List<Call> CALLS = List.of(
            new Call("GalleryViewFunction", "GET", "/v1/galleries/bench", null, 200),
            new Call("TaskStartFunction", "GET", "/v1/start/compressimage", null, 200),
            new Call("ImageUploadUrlFunction", "POST", "/v1/uploads/url",
                    "{\"file_name\":\"bench.jpg\",\"size\":\"123456\",\"md5\":\"0123456789abcdef0123456789abcdef\"}", 201));

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir);
        // The warm bench starts a thousand tasks: the deployment's per-project task rate would stop it.
        var options = LocalCloud.Options.forTests(root).withEnvironment(Map.of("TASK_RATE_LIMIT", "100000000"));
        try (LoupeCloud cloud = LoupeCloud.start(options)) {
            String token = cloud.token();
            HttpClient http = HttpClient.newHttpClient();
            // On a loaded machine the create function's first run (its cold start in the cloud) may time out: again.
            for (int attempt = 1; ; attempt++) {
                var created = send(http, cloud.baseUri(), token, "POST", "/v1/galleries", "{\"title\":\"bench\"}");
                if (created.statusCode() / 100 == 2 || created.statusCode() == 409) {
                    break;
                }
                if (attempt == 5) {
                    throw new IllegalStateException("gallery: " + created.statusCode() + " " + created.body());
                }
            }
            Resolver resolver = cloud.provisioned().resolver().withParameters(
                    cloud.template().parameterValues(Map.of("PublicBaseUrl", cloud.baseUri().toString())),
                    cloud.backend().region());
            Map<String, String> base = cloud.cloud().backend().lambdaEnvironment();
            for (Call call : CALLS) {
                FunctionDef def = cloud.template().function(call.function()).orElseThrow();
                Map<String, String> env = new LinkedHashMap<>(base);
                def.environment().forEach((name, value) -> {
                    String resolved = name.equals("TASK_RATE_LIMIT") ? "100000000" : resolver.resolve(value);
                    if (!resolved.isBlank() || !env.containsKey(name)) {
                        env.put(name, resolved);
                    }
                });
                env.put("AWS_LAMBDA_FUNCTION_NAME", call.function());
                env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(def.memoryMb()));
                StringBuilder exports = new StringBuilder();
                env.forEach((name, value) -> exports.append("export ").append(name).append("='")
                        .append(value.replace("'", "'\\''")).append("'\n"));
                exports.append("export BENCH_HANDLER='").append(def.handlerClass()).append("'\n");
                exports.append("export BENCH_STATUS='").append(call.status()).append("'\n");
                Files.writeString(dir.resolve(call.function() + ".env"), exports);
                Files.writeString(dir.resolve(call.function() + ".json"), event(cloud, call, token));
            }
            System.out.println("ready " + cloud.baseUri());
            System.out.flush();
            // Commands on stdin, after the cold runs (so that the warm requests never load the machine under them):
            // "warm N"; the end of stdin stops the cloud.
            var commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            for (String line; (line = commands.readLine()) != null; ) {
                if (line.startsWith("warm ")) {
                    warmLatency(http, cloud.baseUri(), token, Integer.parseInt(line.substring(5).trim()), dir);
                    System.out.flush();
                }
            }
        }
    }

    private static String event(LoupeCloud cloud, Call call, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("authorization", "Bearer " + token);
        headers.put("host", cloud.baseUri().getAuthority());
        if (call.body() != null) {
            headers.put("content-type", "application/json");
        }
        var route = cloud.template().routes().stream()
                .filter(r -> r.functionId().equals(call.function())).findFirst().orElseThrow();
        Map<String, String> pathParameters = new LinkedHashMap<>();
        String[] pattern = route.path().split("/");
        String[] actual = call.path().split("/");
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{")) {
                pathParameters.put(pattern[i].substring(1, pattern[i].length() - 1), actual[i]);
            }
        }
        return GeneratedEvents.http(route.routeKey(), call.path(), "", headers, pathParameters, call.body());
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String token, String method, String path,
                                             String body) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** §5: warm requests through the local cloud's API on loopback, one at a time; p50 and p99 of each route. */
    private static void warmLatency(HttpClient http, URI base, String token, int n, Path dir) throws Exception {
        List<Call> routes = List.of(CALLS.get(0),
                new Call("ImageListFunction", "GET", "/api/2/images", null, 200), CALLS.get(1));
        StringBuilder lines = new StringBuilder();
        for (Call call : routes) {
            for (int i = 0; i < 100; i++) {
                check(send(http, base, token, call.method(), call.path(), call.body()), call);
            }
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                var answer = send(http, base, token, call.method(), call.path(), call.body());
                nanos[i] = System.nanoTime() - start;
                check(answer, call);
            }
            Arrays.sort(nanos);
            String line = "warm %s %s %.1f %.1f %.1f".formatted(call.method(), call.path(),
                    nanos[(int) Math.ceil(n * 0.50) - 1] / 1e6, nanos[(int) Math.ceil(n * 0.99) - 1] / 1e6,
                    nanos[n - 1] / 1e6);
            System.out.println(line);
            lines.append(line).append('\n');
        }
        Files.writeString(dir.resolve("warm.txt"), lines);
    }

    private static void check(HttpResponse<String> answer, Call call) {
        if (answer.statusCode() != call.status()) {
            throw new IllegalStateException(call.path() + ": " + answer.statusCode() + " " + answer.body());
        }
    }
}
