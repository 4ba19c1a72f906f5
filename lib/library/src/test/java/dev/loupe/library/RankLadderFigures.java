package dev.loupe.library;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figures behind the rank blocks' ladder (docs/DESIGN.md, "Rank blocks"): for a ladder, in memory and without
 * DynamoDB, how many counter items a new image adds to its transaction, how many block items the project holds, and
 * what an offset page reads to find its block (block items of each level it reads, then the keys before the page in
 * the block it lands in), over every offset of each order. Two data sets at 100,000 and 1,000,000 images: the
 * listing tests' seeds ({@link ImageSeeds}, with a tenth of the images at one instant) and camera-like uploads
 * ({@code img_0001.jpg} to {@code img_9999.jpg} over and over, in bursts of 50 within a minute, three uploaders).
 *
 * <p>Not part of the test run: {@code mvn -pl lib/library -am verify -Dtest=RankLadderFigures
 * -Dsurefire.failIfNoSpecifiedTests=false -Dloupe.bench=true}.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class RankLadderFigures {
    private static final long LEAF = RankBlocks.LEAF;
    private static final int PAGE = 30;
    /** Every this many offsets are located (a sweep over the whole order). */
    private static final int STEP = 997;

    private record Ladder(String name, Map<String, List<int[]>> fields) {
    }

    private static final int[] OLD = {1, 3, 6, 10, 13, 16, 20, 26};

    private static List<Ladder> ladders() {
        int[] id = RankBlocks.ID;
        List<Ladder> ladders = new ArrayList<>();
        ladders.add(new Ladder("before: 8 lengths of the whole value (1,3,6,10,13,16,20,26)", Map.of(
                "s_name", List.of(OLD), "s_createdby", List.of(OLD), "s_created", List.of(OLD),
                "s_modified", List.of(OLD))));
        for (int[][] option : new int[][][]{
                {RankBlocks.TEXT, RankBlocks.TIME},
                {{2, 5}, {7, 13}}}) {
            int[] text = option[0];
            int[] time = option[1];
            ladders.add(new Ladder("text " + Arrays.toString(text) + ", time " + Arrays.toString(time) + ", id "
                    + Arrays.toString(id), Map.of("s_name", List.of(text, id),
                    "s_createdby", List.of(text, time, id), "s_created", List.of(time, id),
                    "s_modified", List.of(time, id))));
        }
        return ladders;
    }

    @Test
    void figures() {
        for (int size : new int[]{100_000, 1_000_000}) {
            for (String data : List.of("seeds", "camera")) {
                List<String[]> values = data.equals("seeds") ? seeds(size) : camera(size);
                for (Ladder ladder : ladders()) {
                    System.out.println(figures(size, data, ladder, values));
                }
            }
        }
    }

    private static String figures(int size, String data, Ladder ladder, List<String[]> values) {
        long chainItems = 0;
        int maxChain = 0;
        long blocks = 0;
        StringBuilder orders = new StringBuilder();
        for (int a = 0; a < RankBlocks.SORT_ATTRIBUTES.size(); a++) {
            String attribute = RankBlocks.SORT_ATTRIBUTES.get(a);
            List<int[]> fields = ladder.fields().get(attribute);
            List<NavigableMap<String, Long>> levels = new ArrayList<>();
            for (String[] image : values) {
                List<String> chain = RankBlocks.chain(fields, image[a]);
                chainItems += chain.size();
                while (levels.size() < chain.size()) {
                    levels.add(new TreeMap<>());
                }
                for (int l = 0; l < chain.size(); l++) {
                    levels.get(l).merge(chain.get(l), 1L, Long::sum);
                }
            }
            maxChain += levels.size();
            for (var level : levels) {
                blocks += level.size();
            }
            // Every STEP-th offset of the order, ascending: block items read, keys read before the page.
            long worst = 0;
            long worstItems = 0;
            long[] costs = new long[values.size() / STEP + 1];
            int n = 0;
            for (long skip = 0; skip < values.size(); skip += STEP) {
                long[] cost = locate(levels, skip);
                costs[n++] = cost[0] + cost[1];
                if (cost[0] + cost[1] > worst) {
                    worst = cost[0] + cost[1];
                    worstItems = cost[0];
                }
            }
            long[] used = Arrays.copyOf(costs, n);
            Arrays.sort(used);
            long[] at30k = locate(levels, Math.min(30_000, values.size() - 1));
            orders.append(String.format(Locale.ROOT, "    %-12s %d levels; offset 30,000: %,d block items + %,d keys;"
                    + " over all offsets: median %,d, worst %,d (%,d of them block items)%n", attribute, levels.size(),
                    at30k[0], at30k[1], used[n / 2], worst, worstItems));
        }
        return String.format(Locale.ROOT, "%,d images (%s), %s: %.1f counter items per new image (at most %d), "
                + "%,d block items (%.1f per image)%n%s", size, data, ladder.name(), chainItems / (double) values.size(),
                maxChain, blocks, blocks / (double) values.size(), orders);
    }

    /** What {@link RankBlocks#locate} reads for {@code skip} (no filter, ascending): {block items, keys}. */
    private static long[] locate(List<NavigableMap<String, Long>> levels, long skip) {
        String parent = "";
        long remaining = skip;
        long items = 0;
        for (NavigableMap<String, Long> level : levels) {
            NavigableMap<String, Long> children = parent.isEmpty() ? level
                    : level.subMap(parent, true, parent + Character.MAX_VALUE, false);
            items += children.size();
            String chosen = null;
            long chosenSize = 0;
            for (var block : children.entrySet()) {
                if (remaining < block.getValue()) {
                    chosen = block.getKey();
                    chosenSize = block.getValue();
                    break;
                }
                remaining -= block.getValue();
            }
            if (chosen == null || chosenSize <= LEAF) {
                break;
            }
            parent = chosen;
        }
        return new long[]{items, remaining + PAGE};
    }

    /** The four sort values of each seeded image ({@link ImageSeeds#generate}), in chunks to spare memory. */
    private static List<String[]> seeds(int size) {
        List<String[]> values = new ArrayList<>(size);
        for (int from = 0; from < size; from += 50_000) {
            for (Image image : ImageSeeds.generate("p", Math.min(50_000, size - from), from)) {
                ImageStore.Item item = ImageStore.toItem(image);
                values.add(new String[]{item.sName, item.sCreatedBy, item.sCreated, item.sModified});
            }
        }
        return values;
    }

    /** Camera uploads: the same 9,999 file names over and over, 50 at a time within a minute, three uploaders. */
    private static List<String[]> camera(int size) {
        Random random = new Random(7);
        String[] people = {"ada lovelace", "grace hopper", "alexandra konstantinopoulou-smith"};
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        long span = 3L * 365 * 24 * 3600 * 1000;
        List<String[]> values = new ArrayList<>(size);
        Instant burst = start;
        for (int i = 0; i < size; i++) {
            if (i % 50 == 0) {
                burst = start.plus(random.nextLong(span), ChronoUnit.MILLIS);
            }
            Instant created = burst.plus(random.nextInt(60_000), ChronoUnit.MILLIS);
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String time = LibraryKeys.sortableTime(created);
            String person = people[(i / 50) % people.length];
            values.add(new String[]{LibraryKeys.sortValue(String.format(Locale.ROOT, "img_%04d.jpg", i % 9_999 + 1),
                    id), LibraryKeys.sortValue(person + LibraryKeys.SEPARATOR + time, id),
                    LibraryKeys.sortValue(time, id), LibraryKeys.sortValue(time, id)});
        }
        return values;
    }
}
