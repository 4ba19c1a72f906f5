package dev.loupe.local.project;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.loupe.local.Backend;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.Template;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectStore;
import dev.loupe.core.dynamo.ProjectItems;

/**
 * Loupe on the local cloud: template.yaml with Loupe's seeding ({@link ProjectSeeder}) and libvips for the functions
 * that use its layer. {@code ./loupe run} starts {@link #main}; the integration tests start it in-process.
 */
public final class LoupeCloud implements AutoCloseable {
    private static final ProjectItems PROJECT_ITEMS = new ProjectItems();
    /**
     * Where the build puts libvips for this machine (lib/imaging/fetch-libvips.sh): the same release as the arm64 layer
     * that template.yaml's LibvipsLayer deploys, for the functions that list that layer.
     */
    static final String LIBVIPS_LIB = "lib/imaging/target/libvips/package/lib";

    private final LocalCloud cloud;
    private final ProjectSeeder seeder;

    private LoupeCloud(LocalCloud cloud, ProjectSeeder seeder) {
        this.cloud = cloud;
        this.seeder = seeder;
    }

    /** Starts on the embedded emulators; {@code options} as {@link LocalCloud.Options#forTests} gives them. */
    public static LoupeCloud start(LocalCloud.Options options) throws Exception {
        ProjectSeeder seeder = new ProjectSeeder(false);
        return new LoupeCloud(LocalCloud.start(forLoupe(options, seeder)), seeder);
    }

    /** Starts on a back-end that is already running (LocalStack, a proxy in front of the emulators). */
    public static LoupeCloud start(LocalCloud.Options options, Backend backend, AutoCloseable backendToClose)
            throws Exception {
        ProjectSeeder seeder = new ProjectSeeder(false);
        return new LoupeCloud(LocalCloud.start(forLoupe(options, seeder), backend, backendToClose), seeder);
    }

    /**
     * Loupe's additions to the cloud's options: the seeder, where libvips is on this machine, and the API's own
     * address as {@code PublicBaseUrl} (links in answers come from it, never from a request's Host header), on a port
     * chosen now when the options leave it free. When the environment allows a loopback target, the seeding first
     * checks that it is none of the cloud's own ports ({@link LoopbackTarget}).
     */
    static LocalCloud.Options forLoupe(LocalCloud.Options options, ProjectSeeder seeder) throws java.io.IOException {
        LocalCloud.Options fixed = options.port() != 0 ? options : options.withPort(freeLoopbackPort());
        Map<String, String> parameters = new java.util.HashMap<>(fixed.parameters());
        parameters.putIfAbsent("PublicBaseUrl", "http://127.0.0.1:" + fixed.port());
        return fixed.withParameters(parameters).withSeeder(LoopbackTarget.checkedBefore(fixed.environment(), seeder))
                .withLayers(hostLibvips(options.root())
                .map(path -> Map.of("LibvipsLayer", Map.of("LOUPE_LIBVIPS_PATH", path.toString())))
                .orElse(Map.of()));
    }

    private static int freeLoopbackPort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** libvips as the build fetched it for this machine, if it did. */
    static Optional<Path> hostLibvips(Path root) {
        try (var files = Files.list(root.resolve(LIBVIPS_LIB))) {
            return files.filter(f -> f.getFileName().toString().startsWith("libvips-cpp.so.")).findFirst()
                    .map(Path::toAbsolutePath);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The local cloud itself. */
    public LocalCloud cloud() {
        return cloud;
    }

    public URI baseUri() {
        return cloud.baseUri();
    }

    public Template template() {
        return cloud.template();
    }

    /**
     * Where the emulated services are, and clients for them (tests seed and inspect data through these). Its DynamoDB
     * clients write as the functions' do: each project item with its {@code project_id} ({@link ProjectItems}).
     */
    public Backend backend() {
        return cloud.backend().withDynamoDbInterceptor(PROJECT_ITEMS);
    }

    /** The physical names of what the template declared. */
    public Provisioned provisioned() {
        return cloud.provisioned();
    }

    /** Invokes functions as Lambda would (tests send sample events through it). */
    public Invoker functions() {
        return cloud.functions();
    }

    public ProjectStore projects() {
        return seeder.projects();
    }

    public Project project() {
        return seeder.project();
    }

    /** A token as the project's backend would sign it: valid for 2 hours. */
    public String token() {
        return seeder.token();
    }

    /** Loads every function now (its cold start), so the first requests don't wait for it. */
    public void warmUp() {
        cloud.warmUp();
    }

    @Override
    public void close() {
        cloud.close();
        seeder.close();
    }

    /** {@code ./loupe run [--port N] [--in-memory] [--allow-loopback ADDRESS:PORT]}, from the repository root. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        int port = 3000;
        boolean persistent = true;
        java.net.InetSocketAddress loopback = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, i++));
                    case "--in-memory" -> persistent = false;
                    case LoopbackTarget.FLAG -> loopback = LoopbackTarget.parse(value(args, i++));
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
                }
            }
            LocalCloud.Options options = new LocalCloud.Options(root, port, persistent, root.resolve(".loupe-local"));
            if (loopback != null) {
                options = LoopbackTarget.applied(options, loopback);
            }
            LocalCloud.serve("Loupe local cloud", forLoupe(options, new ProjectSeeder(true)));
        } catch (IllegalArgumentException e) {
            // A wrong option or a refused --allow-loopback: the message says it all.
            System.err.println("./loupe run: " + e.getMessage());
            System.exit(2);
        }
    }

    private static final String USAGE = """
            usage: ./loupe run [--port N] [--in-memory] [--allow-loopback ADDRESS:PORT]
              --port N            the API's port on 127.0.0.1 (default 3000)
              --in-memory         keep no tables or objects across restarts (default: kept in .loupe-local)
              --allow-loopback ADDRESS:PORT
                                  let webhooks and URL imports reach this one loopback address and port, for a
                                  receiver or file server on this machine, e.g. 127.0.0.1:8099 (every other local or
                                  private address stays refused; never the local cloud's API or emulators' ports)""";

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value (try --help)");
        }
        return args[i + 1];
    }
}
