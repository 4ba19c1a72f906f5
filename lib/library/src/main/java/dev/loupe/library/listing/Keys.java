package dev.loupe.library.listing;

import java.util.List;

/** Sort values in one partition's order, one at a time: read lazily from DynamoDB, or already in memory. */
interface Keys {
    /** The next value without taking it; null at the end. */
    String peek();

    /** The next value; null at the end. */
    String poll();

    /** Values already read (a search's matches), in order. */
    static Keys of(List<String> values) {
        return new Keys() {
            private int next;

            @Override
            public String peek() {
                return next < values.size() ? values.get(next) : null;
            }

            @Override
            public String poll() {
                return next < values.size() ? values.get(next++) : null;
            }
        };
    }
}
