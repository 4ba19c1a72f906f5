package dev.loupe.local.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.local.template.FunctionDef.HttpRoute;

/**
 * An HTTP API route and how it matches a request, with API Gateway's precedence: exact paths over paths with
 * variables, more literal segments over fewer, greedy {@code {proxy+}} last, a method over {@code ANY}, and
 * {@code $default} when nothing else matches.
 */
public record Route(HttpRoute route, List<String> segments) {

    public static Route of(HttpRoute route) {
        List<String> segments = route.path().equals("$default") ? List.of()
                : List.of(route.path().replaceAll("^/+", "").split("/", -1));
        return new Route(route, segments);
    }

    boolean isDefault() {
        return route.path().equals("$default");
    }

    boolean isGreedy() {
        return !segments.isEmpty() && segments.getLast().endsWith("+}");
    }

    /** The path parameters when this route matches, else empty. */
    public Optional<Map<String, String>> match(String method, String path) {
        if (!route.method().equals("ANY") && !route.method().equals(method)) {
            return Optional.empty();
        }
        if (isDefault()) {
            return Optional.of(Map.of());
        }
        List<String> parts = List.of(path.replaceAll("^/+", "").split("/", -1));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            if (variable && segment.endsWith("+}")) {
                if (i >= parts.size()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 2),
                        String.join("/", parts.subList(i, parts.size())));
                return Optional.of(parameters);
            }
            if (i >= parts.size()) {
                return Optional.empty();
            }
            String part = parts.get(i);
            if (variable) {
                if (part.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 1),
                        java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } else if (!segment.equals(part)) {
                return Optional.empty();
            }
        }
        return parts.size() == segments.size() ? Optional.of(parameters) : Optional.empty();
    }

    /** Routes in the order API Gateway would try them. */
    public static List<Route> byPrecedence(List<HttpRoute> routes) {
        List<Route> sorted = new ArrayList<>(routes.stream().map(Route::of).toList());
        sorted.sort(Comparator.comparing(Route::isDefault)
                .thenComparing(Route::isGreedy)
                .thenComparing(r -> -r.literalSegments())
                .thenComparing(r -> -r.segments.size())
                .thenComparing(r -> r.route.method().equals("ANY")));
        return sorted;
    }

    private int literalSegments() {
        return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }
}
