package dev.loupe.core;

import java.util.function.Supplier;

/**
 * A value built on first use, once, and kept: what the functions' wiring classes hold their services in, so that a
 * function builds only the clients its own handler asks for (one that never touches S3 never builds an S3 client).
 * The build is given where the value is asked for ({@code SERVICE.get(() -> new Service(...))}), inside the wiring
 * method that returns it, so that a handler's code reaches only the builds of the services it asks for (TemplateTest
 * reads the environment variables a function needs from that code). Thread-safe; a build that throws is tried again
 * on the next use.
 */
public final class Lazy<T> {
    private volatile T value;

    public T get(Supplier<? extends T> build) {
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
