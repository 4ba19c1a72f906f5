package dev.loupe.library.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.DynamoCalls;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.core.http.ApiError;
import dev.loupe.library.Image;
import dev.loupe.library.ImageSeeds;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.Person;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The listing service against DynamoDB Local with the table template.yaml declares, checked against a plain sort of
 * the same records in memory: every order both ways, filters, search, offset and cursor paging, limits, empty lists,
 * other projects, and images that change bucket.
 */
@ExtendWith(SharedEmulators.class)
class ImageListingTest {
    private static final int SEEDED = 300;
    private static DynamoDbClient dynamo;
    private static String table;
    private static ImageStore store;
    private static ImageListing listing;
    private static String projectId;
    private static List<Image> images;
    private static String otherProjectId;
    private static List<Image> otherImages;

    private static final DynamoCalls CALLS = new DynamoCalls();

    @BeforeAll
    static void seed(Emulators emulators) throws Exception {
        Backend backend = Backend.of(emulators);
        dynamo = CALLS.client(backend);
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            table = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate()).tableName("ImagesTable");
        }
        store = new ImageStore(dynamo, table);
        listing = new ImageListing(dynamo, store);
        projectId = ProjectKeys.newProjectId();
        otherProjectId = ProjectKeys.newProjectId();
        images = ImageSeeds.generate(projectId, SEEDED, 4);
        otherImages = ImageSeeds.generate(otherProjectId, 40, 5);
        List<Image> all = new ArrayList<>(images);
        all.addAll(otherImages);
        ImageSeeds.write(dynamo, table, all, 2, done -> { });
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    // ---------------------------------------------------------------- the expected order, computed independently

    /** DynamoDB's string order: UTF-8 bytes, unsigned. */
    private static final Comparator<String> BYTES = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static Comparator<Image> by(Function<Image, String> key) {
        return Comparator.comparing(key, BYTES);
    }

    static Comparator<Image> expectedOrder(ListSort sort, boolean descending) {
        Comparator<Image> id = by(Image::imageId);
        Comparator<Image> newestFirst = Comparator.comparing(Image::modified).thenComparing(id).reversed();
        Comparator<Image> order = switch (sort) {
            case NAME -> by(i -> lower(i.fileName())).thenComparing(id);
            case CREATEDBY -> by((Image i) -> lower(i.createdBy().name())).thenComparing(Image::created)
                    .thenComparing(id);
            case CREATEDDATE -> Comparator.comparing(Image::created).thenComparing(id);
            case MODIFIEDDATE -> Comparator.comparing(Image::modified).thenComparing(id);
            case STATUS -> Comparator.comparing((Image i) -> descending ? -i.status().listingNumber()
                    : i.status().listingNumber()).thenComparing(newestFirst);
            case EXTENSION -> Comparator.comparing(Image::extension, descending ? Comparator.<String>reverseOrder()
                    : Comparator.<String>naturalOrder()).thenComparing(newestFirst);
        };
        return descending && !sort.grouped() ? order.reversed() : order;
    }

    static List<String> expected(List<Image> source, ListQuery query) {
        return source.stream()
                .filter(i -> query.statuses().isEmpty() || query.statuses().contains(i.status()))
                .filter(i -> query.extensions().isEmpty() || query.extensions().contains(i.extension()))
                .filter(i -> query.search().map(q -> wordPrefixMatch(i.fileName(), q)).orElse(true))
                .sorted(expectedOrder(query.sort(), query.descending()))
                .map(Image::imageId).toList();
    }

    /**
     * Search by word prefix, computed plainly: accents stripped (NFKD without combining marks), lowercased, split on
     * what is not a letter or digit; every word of the query begins some word of the name.
     */
    static boolean wordPrefixMatch(String name, String query) {
        List<String> nameWords = plainWords(name);
        return plainWords(query).stream().allMatch(q -> nameWords.stream().anyMatch(w -> w.startsWith(q)));
    }

    private static List<String> plainWords(String text) {
        String plain = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        plain = java.text.Normalizer.normalize(lower(plain), java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return Arrays.stream(plain.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    private static ListQuery query(ListSort sort, boolean descending, Set<ImageStatus> statuses,
                                   Set<String> extensions, Optional<String> search, int limit,
                                   ListQuery.Position position) {
        return new ListQuery(statuses, extensions, search, sort, descending, limit, position);
    }

    private static ListQuery page(ListQuery q, long number) {
        return new ListQuery(q.statuses(), q.extensions(), q.search(), q.sort(), q.descending(), q.limit(),
                new ListQuery.Page(number));
    }

    private static ListQuery after(ListQuery q, Optional<String> cursor) {
        return new ListQuery(q.statuses(), q.extensions(), q.search(), q.sort(), q.descending(), q.limit(),
                new ListQuery.After(cursor));
    }

    private static List<String> ids(ListPage page) {
        return page.images().stream().map(Image::imageId).toList();
    }

    /** Every cursor page from the first; checks each page's size and total on the way. */
    private static List<String> walk(String project, ListQuery q, long expectedTotal) {
        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages of %s", q).isLessThan(1_000);
            ListPage page = listing.list(project, after(q, cursor));
            assertThat(page.total()).as("total of %s", q).isEqualTo(expectedTotal);
            seen.addAll(ids(page));
            if (page.nextCursor().isEmpty()) {
                return seen;
            }
            assertThat(page.images()).as("a page with a next one is full").hasSize(q.limit());
            cursor = page.nextCursor();
        }
    }

    private static void checkOffsetPages(ListQuery q, List<String> want) {
        int limit = q.limit();
        long last = want.isEmpty() ? 0 : (want.size() - 1) / limit;
        for (long number : new long[]{0, last / 2, last, last + 1, 1_000_000}) {
            ListPage page = listing.list(projectId, page(q, number));
            int from = (int) Math.min(want.size(), number * limit);
            int to = (int) Math.min(want.size(), from + (long) limit);
            assertThat(ids(page)).as("page %d of %s", number, q).isEqualTo(want.subList(from, to));
            assertThat(page.total()).as("total of %s", q).isEqualTo(want.size());
            assertThat(page.totalCount()).isEqualTo(SEEDED);
            assertThat(page.nextCursor()).isEmpty();
        }
    }

    /**
     * Filters (statuses, extensions) that take each path: none, and both statuses with every extension (the all-sort
     * partition); one status with one extension, and the other with three (merges of buckets).
     */
    private static final List<List<Set<?>>> FILTERS = List.of(List.of(Set.of(), Set.of()),
            List.of(Set.of(ImageStatus.ACTIVE, ImageStatus.ARCHIVED), Set.copyOf(Extensions.ALL)),
            List.of(Set.of(ImageStatus.ACTIVE), Set.of("png")),
            List.of(Set.of(ImageStatus.ARCHIVED), Set.of("jpg", "gif", "webp")));

    // ---------------------------------------------------------------- orders, filters, paging

    @Test
    @SuppressWarnings("unchecked")
    void everyOrderBothWaysMatchesAPlainSortWithAndWithoutFilters() {
        int combinations = 0;
        for (ListSort sort : ListSort.values()) {
            for (boolean descending : new boolean[]{false, true}) {
                for (List<Set<?>> filter : FILTERS) {
                    var statuses = (Set<ImageStatus>) filter.get(0);
                    var extensions = (Set<String>) filter.get(1);
                    ListQuery q = query(sort, descending, statuses, extensions, Optional.empty(), 9,
                            new ListQuery.Page(0));
                    List<String> want = expected(images, q);
                    assertThat(want).as("the seed gives %s something to list", q).isNotEmpty();
                    checkOffsetPages(q, want);
                    List<String> walked = walk(projectId, query(sort, descending, statuses, extensions,
                            Optional.empty(), 50, new ListQuery.After(Optional.empty())), want.size());
                    assertThat(walked).as("cursor pages of %s", q).isEqualTo(want);
                    combinations++;
                }
            }
        }
        assertThat(combinations).isEqualTo(ListSort.values().length * 2 * FILTERS.size());
    }

    /**
     * Search by word prefix (the word index, ImageWordIndex), against the plain computation: case, accents (étoile,
     * Zürich), full-width letters (ｌｏｇｏ), CJK, several words, filters, every order both ways, offset and cursor
     * pages, and the exact total. The substring search this replaced also found "sun" inside a word; none of the
     * seeded words has it there, so the first case lists what it always did.
     */
    @Test
    void searchFindsNamesWithAWordBeginningWithEachWordWithoutRegardToCaseOrAccents() {
        for (String text : List.of("SUN", "日本", "Étoi", "logo", "sun jpg", "PNG_1")) {
            for (ListSort sort : ListSort.values()) {
                for (boolean descending : new boolean[]{false, true}) {
                    for (Set<String> extensions : List.of(Set.<String>of(), Set.of("png", "jpg"))) {
                        ListQuery q = query(sort, descending, Set.of(), extensions, Optional.of(text), 9,
                                new ListQuery.Page(0));
                        List<String> want = expected(images, q);
                        if (extensions.isEmpty()) {
                            assertThat(want).as("the seed has names with %s", text).isNotEmpty();
                        }
                        assertThat(want.size()).as("a search narrows the list").isLessThan(SEEDED);
                        checkOffsetPages(q, want);
                        assertThat(walk(projectId, after(q, Optional.empty()), want.size()))
                                .as("cursor pages of %s", q).isEqualTo(want);
                    }
                }
            }
        }
        // What the new semantics change: text inside a word ("unset" in "sunset") is no longer found.
        ListQuery inside = query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(), Optional.of("unset"), 9,
                new ListQuery.Page(0));
        assertThat(images).anyMatch(i -> lower(i.fileName()).contains("unset"));
        assertThat(listing.list(projectId, inside).total()).isZero();
        ListQuery archived = query(ListSort.MODIFIEDDATE, true, Set.of(ImageStatus.ARCHIVED), Set.of("png"),
                Optional.of("su"), 4, new ListQuery.After(Optional.empty()));
        List<String> want = expected(images, archived);
        assertThat(want).isNotEmpty();
        assertThat(walk(projectId, archived, want.size())).isEqualTo(want);
        checkOffsetPages(archived, want);
    }

    /** Page 1 of a one-word search in the default order reads the page's entries and two counters, nothing more. */
    @Test
    void aOneWordSearchInTheDefaultOrderReadsItsPageNotItsMatches() {
        ListQuery q = query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(), Optional.of("sun"), 5,
                new ListQuery.After(Optional.empty()));
        long matches = expected(images, q).size();
        assertThat(matches).isGreaterThan(20);
        CALLS.reset();
        ListPage first = listing.list(projectId, q);
        assertThat(first.total()).isEqualTo(matches);
        assertThat(CALLS.snapshot().byOperation()).as("counters, the token's counters, one query, the images")
                .isEqualTo(Map.of("GetItem", 2L, "Query", 1L, "BatchGetItem", 1L));
        assertThat(CALLS.snapshot().itemsRead()).as("the page's entries (one more), the page's images and two "
                + "counters items").isLessThanOrEqualTo(5 + 1 + 5 + 2);
    }

    @Test
    void aSearchThatMatchesNothingAndAProjectWithoutImagesAreEmpty() {
        ListPage none = listing.list(projectId, query(ListSort.NAME, false, Set.of(), Set.of(),
                Optional.of("no such name"), 30, new ListQuery.After(Optional.empty())));
        assertThat(none.images()).isEmpty();
        assertThat(none.total()).isZero();
        assertThat(none.totalCount()).isEqualTo(SEEDED);
        assertThat(none.nextCursor()).isEmpty();

        String empty = ProjectKeys.newProjectId();
        for (ListSort sort : ListSort.values()) {
            ListPage page = listing.list(empty, query(sort, true, Set.of(), Set.of(), Optional.empty(), 30,
                    new ListQuery.Page(0)));
            assertThat(page.images()).isEmpty();
            assertThat(page.total()).isZero();
            assertThat(page.totalCount()).isZero();
        }
    }

    @Test
    void limitsFromOneToAHundredPageExactly() {
        ListQuery small = query(ListSort.CREATEDDATE, false, Set.of(ImageStatus.ARCHIVED), Set.of("png", "gif"),
                Optional.empty(), 1, new ListQuery.After(Optional.empty()));
        List<String> want = expected(images, small);
        assertThat(want.size()).isBetween(5, 60);
        assertThat(walk(projectId, small, want.size())).isEqualTo(want);

        ListQuery exact = query(ListSort.CREATEDDATE, false, Set.of(ImageStatus.ARCHIVED), Set.of("png", "gif"),
                Optional.empty(), want.size(), new ListQuery.After(Optional.empty()));
        ListPage whole = listing.list(projectId, exact);
        assertThat(ids(whole)).isEqualTo(want);
        assertThat(whole.nextCursor()).as("nothing follows a page that ends the list").isEmpty();
        assertThat(listing.list(projectId, page(exact, 1)).images()).isEmpty();

        ListQuery hundred = query(ListSort.NAME, true, Set.of(), Set.of(), Optional.empty(), 100,
                new ListQuery.After(Optional.empty()));
        assertThat(walk(projectId, hundred, SEEDED)).isEqualTo(expected(images, hundred));
    }

    @Test
    void anotherProjectsImagesNeverShow() {
        Set<String> mine = new HashSet<>(images.stream().map(Image::imageId).toList());
        ListQuery q = query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(), Optional.empty(), 100,
                new ListQuery.After(Optional.empty()));
        List<String> theirs = walk(otherProjectId, q, otherImages.size());
        assertThat(theirs).isEqualTo(expected(otherImages, q)).doesNotContainAnyElementsOf(mine);
        assertThat(listing.list(otherProjectId, q).totalCount()).isEqualTo(otherImages.size());
        assertThat(walk(projectId, q, SEEDED)).doesNotContainAnyElementsOf(theirs);
    }

    @Test
    void aCursorOnlyContinuesItsOwnListing() {
        ListQuery byName = query(ListSort.NAME, false, Set.of(), Set.of(), Optional.empty(), 5,
                new ListQuery.After(Optional.empty()));
        String cursor = listing.list(projectId, byName).nextCursor().orElseThrow();
        ListQuery byDate = query(ListSort.CREATEDDATE, false, Set.of(), Set.of(), Optional.empty(), 5,
                new ListQuery.After(Optional.of(cursor)));
        ListQuery filtered = query(ListSort.NAME, false, Set.of(), Set.of("png"), Optional.empty(), 5,
                new ListQuery.After(Optional.of(cursor)));
        for (ListQuery wrong : List.of(byDate, filtered, after(byName, Optional.of("not-a-cursor!")),
                after(byName, Optional.of("e30")))) {
            assertThatThrownBy(() -> listing.list(projectId, wrong)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.param()).contains("cursor");
            });
        }
        // The page size may change between pages.
        ListPage next = listing.list(projectId, query(ListSort.NAME, false, Set.of(), Set.of(), Optional.empty(), 7,
                new ListQuery.After(Optional.of(cursor))));
        assertThat(ids(next)).isEqualTo(expected(images, byName).subList(5, 12));
    }

    @Test
    void aMergeOrdersNamesAsDynamoDbDoesByUtf8NotUtf16() throws Exception {
        // U+FF4C sorts below U+1F600 in UTF-8 (DynamoDB) but above its surrogates in UTF-16 (String.compareTo).
        String project = ProjectKeys.newProjectId();
        List<Image> seeds = ImageSeeds.generate(project, 4, 9);
        String[] names = {"ｌｏｇｏ 2.png", "ｌｏｇｏ.jpg", "😀 2.jpg", "😀.png"};
        List<Image> named = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String extension = names[i].substring(names[i].lastIndexOf('.') + 1);
            named.add(seeds.get(i).toBuilder().imageId("n" + i).fileName(names[i]).extension(extension)
                    .status(ImageStatus.ACTIVE).build());
        }
        ImageSeeds.write(dynamo, table, named, 1, done -> { });
        assertThat(ImageListing.compareAsDynamoDb("ｌ", "😀")).isNegative();
        assertThat("ｌ".compareTo("😀")).isPositive();
        ListQuery q = query(ListSort.NAME, false, Set.of(), Set.of("png", "jpg"), Optional.empty(), 10,
                new ListQuery.Page(0));
        assertThat(ids(listing.list(project, q))).containsExactly("n0", "n1", "n2", "n3");
        assertThat(ids(listing.list(project, query(ListSort.NAME, true, Set.of(), Set.of("png", "jpg"),
                Optional.empty(), 10, new ListQuery.Page(0))))).containsExactly("n3", "n2", "n1", "n0");
    }

    // ---------------------------------------------------------------- cost

    @Test
    void noPathScansAndAPageCostsTheSameCallsWhereverItIs() {
        ListQuery byName = query(ListSort.NAME, false, Set.of(), Set.of(), Optional.empty(), 10,
                new ListQuery.After(Optional.empty()));
        CALLS.reset();
        ListPage first = listing.list(projectId, byName);
        // The counters, one query of the all-name partition, one BatchGet.
        assertThat(CALLS.snapshot().byOperation()).isEqualTo(Map.of("GetItem", 1L, "Query", 1L, "BatchGetItem", 1L));
        assertThat(CALLS.snapshot().itemsRead()).isEqualTo(1 + 11 + 10);
        ListPage next = first;
        for (int i = 0; i < 20; i++) {
            next = listing.list(projectId, after(byName, next.nextCursor()));
        }
        CALLS.reset();
        listing.list(projectId, after(byName, next.nextCursor()));
        assertThat(CALLS.snapshot().byOperation()).as("a cursor page deep in the list")
                .isEqualTo(Map.of("GetItem", 1L, "Query", 1L, "BatchGetItem", 1L));

        CALLS.reset();
        listing.list(projectId, page(byName, 25));
        // Rank blocks (RankBlocks): one level of block counters says where image 250 is, and one query reads the
        // keys of that block only, from its edge (300 images: the first level's blocks are leaves already).
        assertThat(CALLS.snapshot().byOperation()).as("an offset page: one level of rank blocks, then its keys")
                .isEqualTo(Map.of("GetItem", 1L, "Query", 2L, "BatchGetItem", 1L));
        assertThat(CALLS.snapshot().itemsReturned()).as("fewer keys read than skipped").isLessThan(250);

        CALLS.reset();
        for (ListSort sort : ListSort.values()) {
            for (Set<String> extensions : List.of(Set.<String>of(), Set.of("png", "bmp"))) {
                for (Optional<String> search : List.of(Optional.<String>empty(), Optional.of("sun"))) {
                    ListQuery q = query(sort, true, Set.of(ImageStatus.ACTIVE), extensions, search, 10,
                            new ListQuery.Page(3));
                    listing.list(projectId, q);
                    listing.list(projectId, after(q, Optional.empty()));
                }
            }
        }
        assertThat(CALLS.snapshot().byOperation().keySet()).containsOnly("GetItem", "Query", "BatchGetItem");
    }

    // ---------------------------------------------------------------- images that change

    @Test
    void archivingAndDeletingMoveImagesBetweenBucketsAndCounters() {
        String project = ProjectKeys.newProjectId();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<Image> live = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Image pending = new Image.Builder().projectId(project).imageId("img-" + i).fileName("photo " + i + ".jpg")
                    .status(ImageStatus.PENDING).extension("jpg").md5("0".repeat(32))
                    .objectKey(LibraryKeys.originalKey(project, "img-" + i, "photo.jpg"))
                    .createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(now).modified(now.plusSeconds(i))
                    .version(1).build();
            assertThat(store.putPending(pending)).isTrue();
            Image active = pending.toBuilder().status(ImageStatus.ACTIVE).fileSize(1000).width(10).height(10).build();
            assertThat(store.replace(pending, active)).isTrue();
            live.add(active.toBuilder().version(2).build());
        }
        ListQuery all = query(ListSort.MODIFIEDDATE, true, Set.of(), Set.of(), Optional.empty(), 30,
                new ListQuery.Page(0));
        ListQuery archived = query(ListSort.MODIFIEDDATE, true, Set.of(ImageStatus.ARCHIVED), Set.of(),
                Optional.empty(), 30, new ListQuery.Page(0));
        ListQuery active = query(ListSort.NAME, false, Set.of(ImageStatus.ACTIVE), Set.of("jpg"), Optional.empty(),
                30, new ListQuery.Page(0));
        assertThat(ids(listing.list(project, all))).containsExactly("img-3", "img-2", "img-1", "img-0");
        assertThat(store.counters(project)).containsExactlyEntriesOf(Map.of("n_active_jpg", 4L));

        Image one = live.get(1);
        Image archivedOne = one.toBuilder().status(ImageStatus.ARCHIVED).modified(now.plusSeconds(60)).build();
        assertThat(store.replace(one, archivedOne)).isTrue();
        assertThat(store.counters(project)).isEqualTo(Map.of("n_active_jpg", 3L, "n_archived_jpg", 1L));
        assertThat(ids(listing.list(project, archived))).containsExactly("img-1");
        assertThat(ids(listing.list(project, active))).containsExactly("img-0", "img-2", "img-3");
        assertThat(ids(listing.list(project, all))).containsExactly("img-1", "img-3", "img-2", "img-0");

        Image two = live.get(2);
        assertThat(store.replace(two, two.toBuilder().status(ImageStatus.DELETED).build())).isTrue();
        ListPage afterDelete = listing.list(project, all);
        assertThat(ids(afterDelete)).containsExactly("img-1", "img-3", "img-0");
        assertThat(afterDelete.total()).isEqualTo(3);
        assertThat(afterDelete.totalCount()).isEqualTo(3);
        assertThat(ids(listing.list(project, active))).containsExactly("img-0", "img-3");
        assertThat(listing.list(project, page(query(ListSort.STATUS, false, Set.of(), Set.of(), Optional.empty(), 2,
                new ListQuery.Page(0)), 1)).images()).extracting(Image::imageId).containsExactly("img-1");
    }

    // ---------------------------------------------------------------- access

    @Test
    void adminsEditorsAndTheBackendListViewersAndBrowsersMayNot() {
        Project project = new Project(projectId, ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(), "test",
                List.of());
        ListQuery q = query(ListSort.NAME, false, Set.of(), Set.of(), Optional.empty(), 3, new ListQuery.Page(0));
        for (Caller allowed : List.of(caller(project, false, null), caller(project, false, Role.ADMIN),
                caller(project, false, Role.EDITOR))) {
            assertThat(listing.list(allowed, q).images()).hasSize(3);
        }
        for (Caller refused : List.of(caller(project, false, Role.VIEWER), caller(project, true, null))) {
            assertThatThrownBy(() -> listing.list(refused, q)).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.status()).isEqualTo(403));
        }
    }

    private static Caller caller(Project project, boolean browser, Role role) {
        return new Caller(project, browser, Optional.ofNullable(role).map(r -> "user-" + r),
                Optional.ofNullable(role).map(r -> "User " + r), Optional.ofNullable(role), Optional.empty());
    }
}
