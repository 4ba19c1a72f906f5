package dev.loupe.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.events.Deliveries;
import dev.loupe.local.events.EventSources;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.gateway.HttpGateway;
import dev.loupe.local.mail.LocalMailbox;
import dev.loupe.local.lambda.FunctionHost;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Resolver;
import dev.loupe.local.template.Template;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded local cloud: emulators for DynamoDB, SQS and S3 in this JVM; everything a SAM template declares
 * created in them; the template's routes served on 127.0.0.1 and its event sources delivered to the functions, each
 * function running from its own built artifact ({@code CodeUri}). It knows no application: what an application adds
 * (seed data, how a layer's content is found on this machine) comes in through {@link Options}. {@link #main} runs
 * any template; applications' launchers call {@link #serve}; tests start it in-process.
 */
public final class LocalCloud implements AutoCloseable {

    /**
     * @param root         the project root: the template's relative {@code CodeUri}s resolve against it
     * @param templateFile the SAM template
     * @param port         the API's port on 127.0.0.1; 0 picks a free one
     * @param persistent   keep tables and objects in {@code dataDir} across restarts
     * @param dataDir      where persistent data (and whatever the seeder keeps) lives
     * @param environment  variables that replace the template's value in every function that sets them (tests
     *                     shorten a lifetime or lower a limit this way; a variable no function sets is an error)
     * @param parameters   values for the template's {@code Parameters}, over their {@code Default}s
     * @param layers       a layer's logical id or {@code ContentUri} to the variables that give the functions using
     *                     it the layer's content on this machine: Lambda unpacks a layer into {@code /opt}, which
     *                     functions sharing this JVM cannot have, so their code reads where it is from a variable
     * @param seeder       what the application adds once the cloud runs
     */
    public record Options(Path root, Path templateFile, int port, boolean persistent, Path dataDir,
                          Map<String, String> environment, Map<String, String> parameters,
                          Map<String, Map<String, String>> layers, Seeder seeder) {
        public Options {
            environment = Map.copyOf(environment);
            parameters = Map.copyOf(parameters);
            layers = Map.copyOf(layers);
        }

        /** {@code root/template.yaml}, nothing overridden, nothing seeded. */
        public Options(Path root, int port, boolean persistent, Path dataDir) {
            this(root, root.resolve("template.yaml"), port, persistent, dataDir, Map.of(), Map.of(), Map.of(),
                    Seeder.NONE);
        }

        /** In memory, on a free port, with a throw-away data folder: what tests use. */
        public static Options forTests(Path root) throws IOException {
            return new Options(root, 0, false, Files.createTempDirectory("local-cloud-"));
        }

        public Options withPort(int apiPort) {
            return new Options(root, templateFile, apiPort, persistent, dataDir, environment, parameters, layers,
                    seeder);
        }

        public Options withTemplate(Path file) {
            return new Options(root, file, port, persistent, dataDir, environment, parameters, layers, seeder);
        }

        public Options withEnvironment(Map<String, String> variables) {
            return new Options(root, templateFile, port, persistent, dataDir, variables, parameters, layers, seeder);
        }

        public Options withParameters(Map<String, String> values) {
            return new Options(root, templateFile, port, persistent, dataDir, environment, values, layers, seeder);
        }

        public Options withLayers(Map<String, Map<String, String>> variablesByLayer) {
            return new Options(root, templateFile, port, persistent, dataDir, environment, parameters,
                    variablesByLayer, seeder);
        }

        public Options withSeeder(Seeder seeding) {
            return new Options(root, templateFile, port, persistent, dataDir, environment, parameters, layers,
                    seeding);
        }
    }

    private final Template template;
    private final List<AutoCloseable> resources;
    private final FunctionHost functions;
    private final Backend backend;
    private final Provisioned provisioned;
    private final Path dataDir;
    /** What an IAM-authorized route asks of a caller here, where there is no IAM ({@link HttpGateway}). */
    private final String adminKey = newAdminKey();
    private HttpGateway gateway;
    private LocalMailbox mailbox;
    private EventSources events;
    private List<String> seeded = List.of();

    private LocalCloud(Template template, List<AutoCloseable> resources, FunctionHost functions, Backend backend,
                       Provisioned provisioned, Path dataDir) {
        this.template = template;
        this.resources = resources;
        this.functions = functions;
        this.backend = backend;
        this.provisioned = provisioned;
        this.dataDir = dataDir;
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
            Template template = Template.load(options.root(), options.templateFile());
            Provisioned provisioned;
            try (DynamoDbClient dynamoDb = backend.dynamoDb(); SqsClient sqs = backend.sqs();
                 S3Client s3 = backend.s3()) {
                provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
            }
            Resolver resolver = provisioned.resolver()
                    .withParameters(template.parameterValues(options.parameters()), backend.region());

            Map<String, Map<String, String>> environments = new HashMap<>();
            for (FunctionDef function : template.functions().values()) {
                Map<String, String> variables = new LinkedHashMap<>();
                for (String layerId : function.layerIds()) {
                    variables.putAll(layerVariables(template, options.layers(), layerId));
                }
                function.environment().forEach((name, value) -> variables.put(name,
                        options.environment().containsKey(name) ? options.environment().get(name)
                                : resolver.resolve(value)));
                environments.put(function.logicalId(), variables);
            }
            for (String name : options.environment().keySet()) {
                if (template.functions().values().stream().noneMatch(f -> f.environment().containsKey(name))) {
                    throw new IllegalArgumentException("no function of the template sets " + name);
                }
            }
            for (String layer : options.layers().keySet()) {
                if (template.layers().entrySet().stream().noneMatch(e -> e.getKey().equals(layer)
                        || layer.equals(String.valueOf(e.getValue().get("ContentUri"))))) {
                    throw new IllegalArgumentException("the template declares no layer " + layer);
                }
            }
            LocalMailbox mailbox = LocalMailbox.start(options.persistent()
                    ? Optional.of(options.dataDir().resolve("mailbox")) : Optional.empty());
            resources.add(mailbox);
            Map<String, String> lambdaEnvironment = new HashMap<>(backend.lambdaEnvironment());
            lambdaEnvironment.put("AWS_ENDPOINT_URL_SESV2", mailbox.endpoint().toString());
            FunctionHost functions = new FunctionHost(template, Map.copyOf(lambdaEnvironment), environments);
            resources.add(functions);

            LocalCloud cloud = new LocalCloud(template, resources, functions, backend, provisioned,
                    options.dataDir());
            cloud.mailbox = mailbox;
            cloud.events = EventSources.start(template, provisioned, backend, functions);
            resources.add(cloud.events);
            cloud.gateway = new HttpGateway(template, functions, options.port(), cloud.adminKey);
            resources.add(cloud.gateway);
            cloud.seeded = List.copyOf(options.seeder().seed(cloud));
            return cloud;
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    /** What the caller gives the functions using a layer, by the layer's logical id, else by its ContentUri. */
    private static Map<String, String> layerVariables(Template template, Map<String, Map<String, String>> layers,
                                                      String layerId) {
        if (layers.containsKey(layerId)) {
            return layers.get(layerId);
        }
        Object contentUri = Template.map(template.layers().get(layerId)).get("ContentUri");
        return layers.getOrDefault(String.valueOf(contentUri), Map.of());
    }

    public URI baseUri() {
        return gateway.baseUri();
    }

    /**
     * The key that a loopback call sends in {@link HttpGateway#ADMIN_KEY_HEADER} to reach the routes the template
     * puts behind the IAM authorizer, and the local invoke route: new on every start.
     */
    public String adminKey() {
        return adminKey;
    }

    private static String newAdminKey() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return "local_admin_" + java.util.HexFormat.of().formatHex(random);
    }

    public Template template() {
        return template;
    }

    /** The mail the functions sent through SES (the emulated SendEmail). */
    public LocalMailbox mailbox() {
        return mailbox;
    }

    /** Where the emulated services are, and clients for them (tests seed and inspect data through these). */
    public Backend backend() {
        return backend;
    }

    /** The physical names of what the template declared. */
    public Provisioned provisioned() {
        return provisioned;
    }

    /**
     * What the stream and queue event sources handed to each function and what its {@code FilterCriteria} dropped
     * (tests check that a record never reached a function).
     */
    public Deliveries deliveries() {
        return events.deliveries();
    }

    /** Invokes functions as Lambda would (tests send sample events through it). */
    public Invoker functions() {
        return functions;
    }

    /** Where persistent data lives, and where a seeder keeps what must outlive a restart. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Loads every function now (its cold start), so the first requests don't wait for it, and prints how many loaded:
     * a smoke test of the start-up (CI's) waits for that line and fails on any failure.
     */
    public void warmUp() {
        int failed = 0;
        for (String id : template.functions().keySet()) {
            try {
                functions.function(id);
            } catch (Invoker.FunctionFailedException e) {
                failed++;
                System.err.println("[local] " + e.getMessage());
            }
        }
        System.out.printf("[local] %d functions loaded (%d failed)%n", template.functions().size() - failed, failed);
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

    /**
     * Where {@link #serve} writes the API's address and the admin key while it runs ({@code url}, {@code admin_key};
     * owner-only permissions), so that tools on this machine can find a running local cloud; deleted on stop.
     */
    public static final String ENDPOINT_FILE = "local-cloud.properties";

    private static void writeEndpoint(Path file, LocalCloud cloud) throws IOException {
        Files.createDirectories(file.getParent());
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("url", cloud.baseUri().toString());
        properties.setProperty("admin_key", cloud.adminKey());
        Path temporary = file.resolveSibling(ENDPOINT_FILE + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try (var writer = Files.newBufferedWriter(temporary)) {
            properties.store(writer, "A running local cloud (deleted when it stops)");
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Starts the cloud, prints "{@code <title> ready in N s}" with the API's address and the seeder's lines, loads
     * every function in the background and runs until the JVM is stopped (Ctrl-C).
     */
    public static void serve(String title, Options options) throws Exception {
        long started = System.nanoTime();
        LocalCloud cloud = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Path endpoint = options.dataDir().resolve(ENDPOINT_FILE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n[local] stopping");
            try {
                Files.deleteIfExists(endpoint);
            } catch (IOException e) {
                System.err.println("[local] " + endpoint + " stays behind: " + e);
            }
            cloud.close();
            stopped.countDown();
        }));
        writeEndpoint(endpoint, cloud);
        Path here = Path.of("").toAbsolutePath();
        Path dataDir = options.dataDir().toAbsolutePath();
        StringBuilder banner = new StringBuilder("%n%s ready in %.1f s (%s)%n  API:         %s%n".formatted(title,
                (System.nanoTime() - started) / 1e9,
                options.persistent() ? "data kept in " + (dataDir.startsWith(here) ? here.relativize(dataDir)
                        : dataDir) : "in memory", cloud.baseUri()));
        banner.append("  admin key:   ").append(cloud.adminKey()).append(System.lineSeparator())
                .append("               (for the IAM-authorized routes, in ").append(HttpGateway.ADMIN_KEY_HEADER)
                .append("; new on every start)").append(System.lineSeparator());
        cloud.seeded.forEach(line -> banner.append(line).append(System.lineSeparator()));
        banner.append("  Ctrl-C stops.").append(System.lineSeparator());
        System.out.println(banner);
        Thread.ofVirtual().start(cloud::warmUp);
        stopped.await();
    }

    /**
     * Runs any SAM template: {@code [--template FILE] [--port N] [--in-memory] [--parameter NAME=VALUE]...
     * [--layer-variable LAYER:NAME=VALUE]...}, from the folder the template's {@code CodeUri}s are relative to.
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path templateFile = root.resolve("template.yaml");
        int port = 3000;
        boolean persistent = true;
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, Map<String, String>> layers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--template" -> templateFile = root.resolve(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--in-memory" -> persistent = false;
                case "--parameter" -> {
                    String[] pair = args[++i].split("=", 2);
                    parameters.put(pair[0], pair.length > 1 ? pair[1] : "");
                }
                case "--layer-variable" -> {
                    String[] layerAndPair = args[++i].split(":", 2);
                    String[] pair = layerAndPair[1].split("=", 2);
                    layers.computeIfAbsent(layerAndPair[0], k -> new LinkedHashMap<>())
                            .put(pair[0], pair.length > 1 ? pair[1] : "");
                }
                case "--help", "-h" -> {
                    System.out.println("usage: LocalCloud [--template FILE] [--port N] [--in-memory]"
                            + " [--parameter NAME=VALUE]... [--layer-variable LAYER:NAME=VALUE]...");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        serve("Local cloud", new Options(root, templateFile, port, persistent, root.resolve(".local-cloud"),
                Map.of(), parameters, layers, Seeder.NONE));
    }
}
