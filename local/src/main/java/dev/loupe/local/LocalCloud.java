package dev.loupe.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.events.EventSources;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.gateway.HttpGateway;
import dev.loupe.local.lambda.FunctionHost;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;
import dev.loupe.auth.Project;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.auth.ProjectStore;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded local cloud: emulators for DynamoDB, SQS and S3 in this JVM; everything template.yaml declares
 * created in them; the template's routes served on 127.0.0.1 and its event sources delivered to the functions, each
 * function running from its own built jar. {@code ./loupe run} starts {@link #main}; tests start it in-process.
 */
public final class LocalCloud implements AutoCloseable {

    /**
     * @param root       the repository root (template.yaml, the built jars)
     * @param port       the API's port on 127.0.0.1; 0 picks a free one
     * @param persistent keep tables and objects in {@code dataDir} across restarts
     * @param dataDir    where persistent data and the local project's keys live
     * @param environment variables that replace the template's value in every function that sets them (tests
     *                    shorten a lifetime or lower a limit this way; a variable no function sets is an error)
     */
    public record Options(Path root, int port, boolean persistent, Path dataDir, Map<String, String> environment) {
        public Options {
            environment = Map.copyOf(environment);
        }

        public Options(Path root, int port, boolean persistent, Path dataDir) {
            this(root, port, persistent, dataDir, Map.of());
        }

        /** In memory, on a free port, with a throw-away data folder: what tests use. */
        public static Options forTests(Path root) throws IOException {
            return new Options(root, 0, false, Files.createTempDirectory("loupe-local-"));
        }

        public Options withEnvironment(Map<String, String> variables) {
            return new Options(root, port, persistent, dataDir, variables);
        }
    }

    private final Template template;
    private final List<AutoCloseable> resources;
    private final FunctionHost functions;
    private final HttpGateway gateway;
    private final ProjectStore projects;
    private final Project project;
    private final Backend backend;
    private final Provisioned provisioned;

    private LocalCloud(Template template, List<AutoCloseable> resources, FunctionHost functions, HttpGateway gateway,
                       ProjectStore projects, Project project, Backend backend, Provisioned provisioned) {
        this.backend = backend;
        this.provisioned = provisioned;
        this.template = template;
        this.resources = resources;
        this.functions = functions;
        this.gateway = gateway;
        this.projects = projects;
        this.project = project;
    }

    public static LocalCloud start(Options options) throws Exception {
        Emulators emulators = Emulators.start(options.persistent()
                ? Emulators.Options.persistentIn(options.dataDir()) : Emulators.Options.inMemory());
        return start(options, Backend.of(emulators), emulators);
    }

    /**
     * Starts the local cloud's own parts (provisioning, functions, event sources, the API) on a back-end that is
     * already running: the embedded emulators, or LocalStack in the tests when Docker is there. Closes
     * {@code backendToClose} itself when starting fails.
     */
    public static LocalCloud start(Options options, Backend backend, AutoCloseable backendToClose) throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(backendToClose);
        try {
            Template template = Template.load(options.root());
            Provisioned provisioned;
            try (DynamoDbClient dynamoDb = backend.dynamoDb(); SqsClient sqs = backend.sqs(); S3Client s3 = backend.s3()) {
                provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
            }

            Map<String, Map<String, String>> environments = new HashMap<>();
            java.util.Optional<Path> libvips = hostLibvips(options.root());
            for (FunctionDef function : template.functions().values()) {
                Map<String, String> variables = new LinkedHashMap<>();
                // Lambda layers: the only one is libvips, built for arm64 Lambda; this machine gets the same library
                // built for its own architecture, from the same npm release (lib/imaging/fetch-libvips.sh).
                libvips.ifPresent(path -> variables.put("LOUPE_LIBVIPS_PATH", path.toString()));
                function.environment().forEach((name, value) -> variables.put(name,
                        options.environment().containsKey(name) ? options.environment().get(name)
                                : provisioned.resolver().resolve(value)));
                environments.put(function.logicalId(), variables);
            }
            for (String name : options.environment().keySet()) {
                if (template.functions().values().stream().noneMatch(f -> f.environment().containsKey(name))) {
                    throw new IllegalArgumentException("no function of the template sets " + name);
                }
            }
            FunctionHost functions = new FunctionHost(template, backend.lambdaEnvironment(), environments);
            resources.add(functions);

            DynamoDbClient dynamoDb = backend.dynamoDb();
            resources.add(dynamoDb);
            ProjectStore projects = new ProjectStore(DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build(),
                    provisioned.tableName("ProjectsTable"));
            Project project = LocalProject.ensure(projects, options.dataDir());

            resources.add(EventSources.start(template, provisioned, backend, functions));
            HttpGateway gateway = new HttpGateway(template, functions, options.port());
            resources.add(gateway);
            return new LocalCloud(template, resources, functions, gateway, projects, project, backend, provisioned);
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    /** libvips as the build fetched it for this machine, if it did. */
    static java.util.Optional<Path> hostLibvips(Path root) {
        Path lib = root.resolve("lib/imaging/target/libvips/package/lib");
        try (var files = java.nio.file.Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().startsWith("libvips-cpp.so.")).findFirst()
                    .map(Path::toAbsolutePath);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    public URI baseUri() {
        return gateway.baseUri();
    }

    public Template template() {
        return template;
    }

    /** Where the emulated services are, and clients for them (tests seed and inspect data through these). */
    public Backend backend() {
        return backend;
    }

    /** The physical names of what the template declared. */
    public Provisioned provisioned() {
        return provisioned;
    }

    /** Invokes functions as Lambda would (tests send sample events through it). */
    public Invoker functions() {
        return functions;
    }

    public ProjectStore projects() {
        return projects;
    }

    public Project project() {
        return project;
    }

    /** A token as the project's backend would sign it: valid for 2 hours. */
    public String token() {
        return TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
    }

    /** Loads every function now (its cold start), so the first requests don't wait for it. */
    public void warmUp() {
        for (String id : template.functions().keySet()) {
            try {
                functions.function(id);
            } catch (Invoker.FunctionFailedException e) {
                System.err.println("[local] " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("[local] closing " + resources.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path root = Path.of("").toAbsolutePath();
        int port = 3000;
        boolean persistent = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--in-memory" -> persistent = false;
                case "--help", "-h" -> {
                    System.out.println("usage: ./loupe run [--port N] [--in-memory]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        Path dataDir = root.resolve(".loupe-local");
        LocalCloud cloud = start(new Options(root, port, persistent, dataDir));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[local] stopping");
            cloud.close();
            stopped.countDown();
        }));
        String token = cloud.token();
        Files.writeString(dataDir.resolve("project.env"), """
                # Written by ./loupe run: source it to call the local API (git-ignored).
                export LOUPE_URL=%s
                export LOUPE_PUBLIC_KEY=%s
                export LOUPE_SECRET_KEY=%s
                export LOUPE_TOKEN=%s
                export LOUPE_PROJECT_ID=%s
                """.formatted(cloud.baseUri(), cloud.project().publicKey(), cloud.project().secretKey(), token,
                cloud.project().projectId()));
        System.out.printf("""

                Loupe local cloud ready in %.1f s (%s)
                  API:         %s
                  public key:  %s
                  secret key:  %s
                  token:       %s
                               (valid 2 hours; a new one on every start)
                  also in %s; Ctrl-C stops.
                %n""", (System.nanoTime() - started) / 1e9,
                persistent ? "data kept in " + root.relativize(dataDir) : "in memory", cloud.baseUri(),
                cloud.project().publicKey(), cloud.project().secretKey(), token,
                root.relativize(dataDir.resolve("project.env")));
        Thread.ofVirtual().start(cloud::warmUp);
        stopped.await();
    }
}
