package dev.loupe.local;

import java.nio.file.Path;

/** The repository root, where template.yaml, events/ and the built function jars are. */
public final class LoupeRoot {
    private LoupeRoot() {
    }

    public static Path path() {
        return Path.of(System.getProperty("loupe.root", "..")).toAbsolutePath().normalize();
    }
}
