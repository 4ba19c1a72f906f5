package dev.loupe.local.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.shared.jobs.JobsRegister;

/** DynamoDB Local 2.x in this JVM, on a loopback port of its own. */
final class DynamoDbLocal implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** @param dbDir where to keep the tables, or {@code null} to keep them in memory */
    static DynamoDbLocal start(Path dbDir) throws Exception {
        for (int attempt = 1; ; attempt++) {
            // Port 0 makes DynamoDB Local's first call hang, so pick a free port; another process may take it
            // between our check and DynamoDB Local's bind, hence the retry.
            int port = freeLoopbackPort();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(arguments(dbDir, port));
            bindToLoopback(server);
            try {
                server.start();
                return new DynamoDbLocal(server, port);
            } catch (Exception e) {
                stopQuietly(server);
                if (attempt >= BIND_ATTEMPTS || !(rootCause(e) instanceof BindException)) {
                    throw e;
                }
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        stopBackgroundJobs(server);
    }

    private static String[] arguments(Path dbDir, int port) {
        List<String> args = new ArrayList<>();
        if (dbDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dbDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dbDir, e);
            }
            args.add("-dbPath");
            args.add(dbDir.toString());
        }
        // One database whatever the credentials and region: functions, the CLI and tests all see the same tables.
        args.add("-sharedDb");
        // DynamoDB Local 2.x reports usage to AWS unless told not to; the local cloud stays off the network.
        args.add("-disableTelemetry");
        args.add("-port");
        args.add(String.valueOf(port));
        return args.toArray(String[]::new);
    }

    /**
     * DynamoDB Local has no option for the interface: it creates {@code new Server(port)}, which listens on all of
     * them. Its Jetty server is a private field; narrowing the connector before start keeps it on 127.0.0.1.
     */
    private static void bindToLoopback(DynamoDBProxyServer proxy) {
        try {
            Server jetty = (Server) field(proxy, "server");
            for (Connector connector : jetty.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setHost("127.0.0.1");
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            System.err.println("[emulators] DynamoDB Local listens on all interfaces (cannot narrow it: " + e + ")");
        }
    }

    /**
     * DynamoDB Local's stop() shuts its job pool down without interrupting it, so the shard-rollover scheduler
     * (a non-daemon thread) sleeps on for minutes and keeps the JVM from exiting. Its pools hang off the request
     * handler's per-database clients; shutting them down now interrupts just this instance's jobs.
     */
    private static void stopBackgroundJobs(DynamoDBProxyServer proxy) {
        try {
            Object serverHandler = field(proxy, "serverHandler");
            List<Object> requestHandlers = new ArrayList<>();
            requestHandlers.add(field(serverHandler, "primaryHandler"));
            if (field(serverHandler, "secondaryHandlers") instanceof Map<?, ?> secondary) {
                requestHandlers.addAll(secondary.values());
            }
            for (Object requestHandler : requestHandlers) {
                if (field(requestHandler, "dbRequestHandlers") instanceof Map<?, ?> databases) {
                    for (Object database : databases.values()) {
                        if (field(database, "jobs") instanceof JobsRegister jobs) {
                            jobs.shutdownNow();
                        }
                    }
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            System.err.println("[emulators] DynamoDB Local's background jobs may delay the JVM's exit: " + e);
        }
    }

    /** A field declared by the object's class or one of its superclasses, or {@code null} if there is none. */
    private static Object field(Object target, String name) throws IllegalAccessException {
        if (target == null) {
            return null;
        }
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it did not start
        }
    }
}
