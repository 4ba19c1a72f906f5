package dev.loupe.gallery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.text.SearchWords;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Search of listed galleries by title, free of Lambda types: {@link #search} for the API, {@link #index} for the
 * GalleriesTable stream's consumer, which keeps the word index ({@link GalleryWordIndex}) in step with
 * the galleries. Nothing here ever scans: a query reads one token's entries, newest first.
 *
 * <p>Tokens: the title is decomposed (NFKD) with its accents dropped, lowercased, and split on anything that is not
 * a letter or a digit; every prefix of 2 to {@value #MAX_TOKEN_LENGTH} characters of each word is a token, so that
 * a query word finds the titles with a word it begins. A gallery has at most {@value #MAX_TOKENS} distinct tokens
 * (in title order): that bounds its entries and the indexer's writes per change; words past the cap are not found.
 */
public final class GallerySearch {
    /** Bounds one gallery's entries (a 200-character title has at most about 100 words; most have a handful). */
    public static final int MAX_TOKENS = 150;
    public static final int MIN_TOKEN_LENGTH = SearchWords.MIN_TOKEN_LENGTH;
    public static final int MAX_TOKEN_LENGTH = SearchWords.MAX_TOKEN_LENGTH;
    public static final int MAX_QUERY_LENGTH = 100;
    /**
     * Entries one request reads at most, matched or not: a multi-word query whose rarest-looking word is common reads
     * this much and answers a short page with a cursor, rather than reading without end.
     */
    public static final int MAX_READ = 300;

    private final GalleryStore store;
    private final GalleryWordIndex wordIndex;

    public GallerySearch(GalleryStore store, GalleryWordIndex wordIndex) {
        this.store = store;
        this.wordIndex = wordIndex;
    }

    // ---------------------------------------------------------------- tokens

    /** The title's words, normalized (no accents, lowercase), distinct, in title order ({@link SearchWords}). */
    public static List<String> words(String text) {
        return SearchWords.words(text);
    }

    /** The index tokens of a title: each word's prefixes of 2 to 20 characters, distinct, at most 150. */
    public static List<String> tokens(String title) {
        return SearchWords.tokens(title, MAX_TOKENS);
    }

    private static String prefix(String word, int n) {
        return SearchWords.prefix(word, n);
    }

    private static int length(String word) {
        return SearchWords.length(word);
    }

    // ---------------------------------------------------------------- search

    /**
     * The project's listed galleries whose title has every word of {@code q} as the beginning of one of its words,
     * newest first, {@code limit} at most, from {@code after} (the {@code next} of the previous page).
     *
     * <p>The query reads the entries of its longest word (the likeliest to be rare) and keeps those whose stored
     * words also match the others. It reads at most {@value #MAX_READ} entries: a page can be short, even empty,
     * and still have a {@code next}. The answer's galleries carry what a list shows (name, title, added time).
     */
    public GalleryStore.NewestPage search(String projectId, String q, Optional<String> after, int limit) {
        List<String> queryWords = queryWords(q);
        String longest = queryWords.stream().max(Comparator.comparingInt(GallerySearch::length)).orElseThrow();
        String token = prefix(longest, Math.min(MAX_TOKEN_LENGTH, length(longest)));
        try {
            List<Gallery> hits = new ArrayList<>();
            Optional<String> position = after;
            int read = 0;
            while (true) {
                GalleryWordIndex.WordPage page = wordIndex.entries(projectId, token, position, MAX_READ - read);
                read += page.entries().size();
                for (GalleryWordIndex.WordEntry entry : page.entries()) {
                    position = Optional.of(entry.sk());
                    if (matches(entry.words(), queryWords)) {
                        hits.add(hit(projectId, entry));
                        if (hits.size() == limit) {
                            // The page ends at this entry; whether anything follows, the next query says.
                            boolean last = page.lastSk().isEmpty() && entry == page.entries().getLast();
                            return new GalleryStore.NewestPage(stillListed(projectId, hits), last ? Optional.empty() : position);
                        }
                    }
                }
                if (page.lastSk().isEmpty()) {
                    return new GalleryStore.NewestPage(stillListed(projectId, hits), Optional.empty());
                }
                position = page.lastSk();
                if (read >= MAX_READ) {
                    return new GalleryStore.NewestPage(stillListed(projectId, hits), position);
                }
            }
        } catch (SdkException e) {
            throw new ApiError(500, "db_error_album_list", "We were unable to fetch list of albums");
        }
    }

    /**
     * The hits whose gallery is still listed, as it is now: the index follows the table's stream a moment behind, and
     * a gallery made private or renamed in that moment must not show (or show its old title). One batch read.
     */
    private List<Gallery> stillListed(String projectId, List<Gallery> hits) {
        if (hits.isEmpty()) {
            return hits;
        }
        Map<String, Gallery> current = store.findAll(projectId, hits.stream().map(Gallery::name).toList());
        return store.withRatings(hits.stream().map(hit -> current.get(hit.name()))
                .filter(g -> g != null && g.isListed()).toList());
    }

    /** q: 1 to 100 characters with at least one word of 2 or more; its words, normalized as titles are. */
    static List<String> queryWords(String q) {
        if (q == null || q.isBlank() || q.length() > MAX_QUERY_LENGTH) {
            throw badQuery();
        }
        List<String> words = words(q);
        if (words.stream().noneMatch(w -> length(w) >= MIN_TOKEN_LENGTH)) {
            throw badQuery();
        }
        return words;
    }

    /** Every query word begins some word of the title (a one-letter query word too: it only filters). */
    static boolean matches(List<String> titleWords, List<String> queryWords) {
        return SearchWords.matches(titleWords, queryWords);
    }

    private static Gallery hit(String projectId, GalleryWordIndex.WordEntry entry) {
        // Only listed galleries are indexed: a hit is public, and shows no more than the newest list does.
        return new Gallery(projectId, entry.name(), entry.title(), Optional.empty(), Optional.empty(),
                Optional.empty(), entry.added(), entry.added(), 0, List.of(), Gallery.Details.DEFAULTS, 0);
    }

    private static ApiError badQuery() {
        return new ApiError(400, "bad_parameter_q", "q is 1 to " + MAX_QUERY_LENGTH
                + " characters with at least one word of " + MIN_TOKEN_LENGTH + " or more letters or digits", "q");
    }

    // ---------------------------------------------------------------- the index, from the table's stream

    /**
     * One change of the galleries table as its stream tells it: the item before and after (either absent for an
     * insert or a removal), in the table's own attribute form.
     */
    public record Change(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        public Change {
            oldImage = oldImage == null ? Map.of() : Map.copyOf(oldImage);
            newImage = newImage == null ? Map.of() : Map.copyOf(newImage);
        }
    }

    /** What one change did to the index: entries written, deleted, and left alone because a newer one was there. */
    public record Applied(int put, int deleted, int stale) {
    }

    /**
     * Brings the word index in line with one change of a gallery: the tokens the old image had and the new one has
     * not are deleted, the new image's tokens are written (all of them when the title or listing changed, else
     * none). A gallery that is not listed (not public, or being deleted) has no tokens, so one that stops being
     * listed, or is deleted, loses its entries. The table's other items (view counters, the entries themselves) are
     * ignored.
     *
     * <p>Why this is safe to repeat and to see out of order: a stream delivers a gallery's changes in order but at
     * least once, and a batch that failed half-way is delivered again from its failed record on. Every write is
     * conditional on the entry's {@code gallery_version}: a put never replaces an entry written from a newer version
     * (a late, redelivered record cannot bring back an old title's entry over a newer one), and a delete removes an
     * entry only if no version after this change wrote it. A redelivered record writes what it wrote before (same
     * version, same content) and deletes what is already gone: nothing changes. A stale put of an entry that a later
     * change deleted can only happen if that later change is delivered again after it, which the stream's per-item
     * order guarantees, and which deletes it again.
     */
    public Applied index(Change change) {
        Optional<Gallery> before = GalleryStore.decode(change.oldImage());
        Optional<Gallery> after = GalleryStore.decode(change.newImage());
        if (before.isEmpty() && after.isEmpty()) {
            return new Applied(0, 0, 0);
        }
        Set<String> oldKeys = entryKeys(before);
        Set<String> newKeys = entryKeys(after);
        int put = 0;
        int deleted = 0;
        int stale = 0;
        if (before.isPresent()) {
            Gallery old = before.get();
            // The version after which an entry belongs to someone else: the new image's, or the removed item's own.
            long upTo = after.map(Gallery::version).orElse(old.version());
            for (String key : oldKeys) {
                if (!newKeys.contains(key)) {
                    String token = key.substring(key.indexOf('\n') + 1);
                    if (wordIndex.delete(old.projectId(), token, GalleryKeys.wordSk(old), upTo)) {
                        deleted++;
                    } else {
                        stale++;
                    }
                }
            }
        }
        if (after.isPresent() && !newKeys.isEmpty()) {
            Gallery g = after.get();
            boolean sameShown = before.filter(Gallery::isListed)
                    .filter(old -> old.title().equals(g.title()) && old.added().equals(g.added())).isPresent();
            List<String> words = words(g.title());
            for (String key : newKeys) {
                // Kept entries already show this title: an edit that leaves the title alone writes nothing.
                if (sameShown && oldKeys.contains(key)) {
                    continue;
                }
                if (wordIndex.put(g, key.substring(key.indexOf('\n') + 1), words)) {
                    put++;
                } else {
                    stale++;
                }
            }
        }
        return new Applied(put, deleted, stale);
    }

    /** The entries a gallery should have, as "sk\ntoken" (sk changes only with the added time or the name). */
    private static Set<String> entryKeys(Optional<Gallery> gallery) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        gallery.filter(Gallery::isListed).ifPresent(g -> tokens(g.title())
                .forEach(t -> keys.add(GalleryKeys.wordSk(g) + "\n" + t)));
        return keys;
    }
}
