package dev.loupe.local.gateway;

import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;

/**
 * The HTTP API's CorsConfiguration from the template, applied as API Gateway applies it. As there, credentials
 * ({@code AllowCredentials: true}) can't go with the {@code *} origin: such a template is refused. Without a
 * CorsConfiguration ({@code configured} false) the gateway adds nothing and routes {@code OPTIONS} like any method,
 * so a function (an {@code OPTIONS} route) answers preflights, as on API Gateway.
 */
record Cors(boolean configured, List<String> origins, List<String> headers, List<String> methods, List<String> exposed, int maxAge,
            boolean credentials) {

    Cors {
        if (configured && credentials && origins.contains("*")) {
            throw new IllegalArgumentException("CorsConfiguration: AllowCredentials can't be true with the '*' origin");
        }
    }

    static Cors of(Map<String, Object> httpApiProperties) {
        Object raw = httpApiProperties.get("CorsConfiguration");
        if (!(raw instanceof Map<?, ?> config)) {
            return new Cors(false, List.of(), List.of(), List.of(), List.of(), 0, false);
        }
        return new Cors(true, strings(config.get("AllowOrigins")), strings(config.get("AllowHeaders")),
                strings(config.get("AllowMethods")), strings(config.get("ExposeHeaders")),
                config.get("MaxAge") == null ? 0 : Integer.parseInt(String.valueOf(config.get("MaxAge"))),
                Boolean.parseBoolean(String.valueOf(config.get("AllowCredentials"))));
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin));
    }

    void preflight(String origin, Headers response) {
        if (!allows(origin)) {
            return;
        }
        response.set("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
        allowCredentials(response);
        response.set("Access-Control-Allow-Methods", String.join(",", methods));
        response.set("Access-Control-Allow-Headers", String.join(",", headers));
        if (maxAge > 0) {
            response.set("Access-Control-Max-Age", String.valueOf(maxAge));
        }
    }

    void actual(String origin, Headers response) {
        if (!allows(origin)) {
            return;
        }
        response.set("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
        allowCredentials(response);
        if (!exposed.isEmpty()) {
            response.set("Access-Control-Expose-Headers", String.join(",", exposed));
        }
    }

    private void allowCredentials(Headers response) {
        if (credentials) {
            response.set("Access-Control-Allow-Credentials", "true");
        }
    }
}
