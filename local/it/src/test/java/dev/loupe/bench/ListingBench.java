package dev.loupe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.ProjectStore;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.core.dynamo.ProjectItems;
import dev.loupe.local.Backend;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.template.Template;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.DynamoCalls;
import dev.loupe.core.http.Mappers;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageSeeds;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.listing.Api2ImageList;
import dev.loupe.library.listing.ImageListing;
import dev.loupe.library.listing.ListPage;
import dev.loupe.library.listing.ListQuery;
import dev.loupe.library.listing.ListSort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The listing benchmark (bench/listing.sh; docs/PERFORMANCE.md, "Image listing"): seeds a project of 1,000 and one of
 * 100,000 image records (directly, in BatchWriteItem calls on several threads, before the local cloud starts; see
 * {@link #seeded}), and times page 1
 * and a deep page (offset 1,000 at 30 a page: images 30,001 to 30,030) for every order, filters and searches, calling
 * the listing service directly, then once through the HTTP route. Reports the median time and, from a counting
 * interceptor, the DynamoDB calls and items each page cost, which unlike the emulator's times don't vary.
 *
 * <p>Not part of the test run: it needs {@code -Dloupe.bench=true}.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class ListingBench {
    private static final int LIMIT = 30;
    private static final long DEEP_PAGE = 1_000;

    /**
     * Offset 1000 (images 30,001 to 30,030) at 100,000; a smaller size gets the page in its middle instead, so that a
     * quick run (bench/listing.sh 1000,10000) still measures a deep page rather than one past the end.
     */
    private static long deepPage(int size) {
        return Math.min(DEEP_PAGE, size / 2 / LIMIT);
    }
    private static final int RUNS = Integer.getInteger("loupe.bench.runs", 5);
    private static final int THREADS = Integer.getInteger("loupe.bench.threads", 4);

    private record Scenario(String name, ListQuery query) {
    }

    /** @param runs how many runs the time is the median of (1 when a run takes seconds) */
    private record Measure(double ms, int runs, DynamoCalls.Counts counts, int images, long total) {
        String cell() {
            return String.format(Locale.ROOT, "%.1f ms (%d runs), %d calls, %d read, %d returned", ms, runs,
                    counts.calls(), counts.itemsRead(), counts.itemsReturned());
        }
    }

    /** A page slower than this is timed once: its time is all DynamoDB Local's, and a median would take minutes. */
    private static final double SLOW_MS = 2_000;

    private static ListQuery query(ListSort sort, boolean descending, Set<ImageStatus> statuses,
                                   Set<String> extensions, Optional<String> search) {
        return new ListQuery(statuses, extensions, search, sort, descending, LIMIT, new ListQuery.Page(0));
    }

    private static List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        for (ListSort sort : ListSort.values()) {
            for (boolean descending : new boolean[]{false, true}) {
                String name = (descending ? "-" : "+") + sort.word()
                        + (sort == ListSort.MODIFIEDDATE && descending ? " (default)" : "");
                scenarios.add(new Scenario("sort=" + name, query(sort, descending, Set.of(), Set.of(),
                        Optional.empty())));
            }
        }
        scenarios.add(new Scenario("extension=png", query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of("png"),
                Optional.empty())));
        scenarios.add(new Scenario("status=active", query(ListSort.MODIFIEDDATE, true, Set.of(ImageStatus.ACTIVE),
                Set.of(), Optional.empty())));
        scenarios.add(new Scenario("status=archived&extension=jpg,gif&sort=+name", query(ListSort.NAME, false,
                Set.of(ImageStatus.ARCHIVED), Set.of("jpg", "gif"), Optional.empty())));
        scenarios.add(new Scenario("extension=png&sort=+status", query(ListSort.STATUS, false, Set.of(),
                Set.of("png"), Optional.empty())));
        scenarios.add(new Scenario("search=sun", query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(),
                Optional.of("sun"))));
        scenarios.add(new Scenario("search=sun&extension=png&sort=+name", query(ListSort.NAME, false, Set.of(),
                Set.of("png"), Optional.of("sun"))));
        // The word index's other paths (ImageWordIndex): another order reads all the word's entries and sorts them in
        // memory; several words read the longest word's entries and filter by the others.
        scenarios.add(new Scenario("search=sun&sort=+name", query(ListSort.NAME, false, Set.of(), Set.of(),
                Optional.of("sun"))));
        scenarios.add(new Scenario("search=sunset har", query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(),
                Optional.of("sunset har"))));
        scenarios.add(new Scenario("search=sun&status=archived", query(ListSort.MODIFIEDDATE, true,
                Set.of(ImageStatus.ARCHIVED), Set.of(), Optional.of("sun"))));
        return scenarios;
    }

    @Test
    void listingAtOneThousandAndOneHundredThousandImages() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("loupe.bench.sizes", "1000,100000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        StringBuilder report = new StringBuilder();
        String loadBefore = loadAverage();
        Optional<Path> kept = Optional.ofNullable(System.getProperty("loupe.bench.data")).filter(s -> !s.isBlank())
                .map(Path::of);
        Emulators emulators = Emulators.start(kept.map(Emulators.Options::persistentIn)
                .orElseGet(Emulators.Options::inMemory));
        Backend backend = Backend.of(emulators);
        Map<Integer, String> publicKeys = seeded(backend, sizes, kept, report);
        try (LoupeCloud cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()), backend,
                emulators)) {
            Map<Integer, Project> projects = new LinkedHashMap<>();
            publicKeys.forEach((size, key) -> projects.put(size, cloud.projects().findByPublicKey(key).orElseThrow(
                    () -> new IllegalStateException("the project seeded with " + size + " images is gone: delete "
                            + kept.orElseThrow() + " to seed again"))));
            DynamoCalls calls = new DynamoCalls();
            String table = cloud.provisioned().tableName("ImagesTable");
            try (DynamoDbClient plain = cloud.backend().dynamoDb(); DynamoDbClient counted = calls.client(
                    cloud.backend())) {
                ImageListing listing = new ImageListing(counted, new ImageStore(counted, table));
                Map<String, Map<Integer, Measure[]>> results = new LinkedHashMap<>();
                for (int size : sizes) {
                    String projectId = projects.get(size).projectId();
                    for (Scenario scenario : scenarios()) {
                        if (!selected(scenario.name())) {
                            continue;
                        }
                        Measure first = measure(listing, calls, projectId, scenario.query(), 0);
                        Measure deep = measure(listing, calls, projectId, scenario.query(), deepPage(size));
                        results.computeIfAbsent(scenario.name(), k -> new LinkedHashMap<>())
                                .put(size, new Measure[]{first, deep});
                        System.out.printf("[bench] %,7d %-45s page 1: %s | offset %d: %s (total %d)%n", size,
                                scenario.name(), first.cell(), deepPage(size), deep.cell(), first.total());
                    }
                    report.append("- ").append(cursorWalk(listing, calls, projectId, size)).append('\n');
                    report.append("- ").append(String.format(Locale.ROOT, "%,d images: ", size))
                            .append(perItemCost(plain, table, projectId)).append('\n');
                    report.append("- ").append(renderCost(cloud, listing, projectId)).append('\n');
                }
                report.append('\n').append(table(results, sizes));
            }
            report.append('\n').append(throughHttp(cloud, projects.get(sizes.getLast())));
        }
        String text = "- load average (1, 5, 15 min) at the start: " + loadBefore + "; at the end: " + loadAverage()
                + "\n" + report;
        System.out.println(text);
        Path out = LoupeRoot.path().resolve("local/it/target/bench-listing.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println("[bench] written to " + out);
    }

    /**
     * A project of each size (its public key), seeded before the local cloud starts: the tables are provisioned from
     * the template without their streams, so that DynamoDB Local writes no stream record for the seeds and no stream
     * consumer reads them (the seeds already hold what the consumers would write); the cloud's start then enables the
     * streams, as it does for a kept table that predates one. With {@code -Dloupe.bench.data} the emulators keep their
     * data in that folder and a size seeded by an earlier run is reused: 100,000 images are about 1.5 million items,
     * which DynamoDB Local's one SQLite thread takes half an hour to write. When every size is there already,
     * nothing is provisioned here: DynamoDB Local counts a table's items on each DescribeTable (about 2 minutes at
     * that size), and the cloud's start describes the table once anyway.
     */
    private static Map<Integer, String> seeded(Backend backend, List<Integer> sizes, Optional<Path> kept,
                                               StringBuilder report) throws Exception {
        Properties saved = new Properties();
        Optional<Path> savedFile = kept.map(dir -> dir.resolve("listing-projects.properties"));
        if (savedFile.isPresent() && Files.exists(savedFile.get())) {
            try (var in = Files.newBufferedReader(savedFile.get())) {
                saved.load(in);
            }
        }
        Map<Integer, String> publicKeys = new LinkedHashMap<>();
        List<Integer> missing = new ArrayList<>();
        for (int size : sizes) {
            String key = saved.getProperty(Integer.toString(size));
            if (key == null) {
                missing.add(size);
            } else {
                publicKeys.put(size, key);
                String line = String.format(Locale.ROOT, "%,d images: seeded by an earlier run, kept in %s", size,
                        kept.orElseThrow());
                System.out.println("[bench] " + line);
                report.append("- ").append(line).append('\n');
            }
        }
        if (missing.isEmpty()) {
            return publicKeys;
        }
        Template template = Template.load(LoupeRoot.path());
        Map<String, Map<String, Object>> streamless = new LinkedHashMap<>();
        template.tables().forEach((id, properties) -> {
            Map<String, Object> copy = new LinkedHashMap<>(properties);
            copy.remove("StreamSpecification");
            streamless.put(id, copy);
        });
        try (DynamoDbClient dynamo = backend.withDynamoDbInterceptor(new ProjectItems()).dynamoDb();
             SqsClient sqs = backend.sqs(); S3Client s3 = backend.s3()) {
            Provisioned provisioned = new Provisioner(dynamo, sqs, s3).provision(new Template(template.root(),
                    template.globals(), template.functions(), streamless, template.queues(), template.buckets(),
                    template.httpApis(), template.otherResources(), template.parameters(), template.layers()));
            String table = provisioned.tableName("ImagesTable");
            // A kept table's stream, which the cloud enabled on an earlier run: off while seeding.
            var stream = dynamo.describeTable(r -> r.tableName(table)).table().streamSpecification();
            if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
                dynamo.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
            }
            ProjectStore store = new ProjectStore(dynamo, DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo)
                    .build(), provisioned.tableName("ProjectsTable"));
            for (int size : missing) {
                Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                        ProjectKeys.newSecretKey(), "listing bench " + size, List.of());
                store.create(project, Instant.now());
                long started = System.nanoTime();
                ImageSeeds.write(dynamo, table, ImageSeeds.generate(project.projectId(), size, size), THREADS,
                        done -> System.out.printf("[bench] seeded %,d of %,d%n", done, size));
                double seconds = (System.nanoTime() - started) / 1e9;
                String line = String.format(Locale.ROOT, "seeding %,d images: %.0f s (%.0f per second, %d threads)",
                        size, seconds, size / seconds, THREADS);
                System.out.println("[bench] " + line);
                report.append("- ").append(line).append('\n');
                publicKeys.put(size, project.publicKey());
                if (savedFile.isPresent()) {
                    saved.setProperty(Integer.toString(size), project.publicKey());
                    try (var out = Files.newBufferedWriter(savedFile.get())) {
                        saved.store(out, "bench/listing.sh: the project seeded with each size (public keys)");
                    }
                }
            }
        }
        return publicKeys;
    }

    /**
     * The median of {@link #RUNS} runs after a warm-up; a page that takes more than {@link #SLOW_MS} is timed once (its
     * first run). The counts are the last run's: they don't vary.
     */
    private static Measure measure(ImageListing listing, DynamoCalls calls, String projectId, ListQuery base,
                                   long page) {
        ListQuery q = new ListQuery(base.statuses(), base.extensions(), base.search(), base.sort(),
                base.descending(), base.limit(), new ListQuery.Page(page));
        calls.reset();
        long started = System.nanoTime();
        ListPage result = listing.list(projectId, q);
        double once = (System.nanoTime() - started) / 1e6;
        if (once > SLOW_MS) {
            return new Measure(once, 1, calls.snapshot(), result.images().size(), result.total());
        }
        double[] times = new double[RUNS];
        DynamoCalls.Counts counts = null;
        for (int i = 0; i < RUNS; i++) {
            calls.reset();
            started = System.nanoTime();
            result = listing.list(projectId, q);
            times[i] = (System.nanoTime() - started) / 1e6;
            counts = calls.snapshot();
        }
        Arrays.sort(times);
        return new Measure(times[RUNS / 2], RUNS, counts, result.images().size(), result.total());
    }

    /**
     * What one DynamoDB Local call costs per item, which is what deep pages and searches pay: a COUNT query of the
     * all-name partition from its start (DynamoDB stops it at 1 MB).
     */
    private static String perItemCost(DynamoDbClient dynamo, String table, String projectId) {
        double[] times = new double[RUNS];
        QueryResponse response = null;
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            response = dynamo.query(r -> r.tableName(table).indexName("all-name")
                    .keyConditionExpression("list_all_pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(LibraryKeys.allPk(projectId))))
                    .select(Select.COUNT));
            times[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(times);
        return String.format(Locale.ROOT, "one COUNT query of the all-name partition from its start: %,d items "
                + "counted (DynamoDB's 1 MB), median %.0f ms, %.2f ms per item", response.count(), times[RUNS / 2],
                times[RUNS / 2] / response.count());
    }

    /**
     * What a function does with a page after DynamoDB: two presigned URLs per image (thumbnail and original) and the
     * JSON. Signing sends nothing; this is CPU only.
     */
    private static String renderCost(LoupeCloud cloud, ImageListing listing, String projectId) throws Exception {
        ListPage page = listing.list(projectId, query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(),
                Optional.empty()));
        try (S3Presigner presigner = cloud.backend().s3Presigner()) {
            ImageLinks links = new ImageLinks(presigner, cloud.provisioned().bucketName("ImageBucket"));
            Image image = page.images().getFirst();
            for (int i = 0; i < 2_000; i++) {
                links.original(image);
            }
            double[] render = new double[RUNS];
            double[] sign = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long started = System.nanoTime();
                Mappers.JSON.writeValueAsString(Api2ImageList.of(page, 0, links));
                render[i] = (System.nanoTime() - started) / 1e6;
                started = System.nanoTime();
                for (Image each : page.images()) {
                    links.original(each);
                    links.smallestThumbnail(each);
                }
                sign[i] = (System.nanoTime() - started) / 1e6;
            }
            Arrays.sort(render);
            Arrays.sort(sign);
            return String.format(Locale.ROOT, "rendering a page of %d as the image list API's JSON: median %.1f ms, "
                    + "of which the %d presigned URLs %.1f ms (%.2f ms each), after 2,000 warm-up signatures",
                    page.images().size(), render[RUNS / 2], 2 * page.images().size(), sign[RUNS / 2],
                    sign[RUNS / 2] / (2 * page.images().size()));
        }
    }

    /** Loupe's cursor pages cost the same at any depth: walk to image 30,000 and time the page there. */
    private static String cursorWalk(ImageListing listing, DynamoCalls calls, String projectId, int size) {
        ListQuery first = new ListQuery(Set.of(), Set.of(), Optional.empty(), ListSort.NAME, false, 100,
                new ListQuery.After(Optional.empty()));
        Optional<String> cursor = Optional.empty();
        int pages = (int) Math.min(300, size / 100 - 1);
        for (int i = 0; i < pages; i++) {
            cursor = listing.list(projectId, withCursor(first, cursor)).nextCursor();
        }
        ListQuery deep = withCursor(first, cursor);
        ListQuery deep30 = new ListQuery(Set.of(), Set.of(), Optional.empty(), ListSort.NAME, false, LIMIT,
                deep.position());
        double[] times = new double[RUNS];
        DynamoCalls.Counts counts = null;
        for (int i = 0; i < RUNS; i++) {
            calls.reset();
            long started = System.nanoTime();
            listing.list(projectId, deep30);
            times[i] = (System.nanoTime() - started) / 1e6;
            counts = calls.snapshot();
        }
        Arrays.sort(times);
        return String.format(Locale.ROOT, "%,d images, sort=+name, cursor page of 30 after image %,d: %.1f ms, %s",
                size, pages * 100, times[RUNS / 2], counts);
    }

    private static ListQuery withCursor(ListQuery q, Optional<String> cursor) {
        return new ListQuery(q.statuses(), q.extensions(), q.search(), q.sort(), q.descending(), q.limit(),
                new ListQuery.After(cursor));
    }

    private static String table(Map<String, Map<Integer, Measure[]>> results, List<Integer> sizes) {
        int small = sizes.getFirst();
        int large = sizes.getLast();
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "| query | page 1 at %,d | page 1 at %,d | ratio (ms) "
                + "| offset %,d at %,d | goal (issue 19 §3) |%n|---|---|---|---|---|---|%n", small, large,
                deepPage(large), large));
        results.forEach((name, bySize) -> {
            Measure a = bySize.get(small)[0];
            Measure b = bySize.get(large)[0];
            Measure deep = bySize.get(large)[1];
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s |%n", name, cellOf(a), cellOf(b),
                    b.ms / a.ms, cellOf(deep), goal(name, b.ms / a.ms, deep.ms)));
        });
        return table.toString();
    }

    /**
     * The goals: a deep page under 0.5 s for every order with no filter, one extension or one status; page 1
     * of a search at the large size within 1.5 times the small. Other combinations have none (they may cost more).
     */
    private static String goal(String name, double ratio, double deepMs) {
        if (name.equals("search=sun") || name.equals("search=sun&status=archived")) {
            // One word in the default order: the word index's entries in order, the total from its counters.
            return String.format(Locale.ROOT, "page 1 ratio ≤ 1.5: %s", ratio <= 1.5 ? "met" : "MISSED");
        }
        if (name.startsWith("search=")) {
            return String.format(Locale.ROOT, "none: O(matches of the word), not O(library) (ratio ≤ 1.5: %s)",
                    ratio <= 1.5 ? "met" : "missed");
        }
        if (name.startsWith("sort=") || name.equals("extension=png") || name.equals("status=active")) {
            return String.format(Locale.ROOT, "deep page < 500 ms: %s", deepMs < 500 ? "met" : "MISSED");
        }
        return "none (another filter combination)";
    }

    /**
     * Whether {@code -Dloupe.bench.only} keeps a query: empty keeps all, else a comma-separated list of parts of its
     * name ({@code sort=,extension=png,status=active}: the deep-page goals' queries).
     */
    private static boolean selected(String name) {
        String only = System.getProperty("loupe.bench.only", "");
        return only.isBlank() || Arrays.stream(only.split(",")).map(String::trim).filter(part -> !part.isEmpty())
                .anyMatch(name::contains);
    }

    /** /proc/loadavg's first three figures (the machine is shared: every figure is read beside it). */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cellOf(Measure m) {
        return String.format(Locale.ROOT, "%.0f ms%s; %d calls, %,d read", m.ms, m.runs == 1 ? " (1 run)" : "",
                m.counts.calls(), m.counts.itemsRead());
    }

    /** Once through the route, as a client sees it (the function's own process, JSON rendering, presigning). */
    private static String throughHttp(LoupeCloud cloud, Project project) throws IOException, InterruptedException {
        URI base = cloud.baseUri();
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
            throw new IllegalStateException("the bench talks to loopback only, not " + base);
        }
        HttpClient client = HttpClient.newHttpClient();
        StringBuilder lines = new StringBuilder();
        for (String path : List.of("/api/2/images", "/api/2/images?offset=1000", "/api/2/images?sort=%2Bname",
                "/v1/images?sort=name")) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + TokenIssuer.backendToken(project, Clock.systemUTC(), null, null,
                            null)).GET().build();
            client.send(request, HttpResponse.BodyHandlers.ofString()); // the function's cold start
            List<Double> times = new ArrayList<>();
            HttpResponse<String> response = null;
            while (times.size() < RUNS && (times.isEmpty() || times.getFirst() < SLOW_MS)) {
                long started = System.nanoTime();
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
                times.add((System.nanoTime() - started) / 1e6);
            }
            List<Double> sorted = times.stream().sorted().toList();
            lines.append(String.format(Locale.ROOT, "- HTTP GET %s: %d, %,d bytes, median %.1f ms (%d warm runs)%n",
                    path, response.statusCode(), response.body().length(), sorted.get(sorted.size() / 2),
                    sorted.size()));
        }
        return lines.toString();
    }
}
