package dev.loupe.library.listing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.loupe.library.ImageStatus;

/**
 * What a listing asks for, whichever surface parsed it.
 *
 * @param statuses   listed statuses to keep; empty keeps both
 * @param extensions canonical extensions to keep ({@link Extensions}); empty keeps all
 * @param search     words each of which must begin a word of the name, without regard to case or accents
 *                   ({@link dev.loupe.core.text.SearchWords})
 * @param descending {@code -} in front of the sort word
 * @param limit      page size, 1 to {@link #MAX_LIMIT}
 * @param position   where the page starts: a page number (the image list API) or a cursor (Loupe's routes)
 */
public record ListQuery(Set<ImageStatus> statuses, Set<String> extensions, Optional<String> search, ListSort sort,
                        boolean descending, int limit, Position position) {
    public static final int DEFAULT_LIMIT = 30;
    public static final int MAX_LIMIT = 100;
    /** Listing buckets: two listed statuses by the canonical extensions. */
    static final int BUCKETS = 2 * Extensions.ALL.size();

    public ListQuery {
        statuses = Set.copyOf(statuses);
        extensions = Set.copyOf(extensions);
        search = search.map(q -> q.toLowerCase(Locale.ROOT)).filter(q -> !q.isEmpty());
        if (statuses.stream().anyMatch(s -> !s.listed())) {
            throw new IllegalArgumentException("only listed statuses can be listed: " + statuses);
        }
        if (!Extensions.ALL.containsAll(extensions)) {
            throw new IllegalArgumentException("not canonical extensions: " + extensions);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit);
        }
    }

    /** Where a page starts. */
    public sealed interface Position {
    }

    /** The image list API's offset: the page number, so the page starts after {@code number * limit} images. */
    public record Page(long number) implements Position {
        public Page {
            if (number < 0) {
                throw new IllegalArgumentException("page " + number);
            }
        }
    }

    /** Loupe's cursor: empty for the first page, else the {@code next_cursor} of the page before. */
    public record After(Optional<String> cursor) implements Position {
    }

    /** The statuses to read, in the order of {@code sort=+status}. */
    List<ImageStatus> statusesToRead() {
        return List.of(ImageStatus.ACTIVE, ImageStatus.ARCHIVED).stream()
                .filter(s -> statuses.isEmpty() || statuses.contains(s)).toList();
    }

    /** The extensions to read, alphabetically. */
    List<String> extensionsToRead() {
        return extensions.isEmpty() ? Extensions.ALL : List.copyOf(new TreeSet<>(extensions));
    }
}
