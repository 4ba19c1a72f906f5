package dev.loupe.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Web origins ({@code https://app.example.com}, {@code http://localhost:5173}) as a project lists the sites its browser
 * tokens may be used from. Compared in one canonical form: scheme and host in lower case, the scheme's default port
 * left out, no path; so {@code HTTPS://App.Example.com:443/} and {@code https://app.example.com} are the same origin.
 * Only exact origins: no wildcards, so a listed site never admits a look-alike.
 */
public final class Origins {
    private Origins() {
    }

    /** The canonical form of an origin a project lists; an {@link IllegalArgumentException} when it is not one. */
    public static String parse(String text) {
        return canonical(text, false).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not an origin: write scheme://host[:port], e.g. https://app.example.com, without a path"));
    }

    /**
     * Where a browser's request comes from: its {@code Origin} header, else the origin of its {@code Referer} (a
     * same-origin GET may send no Origin); empty when it has neither, or {@code Origin: null} (a sandboxed frame, a
     * file: page), which is no place a project can list.
     */
    public static Optional<String> ofRequest(Optional<String> originHeader, Optional<String> refererHeader) {
        if (originHeader.isPresent()) {
            return canonical(originHeader.get(), false);
        }
        return refererHeader.flatMap(referer -> canonical(referer, true));
    }

    /** True when {@code allowed} is empty (no filter) or holds {@code origin}. */
    public static boolean allows(Collection<String> allowed, Optional<String> origin) {
        return allowed.isEmpty() || origin.map(o -> allowed.stream()
                .anyMatch(a -> canonical(a, false).map(o::equals).orElse(false))).orElse(false);
    }

    /**
     * True when {@code listed} names {@code origin}: the origins a project trusts with credentials (its session
     * cookie). Unlike {@link #allows}, an empty list names none.
     */
    public static boolean lists(Collection<String> listed, String origin) {
        Optional<String> canonical = canonical(origin, false);
        return canonical.isPresent() && listed.stream()
                .anyMatch(a -> canonical(a, false).map(canonical.get()::equals).orElse(false));
    }

    /** The canonical form of a request's {@code Origin} header, empty when it names no origin. */
    public static Optional<String> canonicalOf(String origin) {
        return canonical(origin, false);
    }

    private static Optional<String> canonical(String text, boolean pathAllowed) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!pathAllowed && !bare) {
            return Optional.empty();
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }
}
