package dev.loupe.library.listing;

import java.util.Locale;
import java.util.Optional;

/**
 * The orders a listing can have ({@code sort} of the image list API). The first four are read straight from an index
 * whose sort key is that order; status and extension are groups of listing buckets, newest change first within each.
 */
public enum ListSort {
    NAME("name", "s_name"),
    CREATEDBY("createdby", "s_createdby"),
    CREATEDDATE("created", "s_created"),
    MODIFIEDDATE("modified", "s_modified"),
    STATUS(null, null),
    EXTENSION(null, null);

    private final String indexSuffix;
    private final String sortAttribute;

    ListSort(String indexSuffix, String sortAttribute) {
        this.indexSuffix = indexSuffix;
        this.sortAttribute = sortAttribute;
    }

    /** The word clients send: {@code name}, {@code createdby}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for status and extension: the order is a sequence of bucket groups, not one index's key. */
    boolean grouped() {
        return indexSuffix == null;
    }

    /** The index attribute a stream of this order is sorted by (groups use the modification time within). */
    String sortAttribute() {
        return grouped() ? MODIFIEDDATE.sortAttribute : sortAttribute;
    }

    String bucketIndex() {
        return "bucket-" + (grouped() ? MODIFIEDDATE.indexSuffix : indexSuffix);
    }

    String allIndex() {
        return "all-" + indexSuffix;
    }

    public static Optional<ListSort> parse(String word) {
        for (ListSort sort : values()) {
            if (sort.word().equals(word)) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }
}
