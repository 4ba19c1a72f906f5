package dev.loupe.gallery.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loupe.core.http.HtmlText;

/** Escaping, templates and CSP hashes for the public pages. */
final class Html {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    private Html() {}

    /** Text and attribute values (quoted with "): the five characters that can end or start markup. */
    static String text(String s) {
        return HtmlText.escape(s);
    }

    /** A URL for href/src: only http(s) or a relative path, so a stored value can never become javascript:. */
    static String url(String url) {
        String scheme = URI.create(url.strip()).getScheme();
        if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https"))
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        return text(url.strip());
    }

    /** A JSON string literal that is also safe inside a script element (no "</script>", no U+2028). */
    static String json(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029)
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    /** Fills {{slot}}s in one pass, so a value that contains "{{x}}" stays as it is. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder(template.length() * 2);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) throw new IllegalStateException("no value for {{" + m.group(1) + "}}");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSP source for an inline script or style element whose content is exactly {@code content}. */
    static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** img-src for the given image URLs: their origins, and 'self' for relative ones. */
    static String imageSources(Collection<String> urls) {
        Set<String> sources = new LinkedHashSet<>();
        for (String u : urls) {
            URI uri = URI.create(u.strip());
            if (uri.getScheme() == null || uri.getHost() == null) sources.add("'self'");
            else sources.add(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        }
        return sources.isEmpty() ? "'none'" : String.join(" ", sources);
    }

    /** The page's policy: its own inline script and style by hash, images from the image hosts, nothing else. */
    static String csp(String scriptHash, String styleHash, String imageSources) {
        return csp(scriptHash, styleHash, imageSources, "'none'");
    }

    /** The same, with the forms allowed to post to {@code formSources} only (the comment forms: the API's origin). */
    static String csp(String scriptHash, String styleHash, String imageSources, String formSources) {
        return "default-src 'none'; script-src " + scriptHash + "; style-src " + styleHash + "; img-src "
                + imageSources + "; base-uri 'none'; form-action " + formSources;
    }
}
