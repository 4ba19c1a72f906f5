package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import dev.loupe.auth.ProjectKeys;
import dev.loupe.core.dynamo.ProjectItems;
import dev.loupe.core.text.SearchWords;
import dev.loupe.library.Image;
import dev.loupe.library.ImageSeeds;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.ImageWordIndex;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.RankBlocks;
import dev.loupe.library.listing.ImageListing;
import dev.loupe.library.listing.ListPage;
import dev.loupe.library.listing.ListQuery;
import dev.loupe.library.listing.ListSort;
import dev.loupe.local.Backend;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.template.Template;
import dev.loupe.local.testing.DynamoCalls;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedLoupeCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The two one-off commands for a deployment made before the rank blocks and the word index existed
 * ({@code RankBackfill}, {@code WordIndexBackfill}: docs/DESIGN.md, "Rank blocks" and "Image search"), run as an
 * operator runs them: their {@code main} from the library functions' jar, with nothing but the usual AWS variables
 * (region, keys, {@code AWS_ENDPOINT_URL_DYNAMODB}) pointing at the local cloud's DynamoDB. The jar gets them as the
 * local cloud gives a function its environment (its own class loader's environment resource: this JVM's process
 * environment is shared), and a new loader for each run, as each command is a JVM of its own.
 *
 * <p>The project is written as an old deployment left it, into a table of its own with the images table's definition
 * and no stream (the shared cloud's word index consumer would otherwise index the images as they are written): image
 * items without {@code rank_counted} and the bucket counters, no rank blocks, no word index entries nor token counters.
 */
@SharedLoupeCloud.LoupeCloudTest
class BackfillCommandsTest {
    private static final String TABLE = "BackfillCommandsImagesTable";
    /** The command's class path as docs/DESIGN.md gives it. */
    private static final Path JAR = Path.of("functions/library/target/loupe-library.jar");
    private static final int IMAGES = 60;
    private static final int LIMIT = 10;

    @Test
    void anOldDeploymentsProjectTakesTheRankBlocksAndTheWordIndexAfterTheCommandsAndAgainChangesNothing(
            LoupeCloud cloud, @TempDir Path environment) throws Exception {
        Backend backend = cloud.backend();
        DynamoCalls calls = new DynamoCalls();
        try (DynamoDbClient writer = backend.withDynamoDbInterceptor(new ProjectItems()).dynamoDb();
             DynamoDbClient counted = calls.client(backend)) {
            String table = provisionWithoutStream(backend, writer);
            String project = ProjectKeys.newProjectId();
            List<Image> images = ImageSeeds.generate(project, IMAGES, 23);
            writeAsBeforeTheBlocksAndTheIndex(writer, table, images);
            ImageListing listing = new ImageListing(counted, new ImageStore(counted, table));

            // Before: offset pages skip the old way, searches find nothing. On one partition (an unfiltered order) the
            // old way is COUNT queries, which read every key before the page and send none back.
            Map<ListQuery, List<String>> fallback = new LinkedHashMap<>();
            for (ListQuery deep : deepPages(listing, project)) {
                calls.reset();
                ListPage page = listing.list(project, deep);
                assertThat(page.images()).as("%s", deep).hasSize(LIMIT);
                if (onePartition(deep)) {
                    assertThat(readNotSent(calls)).as("the COUNT queries of %s: %s", deep, calls.snapshot())
                            .isGreaterThanOrEqualTo(skip(deep));
                }
                fallback.put(deep, ids(page));
            }
            for (ListQuery search : searches()) {
                ListPage found = listing.list(project, search);
                assertThat(found.images()).as("%s before the index", search.search()).isEmpty();
                assertThat(found.total()).isZero();
            }

            Map<String, Integer> firstRun = new HashMap<>();
            for (String command : List.of("RankBackfill", "WordIndexBackfill")) {
                String printed = run(command, backend.lambdaEnvironment(), environment, table, project);
                firstRun.put(command, done(printed, project));
            }
            assertThat(firstRun.get("RankBackfill")).as("every image counted").isEqualTo(IMAGES);
            assertThat(firstRun.get("WordIndexBackfill")).as("every image with a word indexed").isEqualTo(
                    (int) images.stream().filter(i -> !SearchWords.tokens(i.fileName(), ImageWordIndex.MAX_TOKENS)
                            .isEmpty()).count());
            List<Map<String, AttributeValue>> afterFirst = items(writer, table);
            assertThat(rankBlocks(afterFirst, project)).isEqualTo(RankBlocks.expected(project, images));
            assertThat(tokenCounters(afterFirst, project)).isEqualTo(ImageWordIndex.expectedCounts(images));

            // After: the same pages from the rank blocks (one level of counters says which block the page starts in,
            // its keys are read from the block's edge and sent back), and searches find the images.
            for (var page : fallback.entrySet()) {
                ListQuery deep = page.getKey();
                calls.reset();
                assertThat(ids(listing.list(project, deep))).as("%s", deep).isEqualTo(page.getValue());
                if (onePartition(deep)) {
                    assertThat(readNotSent(calls)).as("no COUNT query for %s: %s", deep, calls.snapshot()).isZero();
                }
            }
            for (ListQuery search : searches()) {
                List<String> words = SearchWords.words(search.search().orElseThrow());
                Set<String> matching = images.stream()
                        .filter(i -> SearchWords.matches(SearchWords.words(i.fileName()), words))
                        .map(Image::imageId).collect(Collectors.toSet());
                ListPage found = listing.list(project, search);
                assertThat(matching).as("the seeds match %s", words).isNotEmpty().hasSizeLessThan(ListQuery.MAX_LIMIT);
                assertThat(found.total()).as("%s", words).isEqualTo(matching.size());
                assertThat(ids(found)).as("%s", words).containsExactlyInAnyOrderElementsOf(matching);
            }

            // Again: nothing to do, and not one item of the table changes.
            for (String command : List.of("RankBackfill", "WordIndexBackfill")) {
                assertThat(done(run(command, backend.lambdaEnvironment(), environment, table, project), project))
                        .as("%s run again", command).isZero();
            }
            assertThat(items(writer, table)).containsExactlyInAnyOrderElementsOf(afterFirst);
        }
    }

    /**
     * Offset pages halfway down: the whole list by name and by newest change, a filter's merge, and the status order's
     * groups (the seeds are 70% active, so the page is inside the first group, not after it: a group before the page
     * is passed over by its counter, on either path).
     */
    private static List<ListQuery> deepPages(ImageListing listing, String project) {
        List<ListQuery> pages = new ArrayList<>();
        record Order(ListSort sort, boolean descending, Set<ImageStatus> statuses, Set<String> extensions) {
        }
        for (Order order : List.of(new Order(ListSort.NAME, false, Set.of(), Set.of()),
                new Order(ListSort.MODIFIEDDATE, true, Set.of(), Set.of()),
                new Order(ListSort.CREATEDBY, false, Set.of(ImageStatus.ACTIVE), Set.of("jpg", "png")),
                new Order(ListSort.STATUS, false, Set.of(), Set.of()))) {
            ListQuery first = new ListQuery(order.statuses(), order.extensions(), Optional.empty(), order.sort(),
                    order.descending(), LIMIT, new ListQuery.Page(0));
            long total = listing.list(project, first).total();
            pages.add(new ListQuery(order.statuses(), order.extensions(), Optional.empty(), order.sort(),
                    order.descending(), LIMIT, new ListQuery.Page(total / 2 / LIMIT)));
        }
        return pages;
    }

    /** One query word in the default order (the token's own order), and two words by name (sorted in memory). */
    private static List<ListQuery> searches() {
        return List.of(
                new ListQuery(Set.of(), Set.of(), Optional.of("sun"), ListSort.MODIFIEDDATE, true,
                        ListQuery.MAX_LIMIT, new ListQuery.Page(0)),
                new ListQuery(Set.of(), Set.of(), Optional.of("sun jpg"), ListSort.NAME, false,
                        ListQuery.MAX_LIMIT, new ListQuery.Page(0)));
    }

    private static boolean onePartition(ListQuery query) {
        return query.statuses().isEmpty() && query.extensions().isEmpty() && query.sort() != ListSort.STATUS
                && query.sort() != ListSort.EXTENSION;
    }

    private static long skip(ListQuery query) {
        return ((ListQuery.Page) query.position()).number() * LIMIT;
    }

    /** Items DynamoDB read for the calls and did not send back: what COUNT queries read. */
    private static long readNotSent(DynamoCalls calls) {
        return calls.snapshot().itemsRead() - calls.snapshot().itemsReturned();
    }

    private static List<String> ids(ListPage page) {
        return page.images().stream().map(Image::imageId).toList();
    }

    /** A table with the images table's definition, keys and indexes, but no stream: nothing indexes behind the test. */
    private static String provisionWithoutStream(Backend backend, DynamoDbClient dynamo) {
        Template template = Fixtures.loupeTemplate();
        Map<String, Object> properties = new LinkedHashMap<>(template.tables().get("ImagesTable"));
        properties.remove("StreamSpecification");
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            return new Provisioner(dynamo, sqs, s3).provision(new Template(template.root(), Map.of(), Map.of(),
                    Map.of(TABLE, properties), Map.of(), Map.of(), Map.of(), List.of(), Map.of(), Map.of()))
                    .tableName(TABLE);
        }
    }

    /**
     * As a deployment before the rank blocks and the word index left a project ({@link ImageSeeds#write} without
     * them): each image's item, never counted in rank blocks, and the bucket counters that every image write kept.
     */
    private static void writeAsBeforeTheBlocksAndTheIndex(DynamoDbClient dynamo, String table, List<Image> images) {
        Map<String, Long> counters = new HashMap<>();
        for (Image image : images) {
            Map<String, AttributeValue> item = new HashMap<>(ImageSeeds.attributes(image));
            item.remove(RankBlocks.COUNTED);
            dynamo.putItem(r -> r.tableName(table).item(item));
            counters.merge(LibraryKeys.counterAttribute(image.status(), image.extension()), 1L, Long::sum);
        }
        String project = images.getFirst().projectId();
        for (var counter : counters.entrySet()) {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(LibraryKeys.countsPk(project)),
                            "sk", AttributeValue.fromS(LibraryKeys.COUNTS_SK)))
                    .updateExpression("ADD #c :n").expressionAttributeNames(Map.of("#c", counter.getKey()))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(counter.getValue().toString()))));
        }
    }

    /**
     * Runs a command's {@code main} from the jar, in a class loader of its own whose environment resource holds
     * {@code variables}, and returns what it printed (also passed on to the console).
     */
    private static String run(String command, Map<String, String> variables, Path dir, String... args)
            throws Exception {
        Path jar = Fixtures.repositoryRoot().resolve(JAR);
        assertThat(jar).as("built by the package phase").exists();
        Path resource = dir.resolve("META-INF/function-environment.properties");
        Files.createDirectories(resource.getParent());
        Properties properties = new Properties();
        properties.putAll(variables);
        try (Writer out = Files.newBufferedWriter(resource)) {
            properties.store(out, null);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(command, new URL[]{dir.toUri().toURL(), jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            System.setOut(new PrintStream(new TeeStream(console, printed), true, StandardCharsets.UTF_8));
            thread.setContextClassLoader(loader);
            loader.loadClass("dev.loupe.library." + command).getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } finally {
            thread.setContextClassLoader(previous);
            System.setOut(console);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** The number a command printed for the project ("{@code <project>: 12 images counted (0.3 s)}"). */
    private static int done(String printed, String project) {
        return printed.lines().filter(line -> line.startsWith(project + ": ")).findFirst()
                .map(line -> Integer.parseInt(line.substring(project.length() + 2).split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no line for " + project + " in: " + printed));
    }

    private static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    /** The project's rank block items, as {@link RankBlocks#expected} has them: "pk sk" to nonzero counts. */
    private static Map<String, Map<String, Long>> rankBlocks(List<Map<String, AttributeValue>> items,
                                                             String project) {
        return counts(items, "P#" + project + "#RB#", item -> item.get("pk").s() + " " + item.get("sk").s());
    }

    /** The project's token counters, as {@link ImageWordIndex#expectedCounts} has them: pk to nonzero counts. */
    private static Map<String, Map<String, Long>> tokenCounters(List<Map<String, AttributeValue>> items,
                                                                String project) {
        return counts(items, "P#" + project + "#WN#", item -> item.get("pk").s());
    }

    private static Map<String, Map<String, Long>> counts(List<Map<String, AttributeValue>> items, String pkPrefix,
                                                         java.util.function.Function<Map<String, AttributeValue>,
                                                                 String> key) {
        Map<String, Map<String, Long>> all = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            if (!item.get("pk").s().startsWith(pkPrefix)) {
                continue;
            }
            Map<String, Long> counts = new HashMap<>();
            item.forEach((name, value) -> {
                if (name.startsWith("n_") && value.n() != null && Long.parseLong(value.n()) != 0) {
                    counts.put(name, Long.parseLong(value.n()));
                }
            });
            if (!counts.isEmpty()) {
                all.put(key.apply(item), counts);
            }
        }
        return all;
    }

    /** What a command prints, to the console and kept. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
