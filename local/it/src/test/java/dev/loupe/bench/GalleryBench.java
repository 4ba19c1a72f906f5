package dev.loupe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.Backend;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.testing.DynamoCalls;
import dev.loupe.local.testing.DynamoTraffic;
import dev.loupe.gallery.Gallery;
import dev.loupe.gallery.GalleryKeys;
import dev.loupe.gallery.GalleryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The gallery list benchmark (bench/galleries.sh; docs/PERFORMANCE.md, "Gallery list"): seeds one user of the local
 * cloud's project with 1,000 and another with 10,000 galleries, directly through {@link GalleryStore#createIfNameFree}
 * on several threads, among noise (other users' galleries, anonymous ones, and the same users in another project).
 * Then, for page 1, a middle page and the last page of 20, times {@link GalleryStore#byOwner} (the owner's own list
 * on {@code by-owner}, and the public-only list others see on {@code by-owner-public}) and the route
 * {@code GET /v1/galleries?user=...&start=...&limit=20} with a project token, which lists the public ones (median and
 * p90 of N runs), with the DynamoDB calls and items each page costs: counted by an SDK interceptor for the direct
 * calls and by a loopback proxy in front of DynamoDB Local for the function's (its SDK lives in its own class loader). Every answer is checked (total, page size, the
 * expected galleries newest first) and no call may be a Scan, so the numbers measure the real work.
 *
 * <p>Not part of the test run: it needs {@code -Dloupe.bench=true}.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class GalleryBench {
    private static final int LIMIT = 20;
    private static final int RUNS = Integer.getInteger("loupe.bench.runs", 10);
    private static final int THREADS = Integer.getInteger("loupe.bench.threads", 4);
    private static final String OTHER_PROJECT = "bench-other-project";
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Timings in ms (sorted) and the DynamoDB calls of the last run (they don't vary). */
    private record Measure(double[] ms, DynamoCalls.Counts counts, Map<String, Long> readsFrom) {
        double median() {
            return ms[ms.length / 2];
        }

        /** Nearest rank. */
        double p90() {
            return ms[(int) Math.ceil(0.9 * ms.length) - 1];
        }

        String time() {
            return String.format(Locale.ROOT, "%.1f / %.1f ms", median(), p90());
        }

        String cost() {
            return String.format(Locale.ROOT, "%d calls %s, %,d read, %,d returned", counts.calls(),
                    counts.byOperation(), counts.itemsRead(), counts.itemsReturned());
        }
    }

    /** The issue's requirement: a user's galleries come from an index, never a scan. */
    private static void readsOnly(Measure m, String index) {
        assertThat(m.counts().byOperation()).doesNotContainKey("Scan");
        assertThat(m.readsFrom()).containsEntry("Query " + index, m.counts().byOperation().get("Query"));
    }

    private static String user(int size) {
        return "bench-user-" + size;
    }

    @Test
    void aUsersGalleriesAtOneThousandAndTenThousand() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("loupe.bench.sizes", "1000,10000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        StringBuilder report = new StringBuilder();
        DynamoCalls direct = new DynamoCalls();
        DynamoCalls functions = new DynamoCalls();
        // The functions reach DynamoDB through the counting proxy; the bench's own clients go straight to it.
        Emulators emulators = Emulators.start(Emulators.Options.inMemory());
        Backend straight = Backend.of(emulators);
        DynamoTraffic proxy = DynamoTraffic.start(straight.dynamoDbEndpoint(), functions);
        Backend proxied = new Backend(proxy.endpoint(), straight.sqsEndpoint(), straight.s3Endpoint(),
                straight.region(), straight.accessKey(), straight.secretKey(), straight.emulators());
        try (LoupeCloud cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()), proxied, () -> {
            proxy.close();
            emulators.close();
        })) {
            String table = cloud.provisioned().tableName("GalleriesTable");
            String projectId = cloud.project().projectId();
            try (DynamoDbClient seeding = straight.dynamoDb(); DynamoDbClient counted = direct.client(straight)) {
                GalleryStore seeds = new GalleryStore(seeding, table);
                GalleryStore store = new GalleryStore(counted, table);
                report.append("- ").append(seed(seeds, projectId, sizes)).append('\n');
                StringBuilder rows = new StringBuilder("| galleries | page (start) | byOwner own, median / p90 "
                        + "| byOwner public only | HTTP (public only) | DynamoDB per page (byOwner own) "
                        + "| DynamoDB per request (HTTP) |\n|---|---|---|---|---|---|---|\n");
                for (int size : sizes) {
                    String user = user(size);
                    for (int start : List.of(0, size / 2, size - LIMIT)) {
                        // The owner's own list reads by-owner; anyone else's (a project token, as the route is
                        // called here) by-owner-public. Every bench gallery is public (the default), so both hold all.
                        Measure byOwner = measure(direct, () -> {
                            GalleryStore.Page page = store.byOwner(projectId, user, false, start, LIMIT);
                            checkPage(page, projectId, user, size, start);
                            return null;
                        });
                        Measure publicOnly = measure(direct, () -> {
                            GalleryStore.Page page = store.byOwner(projectId, user, true, start, LIMIT);
                            checkPage(page, projectId, user, size, start);
                            return null;
                        });
                        Measure http = measure(functions, () -> {
                            checkHttp(cloud, user, size, start);
                            return null;
                        });
                        readsOnly(byOwner, GalleryKeys.OWNER_INDEX);
                        readsOnly(publicOnly, GalleryKeys.OWNER_PUBLIC_INDEX);
                        readsOnly(http, GalleryKeys.OWNER_PUBLIC_INDEX);
                        String row = String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |", size,
                                start == 0 ? "1 (0)" : String.format(Locale.ROOT, "%,d (%,d)", start / LIMIT + 1,
                                        start), byOwner.time(), publicOnly.time(), http.time(), byOwner.cost(),
                                http.cost());
                        System.out.println("[bench] " + row);
                        rows.append(row).append('\n');
                        if (start == 0) {
                            Measure count = measure(direct, () -> {
                                assertThat(countOnly(counted, table, projectId, user)).isEqualTo(size);
                                return null;
                            });
                            int perCall = firstCount;
                            Measure pageOnly = measure(direct, () -> {
                                assertThat(firstPageOnly(counted, table, projectId, user)).isEqualTo(LIMIT);
                                return null;
                            });
                            double pageUnits = capacity;
                            String line = String.format(Locale.ROOT, "%,d galleries: counting the index partition "
                                    + "instead of reading the user's counter (what byOwner did before the counters) "
                                    + "%s, %s, the first call stopping at %,d (DynamoDB's 1 MB); one Query of 20 on "
                                    + "the index %s, %s, %.1f read units",
                                    size, count.time(), count.cost(), perCall, pageOnly.time(), pageOnly.cost(),
                                    pageUnits);
                            System.out.println("[bench] " + line);
                            report.append("- ").append(line).append('\n');
                        }
                    }
                }
                report.append('\n').append(rows);
            }
        }
        String text = report.toString();
        System.out.println(text);
        Path out = LoupeRoot.path().resolve("local/it/target/bench-galleries.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println("[bench] written to " + out);
    }

    /**
     * Each bench user's galleries, plus noise: 40 other users with 25 each and 200 anonymous ones in the same
     * project, and the bench users again with 1,000 each in another project (same ids and gallery names: the project
     * in the key must keep them apart). Gallery {@code i} of a user is added at {@code BASE + i} seconds, so newest
     * first is the highest {@code i} first.
     */
    private static String seed(GalleryStore store, String projectId, List<Integer> sizes) throws Exception {
        List<Gallery> galleries = new ArrayList<>();
        for (int size : sizes) {
            for (int i = 0; i < size; i++) {
                galleries.add(gallery(projectId, user(size), i));
            }
            for (int i = 0; i < 1_000; i++) {
                galleries.add(gallery(OTHER_PROJECT, user(size), i));
            }
        }
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 25; i++) {
                galleries.add(gallery(projectId, "noise-user-" + u, i));
            }
        }
        for (int i = 0; i < 200; i++) {
            Instant added = BASE.plusSeconds(i);
            galleries.add(new Gallery(projectId, "anonymous-" + i, "Anonymous " + i, Optional.empty(),
                    Optional.empty(), Optional.of("hash-" + i), added, added, 0, List.of(), Gallery.Details.DEFAULTS, 0));
        }
        long started = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                writers.add(pool.submit(() -> {
                    for (int i = first; i < galleries.size(); i += THREADS) {
                        if (!store.createIfNameFree(galleries.get(i))) {
                            throw new IllegalStateException("name taken: " + galleries.get(i).name());
                        }
                        int n = done.incrementAndGet();
                        if (n % 2_000 == 0) {
                            System.out.printf("[bench] seeded %,d of %,d galleries%n", n, galleries.size());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String line = String.format(Locale.ROOT, "seeding %,d galleries with createIfNameFree (%s for the bench users, "
                        + "the rest noise): %.0f s, %.0f per second, %d threads", galleries.size(), sizes, seconds,
                galleries.size() / seconds, THREADS);
        System.out.println("[bench] " + line);
        return line;
    }

    private static Gallery gallery(String projectId, String user, int i) {
        Instant added = BASE.plusSeconds(i);
        return new Gallery(projectId, name(user, i), "Gallery " + i, Optional.of(user), Optional.of("Bench " + user),
                Optional.empty(), added, added, 0, List.of(), Gallery.Details.DEFAULTS, 0);
    }

    private static String name(String user, int i) {
        return String.format(Locale.ROOT, "%s-%05d", user, i);
    }

    /** The page from {@code start} must be galleries {@code size-1-start} downwards of this user, in this project. */
    private static void checkPage(GalleryStore.Page page, String projectId, String user, int size, int start) {
        assertThat(page.total()).isEqualTo(size);
        assertThat(page.galleries()).hasSize(LIMIT);
        for (int k = 0; k < LIMIT; k++) {
            Gallery g = page.galleries().get(k);
            int i = size - 1 - start - k;
            assertThat(g.name()).isEqualTo(name(user, i));
            assertThat(g.projectId()).isEqualTo(projectId);
            assertThat(g.added()).isEqualTo(BASE.plusSeconds(i));
        }
    }

    private static void checkHttp(LoupeCloud cloud, String user, int size, int start) throws Exception {
        URI base = cloud.baseUri();
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
            throw new IllegalStateException("the bench talks to loopback only, not " + base);
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/galleries?user=" + user + "&start=" + start
                + "&limit=" + LIMIT)).header("Authorization", "Bearer " + cloud.token()).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.at("/count/total").asInt()).isEqualTo(size);
        assertThat(list.at("/count/batch").asInt()).isEqualTo(LIMIT);
        assertThat(list.path("gallery")).hasSize(LIMIT);
        for (int k = 0; k < LIMIT; k++) {
            JsonNode g = list.path("gallery").get(k);
            int i = size - 1 - start - k;
            assertThat(g.path("name").asText()).isEqualTo(name(user, i));
            assertThat(g.path("server").asText()).isEqualTo(cloud.project().projectId());
            assertThat(g.path("added").asLong()).isEqualTo(BASE.plusSeconds(i).getEpochSecond());
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The total alone, as byOwner counts it: COUNT queries along the user's index partition until DynamoDB stops
     * paging. The key is GalleryStore's ({@code owner_pk = P#<project>#U#<user>}), spelled out here because the bench
     * measures the parts byOwner doesn't expose.
     */
    private static int countOnly(DynamoDbClient dynamo, String table, String projectId, String user) {
        int total = 0;
        Map<String, AttributeValue> from = null;
        do {
            var startKey = from;
            QueryResponse counted = dynamo.query(r -> {
                r.tableName(table).indexName(GalleryKeys.OWNER_INDEX).keyConditionExpression("owner_pk = :o")
                        .expressionAttributeValues(ownerKey(projectId, user)).select(Select.COUNT);
                if (startKey != null) {
                    r.exclusiveStartKey(startKey);
                }
            });
            if (startKey == null) {
                firstCount = counted.count();
            }
            total += counted.count();
            from = counted.hasLastEvaluatedKey() && !counted.lastEvaluatedKey().isEmpty()
                    ? counted.lastEvaluatedKey() : null;
        } while (from != null);
        return total;
    }

    /** Page 1 without the total: one Query of 20, newest first (what byOwner costs if the total came from elsewhere). */
    private static int firstPageOnly(DynamoDbClient dynamo, String table, String projectId, String user) {
        QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(GalleryKeys.OWNER_INDEX)
                .keyConditionExpression("owner_pk = :o").expressionAttributeValues(ownerKey(projectId, user))
                .scanIndexForward(false).limit(LIMIT).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        capacity = units(page);
        return page.count();
    }

    /**
     * What the last {@link #countOnly}'s first call counted (where DynamoDB stopped it), and the read units of the last
     * {@link #firstPageOnly} (DynamoDB Local reports none for COUNT queries).
     */
    private static volatile int firstCount;
    private static volatile double capacity;

    private static double units(QueryResponse response) {
        return response.consumedCapacity() == null || response.consumedCapacity().capacityUnits() == null ? Double.NaN
                : response.consumedCapacity().capacityUnits();
    }

    private static Map<String, AttributeValue> ownerKey(String projectId, String user) {
        return Map.of(":o", AttributeValue.fromS("P#" + projectId + "#U#" + user));
    }

    /** One warm-up, then {@link #RUNS} timed runs; the counts are the last run's. */
    private static Measure measure(DynamoCalls calls, Callable run) throws Exception {
        run.call();
        double[] times = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            calls.reset();
            long started = System.nanoTime();
            run.call();
            times[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(times);
        return new Measure(times, calls.snapshot(), calls.readsFrom());
    }

    @FunctionalInterface
    private interface Callable {
        Object call() throws Exception;
    }
}
