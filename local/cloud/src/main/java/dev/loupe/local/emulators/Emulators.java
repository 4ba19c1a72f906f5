package dev.loupe.local.emulators;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local cloud's AWS services, each an emulator in this JVM listening on a loopback port of its own: DynamoDB
 * Local (tables, streams, TTL), ElasticMQ (SQS) and S3Proxy (S3); the README's "The local cloud" says what it adds.
 *
 * <p>Known gaps: ElasticMQ keeps queues and messages in memory only, so even a persistent local cloud loses
 * unprocessed messages on restart; in persistent mode S3Proxy's filesystem store answers 501 to SSE-C (the
 * in-memory store enforces it); S3's events are produced by the local cloud itself
 * ({@link #addS3EventListener}).
 */
public final class Emulators implements AutoCloseable {
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "localsecret";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    /**
     * @param persistent keep tables and objects in {@code dataDir} (its {@code dynamodb/} and {@code s3/}
     *                   folders) across restarts; otherwise everything lives in memory
     */
    public record Options(boolean persistent, Path dataDir) {
        public Options {
            if (persistent) {
                Objects.requireNonNull(dataDir, "a persistent local cloud needs a data folder");
            }
        }

        public static Options inMemory() {
            return new Options(false, null);
        }

        public static Options persistentIn(Path dataDir) {
            return new Options(true, dataDir);
        }
    }

    private final DynamoDbLocal dynamoDb;
    private final ElasticMq sqs;
    private final S3ProxyServer s3;

    private Emulators(DynamoDbLocal dynamoDb, ElasticMq sqs, S3ProxyServer s3) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
    }

    /** Starts the three emulators side by side (they spend their start-up loading classes) and waits for them. */
    public static Emulators start(Options options) {
        long started = System.nanoTime();
        Path dynamoDir = options.persistent() ? options.dataDir().resolve("dynamodb").toAbsolutePath() : null;
        Path s3Dir = options.persistent() ? options.dataDir().resolve("s3").toAbsolutePath() : null;
        try (ExecutorService starter = Executors.newFixedThreadPool(3, Thread.ofPlatform().daemon().factory())) {
            Future<DynamoDbLocal> dynamoDb = starter.submit(timed("DynamoDB Local", () -> DynamoDbLocal.start(dynamoDir)));
            Future<ElasticMq> sqs = starter.submit(timed("ElasticMQ", () -> ElasticMq.start(REGION, ACCOUNT_ID)));
            Future<S3ProxyServer> s3 = starter.submit(timed("S3Proxy", () -> S3ProxyServer.start(s3Dir, ACCESS_KEY,
                    SECRET_KEY)));
            List<AutoCloseable> startedOnes = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (Future<? extends AutoCloseable> future : List.of(dynamoDb, sqs, s3)) {
                try {
                    startedOnes.add(future.get());
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                startedOnes.forEach(Emulators::closeQuietly);
                IllegalStateException failure = new IllegalStateException("the local cloud's emulators did not start",
                        failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            Emulators emulators = new Emulators(dynamoDb.resultNow(), sqs.resultNow(), s3.resultNow());
            System.out.printf("[emulators] up in %d ms (%s): DynamoDB %s, SQS %s, S3 %s%n",
                    (System.nanoTime() - started) / 1_000_000,
                    options.persistent() ? "persistent in " + options.dataDir() : "in memory",
                    emulators.dynamoDbEndpoint(), emulators.sqsEndpoint(), emulators.s3Endpoint());
            return emulators;
        }
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    /** S3Proxy checks signatures, so clients must sign with exactly these credentials. */
    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** {@code listener} hears of every object created or removed in the local S3 from now on. */
    public void addS3EventListener(S3EventListener listener) {
        s3.blobStore().addListener(listener);
    }

    public void removeS3EventListener(S3EventListener listener) {
        s3.blobStore().removeListener(listener);
    }

    /** Stops all three; a failure to stop one does not keep the others running. */
    @Override
    public void close() {
        closeQuietly(s3);
        closeQuietly(sqs);
        closeQuietly(dynamoDb);
        System.out.println("[emulators] stopped");
    }

    private static <T> Callable<T> timed(String name, Callable<T> start) {
        return () -> {
            long started = System.nanoTime();
            T result = start.call();
            System.out.printf("[emulators] %s started in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
            return result;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("[emulators] stopping " + closeable.getClass().getSimpleName() + " failed: " + e);
        }
    }
}
