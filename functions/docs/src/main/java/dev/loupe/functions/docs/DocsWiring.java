package dev.loupe.functions.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The docs area's one wiring: the files it serves, read from the jar once per container. Everything is in the jar
 * (the joined openapi.json, the page, the renderer's files, the browser module), so these functions call no AWS service and need no grant.
 */
final class DocsWiring {
    /** The reference page's files under /docs/api/, by name, with their content types; nothing else is served. */
    static final Map<String, String> PAGE_FILES = Map.of(
            "index.html", "text/html",
            "init.js", "text/javascript",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui.css", "text/css",
            "LICENSE", "text/plain",
            "NOTICE", "text/plain",
            "swagger-ui-bundle.js.LICENSE.txt", "text/plain");

    private static final String DOCUMENT = "openapi.json";
    private static final String BROWSER_MODULE = "sdk/loupe.js";

    private DocsWiring() {
    }

    /** The OpenAPI document, as built (OpenApiBuild). */
    static String document() {
        return Holder.DOCUMENT_TEXT;
    }

    /** The browser module (GET /sdk/loupe.js). */
    static String browserModule() {
        return Holder.BROWSER_MODULE_TEXT;
    }

    /** A short SHA-256 of a text (hex, 16 digits): an ETag. */
    static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A file of the reference page, if it is one of {@link #PAGE_FILES}. */
    static Optional<String> pageFile(String name) {
        return PAGE_FILES.containsKey(name) ? Optional.of(resource("docs-api/" + name)) : Optional.empty();
    }

    static String resource(String name) {
        try (InputStream in = DocsWiring.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not in the jar (run mvn package)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read on first use, once per container (SnapStart keeps it in the snapshot). */
    private static final class Holder {
        static final String DOCUMENT_TEXT = resource(DOCUMENT);
        static final String BROWSER_MODULE_TEXT = resource(BROWSER_MODULE);
    }
}
