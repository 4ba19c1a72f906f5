package dev.loupe.core;

import java.util.function.Supplier;

/**
 * A value built on first use, once, and kept: what the functions' wiring classes hold their services in, so that a
 * function builds only the clients its own handler asks for (one that never touches S3 never builds an S3 client).
 * Thread-safe; a build that throws is tried again on the next use.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> build;
    private volatile T value;

    private Lazy(Supplier<? extends T> build) {
        this.build = build;
    }

    public static <T> Lazy<T> of(Supplier<? extends T> build) {
        return new Lazy<>(build);
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = build.get();
                    value = built;
                }
            }
        }
        return built;
    }
}
