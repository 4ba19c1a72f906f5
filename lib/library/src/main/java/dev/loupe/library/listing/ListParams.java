package dev.loupe.library.listing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Params;
import dev.loupe.core.text.SearchWords;
import dev.loupe.library.ImageStatus;

/**
 * A listing request's parameters, for both surfaces: the same filters, search and sorts, each surface with its own
 * paging and error codes. The image list API numbers three of its errors (106 offset, 107 limit, 79 sort) and says
 * nothing of the others; those get Loupe's own codes ({@code invalid_status}, {@code invalid_extension},
 * {@code invalid_search}) with the image list API's kind of summary.
 */
public final class ListParams {
    /** Longer searches would only make the filter slower; no file name needs one. */
    public static final int MAX_SEARCH = 100;

    private ListParams() {
    }

    /** The parameter a bad value came in, and how each surface names the error. */
    private enum Surface {
        API2, LOUPE;

        ApiError bad(String param, String ref, String message) {
            return this == API2
                    ? new ApiError(400, ref, "Invalid parameter: " + param, param)
                    : ApiError.badParameter(param, message);
        }
    }

    /**
     * The image list API's parameters: {@code offset} is the page number (default 0), {@code limit} the page size
     * (default 30, at most 100), and the shared filters.
     */
    public static ListQuery api2(Params params) {
        Surface surface = Surface.API2;
        int limit = limit(params, surface);
        long offset = 0;
        Optional<String> raw = params.text("offset");
        if (raw.isPresent()) {
            try {
                offset = Long.parseLong(raw.get());
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw surface.bad("offset", "106", "");
            }
        }
        return query(params, surface, limit, new ListQuery.Page(offset));
    }

    /** Loupe's parameters: {@code limit} (default 30, at most 100) and {@code cursor}, and the shared filters. */
    public static ListQuery loupe(Params params) {
        Surface surface = Surface.LOUPE;
        int limit = limit(params, surface);
        return query(params, surface, limit, new ListQuery.After(params.text("cursor")));
    }

    private static ListQuery query(Params params, Surface surface, int limit, ListQuery.Position position) {
        Sort sort = sort(params, surface);
        return new ListQuery(statuses(params, surface), extensions(params, surface), search(params, surface),
                sort.sort(), sort.descending(), limit, position);
    }

    private static int limit(Params params, Surface surface) {
        Optional<String> raw = params.text("limit");
        if (raw.isEmpty()) {
            return ListQuery.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
            throw surface.bad("limit", "107", "limit must be a whole number from 1 to " + ListQuery.MAX_LIMIT
                    + ", Loupe's largest page; page through more with offset");
        }
        return limit;
    }

    private record Sort(ListSort sort, boolean descending) {
    }

    /**
     * {@code +name}, {@code -name} or {@code name} (ascending). A {@code +} that a client did not encode arrives as a
     * space, which is why the value is trimmed first. Without one: newest change first.
     */
    private static Sort sort(Params params, Surface surface) {
        Optional<String> raw = params.text("sort");
        if (raw.isEmpty()) {
            return new Sort(ListSort.MODIFIEDDATE, true);
        }
        String value = raw.get().toLowerCase(Locale.ROOT);
        boolean descending = value.startsWith("-");
        if (descending || value.startsWith("+")) {
            value = value.substring(1);
        }
        String word = value;
        return ListSort.parse(word).map(s -> new Sort(s, descending))
                .orElseThrow(() -> surface.bad("sort", "79", "sort is name, createdby, createddate, modifieddate, "
                        + "status or extension, with + (ascending, the default) or - in front"));
    }

    private static Set<ImageStatus> statuses(Params params, Surface surface) {
        Set<ImageStatus> statuses = new LinkedHashSet<>();
        for (String value : csv(params, "status")) {
            statuses.add(ImageStatus.parseListed(value).orElseThrow(() -> surface.bad("status", "invalid_status",
                    "status is active or archived (or 1 or 2), comma-separated; not '" + value + "'")));
        }
        return statuses;
    }

    private static Set<String> extensions(Params params, Surface surface) {
        Set<String> extensions = new LinkedHashSet<>();
        for (String value : csv(params, "extension")) {
            extensions.add(Extensions.parse(value).orElseThrow(() -> surface.bad("extension", "invalid_extension",
                    "extension is one or more of " + String.join(", ", Extensions.ALL) + " (JPEG and TIF too), "
                            + "comma-separated; not '" + value + "'")));
        }
        return extensions;
    }

    private static Optional<String> search(Params params, Surface surface) {
        Optional<String> search = params.text("search").map(s -> s.toLowerCase(Locale.ROOT));
        if (search.isPresent() && (search.get().length() > MAX_SEARCH
                || search.get().chars().anyMatch(Character::isISOControl))) {
            throw surface.bad("search", "invalid_search", "search is at most " + MAX_SEARCH
                    + " characters, without control characters");
        }
        // Search is by word prefix (ImageWordIndex): a word of one letter only narrows what a longer one finds.
        if (search.isPresent() && SearchWords.words(search.get()).stream()
                .noneMatch(w -> SearchWords.length(w) >= SearchWords.MIN_TOKEN_LENGTH)) {
            throw surface.bad("search", "invalid_search", "search needs a word of at least "
                    + SearchWords.MIN_TOKEN_LENGTH + " letters or digits; it finds the names with a word that "
                    + "begins with each of its words");
        }
        return search;
    }

    /** Comma lists, also repeated ({@code extension=png&extension=jpg}); empty items are ignored. */
    private static List<String> csv(Params params, String name) {
        List<String> values = new ArrayList<>();
        for (String value : params.all(name)) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    values.add(item.strip());
                }
            }
        }
        return values;
    }
}
