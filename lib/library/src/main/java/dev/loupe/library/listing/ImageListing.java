package dev.loupe.library.listing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.text.SearchWords;
import dev.loupe.library.Image;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.ImageWordIndex;
import dev.loupe.library.LibraryAccess;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.RankBlocks;
import dev.loupe.library.listing.KeyStream.Partition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A project's images, a page at a time, in any of the listing's orders and filters, without a scan and without
 * counting: totals come from the bucket counters that every image write keeps (docs/DESIGN.md, "Image listing").
 *
 * <p>The plan: an order with no filter reads the one {@code all-<sort>} partition; with filters, it merges the
 * matching buckets' {@code bucket-<sort>} partitions (at most 2 statuses x 6 extensions); status and extension
 * orders are groups of buckets one after the other, each merged newest change first, and whole groups are skipped
 * with the counters. Only keys are read until the page is chosen; then one BatchGet fetches its images. A search reads
 * the word index of names ({@link ImageWordIndex}) instead: in the default order (modification time) with one query
 * word, the token's entries in order and its counters for the total; otherwise every entry of the query's longest
 * word, sorted in memory (O(matches), never O(library)). Both API surfaces (the image list API's
 * {@code /api/2/images} and Loupe's {@code /v1/images}) call this.
 */
public final class ImageListing {
    private static final String ALL_KEY = "list_all_pk";
    private static final String BUCKET_KEY = "list_pk";
    /** Every bucket's counter attribute: what the project-wide partition holds. */
    private static final List<String> ALL_COUNTERS = List.of(ImageStatus.ACTIVE, ImageStatus.ARCHIVED).stream()
            .flatMap(s -> Extensions.ALL.stream().map(e -> LibraryKeys.counterAttribute(s, e))).toList();

    private final DynamoDbClient dynamo;
    private final ImageStore store;
    private final RankBlocks ranks;
    private final ImageWordIndex words;

    public ImageListing(DynamoDbClient dynamo, ImageStore store) {
        this(dynamo, store, RankBlocks.LEAF);
    }

    /** @param rankLeaf the rank blocks' leaf size ({@link RankBlocks#LEAF}); tests make it small */
    public ImageListing(DynamoDbClient dynamo, ImageStore store, long rankLeaf) {
        this.dynamo = dynamo;
        this.store = store;
        this.ranks = new RankBlocks(dynamo, store.tableName(), rankLeaf);
        this.words = new ImageWordIndex(dynamo, store.tableName());
    }

    /**
     * One page of the caller's project. As the image list API has it: admins, editors and the project's backend list;
     * a viewer and a browser token (made from the public key alone) may not enumerate the library.
     */
    public ListPage list(Caller caller, ListQuery query) {
        // The same callers who may change the library: a list enumerates it, which viewing one unguessable id does not.
        LibraryAccess.requireList(caller, "the library");
        return list(caller.projectId(), query);
    }

    /** A page of a project's listing, for a caller already allowed to list it. */
    public ListPage list(String projectId, ListQuery query) {
        Map<String, Long> counters = store.counters(projectId);
        long totalCount = counters.values().stream().mapToLong(n -> Math.max(0, n)).sum();
        Optional<ListCursor> cursor = query.position() instanceof ListQuery.After(Optional<String> token)
                ? token.map(t -> ListCursor.decode(t, query)) : Optional.empty();
        if (query.search().isPresent()) {
            return search(projectId, query, counters, totalCount, cursor);
        }
        List<Group> groups = plan(projectId, query, counters, totalCount, false);
        return page(projectId, query, groups, totalCount, cursor);
    }

    /** The page of a planned listing (the groups' sizes give the total), by offset or after a cursor. */
    private ListPage page(String projectId, ListQuery query, List<Group> groups, long totalCount,
                          Optional<ListCursor> cursor) {
        long total = groups.stream().mapToLong(Group::size).sum();
        if (total == 0) {
            return new ListPage(List.of(), 0, totalCount, Optional.empty());
        }
        return switch (query.position()) {
            case ListQuery.Page(long number) -> byOffset(projectId, query, groups, total, totalCount, number);
            case ListQuery.After after -> byCursor(projectId, query, groups, total, totalCount, cursor);
        };
    }

    // ---------------------------------------------------------------- paging

    private ListPage byOffset(String projectId, ListQuery query, List<Group> groups, long total, long totalCount,
                              long pageNumber) {
        long skip = saturatedProduct(pageNumber, query.limit());
        if (skip >= total) {
            return new ListPage(List.of(), total, totalCount, Optional.empty());
        }
        List<String> ids = new ArrayList<>();
        int g = 0;
        // Whole groups are passed over by their sizes, without a read.
        while (g < groups.size() && groups.get(g).size() <= skip) {
            skip -= groups.get(g).size();
            g++;
        }
        for (; g < groups.size() && ids.size() < query.limit(); g++) {
            Merge merge;
            if (skip > 0) {
                merge = landInBlock(projectId, groups.get(g), skip, query).orElse(null);
                if (merge == null) {
                    merge = open(groups.get(g), query, Optional.empty());
                    skipWithin(merge, groups.get(g), skip, query);
                }
                skip = 0;
            } else {
                merge = open(groups.get(g), query, Optional.empty());
                merge.prime();
            }
            while (ids.size() < query.limit() && merge.peek() != null) {
                ids.add(imageId(merge.poll()));
            }
        }
        return new ListPage(fetch(projectId, ids, query), total, totalCount, Optional.empty());
    }

    private ListPage byCursor(String projectId, ListQuery query, List<Group> groups, long total, long totalCount,
                              Optional<ListCursor> cursor) {
        int first = cursor.map(ListCursor::group).orElse(0);
        List<String> values = new ArrayList<>();
        List<Integer> valueGroups = new ArrayList<>();
        // One more than the page, to know whether a next page follows.
        for (int g = first; g < groups.size() && values.size() <= query.limit(); g++) {
            Optional<String> after = g == first ? cursor.map(ListCursor::after) : Optional.empty();
            Merge merge = open(groups.get(g), query, after);
            merge.prime();
            while (values.size() <= query.limit() && merge.peek() != null) {
                values.add(merge.poll());
                valueGroups.add(g);
            }
        }
        Optional<String> next = Optional.empty();
        if (values.size() > query.limit()) {
            int last = query.limit() - 1;
            next = Optional.of(new ListCursor(ListCursor.fingerprint(query), valueGroups.get(last), values.get(last))
                    .encode());
            values = values.subList(0, query.limit());
        }
        List<String> ids = values.stream().map(ImageListing::imageId).toList();
        return new ListPage(fetch(projectId, ids, query), total, totalCount, next);
    }

    /**
     * A group's merge {@code skip} keys on, from its rank blocks: the counters say which block the page starts in and
     * how many of that block's keys come before it; each partition is read from the block's edge (a key condition),
     * just that many keys at most and then the page. Empty for a search's group (its matches are in memory), or when
     * the rank blocks don't account for the group (images not yet counted: {@link RankBlocks#backfill}).
     */
    private Optional<Merge> landInBlock(String projectId, Group group, long skip, ListQuery query) {
        if (group.matches() != null) {
            return Optional.empty();
        }
        List<String> counters = group.partitions().stream().flatMap(p -> p.counters().stream()).toList();
        boolean descending = descending(query);
        Optional<RankBlocks.Landing> found = ranks.locate(projectId, query.sort().sortAttribute(), counters,
                descending, skip, group.size());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RankBlocks.Landing landing = found.get();
        // Ascending: from the block's first key (the prefix itself at the earliest); descending: from its last, below
        // the first string past every value with the prefix.
        String edge = descending ? successor(landing.prefix()) : landing.prefix();
        List<Keys> sources = new ArrayList<>();
        List<KeyStream> streams = new ArrayList<>();
        for (Partition partition : group.partitions()) {
            long inBlock = partition.counters().stream().mapToLong(c -> landing.counts().getOrDefault(c, 0L)).sum();
            KeyStream stream = new KeyStream(dynamo, store.tableName(), partition, query.sort().sortAttribute(),
                    descending, Optional.of(edge), !descending,
                    (int) Math.min(KeyStream.MAX_CHUNK, Math.min(inBlock, landing.within()) + query.limit() + 1));
            sources.add(stream);
            streams.add(stream);
        }
        Comparator<String> order = ImageListing::compareAsDynamoDb;
        Merge merge = new Merge(sources, descending ? order.reversed() : order);
        merge.prime();
        for (long i = 0; i < landing.within() && merge.poll() != null; i++) {
            // skipping inside the block
        }
        streams.forEach(KeyStream::pageSizedReads);
        return Optional.of(merge);
    }

    /** The first string after every string that begins with {@code prefix}: its last code point plus one. */
    static String successor(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        int next = last == 0xD7FF ? 0xE000 : last + 1;
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(next);
    }

    /**
     * Moves a group's merge {@code skip} keys on. A search's matches are in memory already. One partition otherwise:
     * COUNT queries (DynamoDB reads the keys and sends none). Several: each partition first reads about its share of
     * the skip (its size in proportion) in a few large keys-only calls, so the merge reads little more than it skips;
     * a partition whose share was underestimated grows its reads.
     */
    private static void skipWithin(Merge merge, Group group, long skip, ListQuery query) {
        if (group.matches() == null && merge.sources.size() == 1) {
            ((KeyStream) merge.sources.getFirst()).skipByCount(skip);
            return;
        }
        if (group.matches() == null) {
            double fraction = (double) skip / Math.max(1, group.size());
            for (Keys source : merge.sources) {
                KeyStream stream = (KeyStream) source;
                stream.chunk((long) Math.ceil(fraction * stream.partition().count()) + query.limit() + 1);
            }
            merge.prime();
        }
        for (long i = 0; i < skip && merge.poll() != null; i++) {
            // skipping
        }
        if (group.matches() == null) {
            merge.sources.forEach(source -> ((KeyStream) source).pageSizedReads());
        }
    }

    /** The page's images in the page's order; any that changed since the index was read no longer show. */
    private List<Image> fetch(String projectId, List<String> ids, ListQuery query) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return store.findAll(projectId, ids).stream().filter(image -> stillMatches(image, query)).toList();
    }

    /** The indexes are eventually consistent: an image deleted, archived or renamed a moment ago may still be in it. */
    private static boolean stillMatches(Image image, ListQuery query) {
        return image.status().listed()
                && (query.statuses().isEmpty() || query.statuses().contains(image.status()))
                && (query.extensions().isEmpty() || query.extensions().contains(image.extension()))
                && query.search().map(q -> SearchWords.matches(SearchWords.words(image.fileName()),
                SearchWords.words(q))).orElse(true);
    }

    // ---------------------------------------------------------------- search

    /**
     * A search page, from the word index of names ({@link ImageWordIndex}): the images whose name has a word beginning
     * with each word of the search. The entries of the query's longest word are read (the likeliest to be rare);
     * with one query word in modification order, only as many as the page needs, and the total is the token's
     * counters for the buckets asked. Any other order, or a query of several words (whose matches no counter holds),
     * reads all the token's entries and sorts or filters them in memory: O(matches of that word).
     */
    private ListPage search(String projectId, ListQuery query, Map<String, Long> counters, long totalCount,
                            Optional<ListCursor> cursor) {
        List<String> queryWords = SearchWords.words(query.search().orElseThrow());
        Optional<String> longest = queryWords.stream().filter(w -> SearchWords.length(w) >= SearchWords.MIN_TOKEN_LENGTH)
                .max(Comparator.comparingInt(SearchWords::length));
        if (longest.isEmpty()) {
            // ListParams refuses such a search; a query made otherwise finds nothing rather than everything.
            return new ListPage(List.of(), 0, totalCount, Optional.empty());
        }
        String token = SearchWords.token(longest.get());
        List<String> buckets = new ArrayList<>();
        query.statusesToRead().forEach(s -> query.extensionsToRead().forEach(e -> buckets.add(
                LibraryKeys.counterAttribute(s, e))));
        boolean counted = queryWords.size() == 1 && SearchWords.length(longest.get()) <= SearchWords.MAX_TOKEN_LENGTH;
        if (counted && query.sort() == ListSort.MODIFIEDDATE) {
            return searchInOrder(projectId, query, token, buckets, totalCount, cursor);
        }
        Set<String> wanted = Set.copyOf(buckets);
        Map<String, List<ImageWordIndex.Entry>> byBucket = new HashMap<>();
        for (ImageWordIndex.Entry entry : words.all(projectId, token)) {
            if (wanted.contains(entry.bucket()) && SearchWords.matches(entry.words(), queryWords)) {
                byBucket.computeIfAbsent(entry.bucket(), b -> new ArrayList<>()).add(entry);
            }
        }
        String attribute = query.sort().sortAttribute();
        Comparator<String> order = ImageListing::compareAsDynamoDb;
        Comparator<String> direction = descending(query) ? order.reversed() : order;
        List<Group> groups = new ArrayList<>();
        for (Group planned : plan(projectId, query, counters, totalCount, true)) {
            List<List<String>> matches = planned.partitions().stream()
                    .map(p -> byBucket.getOrDefault(p.counters().getFirst(), List.of()).stream()
                            .map(e -> e.sortValue(attribute)).sorted(direction).toList()).toList();
            groups.add(new Group(planned.partitions(), matches.stream().map(m -> (long) m.size()).toList(), matches));
        }
        if (cursor.isPresent() && cursor.get().group() < groups.size()) {
            // The cursor's group resumes after its last value: the matches in memory start there.
            int g = cursor.get().group();
            String last = cursor.get().after();
            Group resumed = groups.get(g);
            groups.set(g, new Group(resumed.partitions(), resumed.sizes(), resumed.matches().stream()
                    .map(m -> m.stream().filter(v -> direction.compare(v, last) > 0).toList()).toList()));
        }
        return page(projectId, query, groups, totalCount, cursor);
    }

    /**
     * A one-word search in modification order: the token's entries are in that order already (their sort key is the
     * image's {@code s_modified}), so the page reads its own entries (plus those of other buckets when filtered, and
     * those an offset skips), and the total is read from the token's counters.
     */
    private ListPage searchInOrder(String projectId, ListQuery query, String token, List<String> buckets,
                                   long totalCount, Optional<ListCursor> cursor) {
        Map<String, Long> counts = words.counts(projectId, token);
        long total = buckets.stream().mapToLong(b -> counts.getOrDefault(b, 0L)).sum();
        boolean filtered = buckets.size() < ListQuery.BUCKETS;
        Set<String> wanted = Set.copyOf(buckets);
        long skip = 0;
        int want = query.limit();
        Optional<String> after = Optional.empty();
        switch (query.position()) {
            case ListQuery.Page(long number) -> skip = saturatedProduct(number, query.limit());
            case ListQuery.After ignored -> {
                after = cursor.map(ListCursor::after);
                // One more than the page, to know whether a next page follows.
                want = query.limit() + 1;
            }
        }
        if (total == 0 || skip >= total) {
            return new ListPage(List.of(), total, totalCount, Optional.empty());
        }
        List<String> values = new ArrayList<>();
        // Filtered, the buckets asked hold their share of the token's entries: read enough to expect the page.
        long all = counts.values().stream().mapToLong(Long::longValue).sum();
        double share = filtered ? Math.max(0.01, (double) total / Math.max(1, all)) : 1;
        long chunk = Math.min(KeyStream.MAX_CHUNK, (long) Math.ceil((skip + want) / share * (filtered ? 1.2 : 1)));
        while (values.size() < want) {
            ImageWordIndex.Slice slice = words.read(projectId, token, query.descending(), after, (int) chunk);
            for (ImageWordIndex.Entry entry : slice.entries()) {
                if (filtered && !wanted.contains(entry.bucket())) {
                    continue;
                }
                if (skip > 0) {
                    skip--;
                } else if (values.size() < want) {
                    values.add(entry.sk());
                }
            }
            if (slice.lastSk().isEmpty()) {
                break;
            }
            after = slice.lastSk();
            chunk = Math.min(KeyStream.MAX_CHUNK, chunk * 2);
        }
        Optional<String> next = Optional.empty();
        if (query.position() instanceof ListQuery.After && values.size() > query.limit()) {
            next = Optional.of(new ListCursor(ListCursor.fingerprint(query), 0, values.get(query.limit() - 1))
                    .encode());
            values = values.subList(0, query.limit());
        }
        List<String> ids = values.stream().map(ImageListing::imageId).toList();
        return new ListPage(fetch(projectId, ids, query), total, totalCount, next);
    }

    // ---------------------------------------------------------------- plan

    /**
     * A run of the order: partitions of one index merged by its sort key. Groups keep their place in the plan even
     * when empty, so that a cursor's group number means the same thing on the next page.
     *
     * @param sizes   images in each partition (the counters), or the search's matches in it once read
     * @param matches a search's matching keys of each partition, once read; null otherwise
     */
    private record Group(List<Partition> partitions, List<Long> sizes, List<List<String>> matches) {
        long size() {
            return sizes.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** @param byBuckets read buckets even when the all-sort partition would do (a search's full pass, in parallel) */
    private static List<Group> plan(String projectId, ListQuery query, Map<String, Long> counters, long totalCount,
                                    boolean byBuckets) {
        ListSort sort = query.sort();
        var statuses = query.statusesToRead();
        var extensions = query.extensionsToRead();
        List<Group> groups = new ArrayList<>();
        switch (sort) {
            case STATUS -> statuses.forEach(s -> groups.add(group(extensions.stream()
                    .map(e -> bucket(projectId, sort, s, e, counters)).toList())));
            case EXTENSION -> extensions.forEach(e -> groups.add(group(statuses.stream()
                    .map(s -> bucket(projectId, sort, s, e, counters)).toList())));
            default -> {
                if (statuses.size() == 2 && extensions.size() == Extensions.ALL.size() && !byBuckets) {
                    groups.add(group(List.of(new Partition(sort.allIndex(), ALL_KEY, LibraryKeys.allPk(projectId),
                            totalCount, ALL_COUNTERS))));
                } else {
                    List<Partition> buckets = new ArrayList<>();
                    statuses.forEach(s -> extensions.forEach(e -> buckets.add(bucket(projectId, sort, s, e,
                            counters))));
                    groups.add(group(buckets));
                }
            }
        }
        if (sort.grouped() && query.descending()) {
            Collections.reverse(groups);
        }
        return groups;
    }

    private static Partition bucket(String projectId, ListSort sort, ImageStatus status,
                                    String extension, Map<String, Long> counters) {
        String counter = LibraryKeys.counterAttribute(status, extension);
        return new Partition(sort.bucketIndex(), BUCKET_KEY, LibraryKeys.bucketPk(projectId, status, extension),
                Math.max(0, counters.getOrDefault(counter, 0L)), List.of(counter));
    }

    private static Group group(List<Partition> partitions) {
        // Empty buckets are never read.
        List<Partition> kept = partitions.stream().filter(p -> p.count() > 0).toList();
        return new Group(kept, kept.stream().map(Partition::count).toList(), null);
    }

    private Merge open(Group group, ListQuery query, Optional<String> after) {
        boolean descending = descending(query);
        List<Keys> sources = new ArrayList<>();
        for (int i = 0; i < group.partitions().size(); i++) {
            if (group.sizes().get(i) == 0) {
                continue;
            }
            if (group.matches() != null) {
                sources.add(Keys.of(group.matches().get(i)));
                continue;
            }
            sources.add(new KeyStream(dynamo, store.tableName(), group.partitions().get(i),
                    query.sort().sortAttribute(), descending, after,
                    (int) Math.min(KeyStream.MAX_CHUNK, query.limit() + 1)));
        }
        Comparator<String> order = ImageListing::compareAsDynamoDb;
        return new Merge(sources, descending ? order.reversed() : order);
    }

    /** Within a status or extension group, the newest change comes first whatever the groups' direction. */
    private static boolean descending(ListQuery query) {
        return query.sort().grouped() || query.descending();
    }

    /** Several partitions' keys in one order; at most twelve sources, so the smallest head is found by looking. */
    private static final class Merge {
        final List<Keys> sources;
        private final Comparator<String> order;

        Merge(List<Keys> sources, Comparator<String> order) {
            this.sources = sources;
            this.order = order;
        }

        /** Reads every stream's next page at once, rather than one after another as the merge first looks. */
        void prime() {
            Parallel.all(sources.stream().<Callable<String>>map(s -> s::peek).toList());
        }

        String peek() {
            Keys next = next();
            return next == null ? null : next.peek();
        }

        String poll() {
            Keys next = next();
            return next == null ? null : next.poll();
        }

        private Keys next() {
            Keys best = null;
            String bestValue = null;
            for (Keys source : sources) {
                String value = source.peek();
                if (value != null && (bestValue == null || order.compare(value, bestValue) < 0)) {
                    best = source;
                    bestValue = value;
                }
            }
            return best;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** DynamoDB orders strings by their UTF-8 bytes, which is code point order (String.compareTo is UTF-16's). */
    static int compareAsDynamoDb(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Every sort value ends in the image id, after the last separator. */
    private static String imageId(String sortValue) {
        return sortValue.substring(sortValue.lastIndexOf(LibraryKeys.SEPARATOR) + 1);
    }

    private static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
