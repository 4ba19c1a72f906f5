package dev.loupe.functions.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectStore;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.webhooks.EventsWebhookUrl;

/** The administration's JSON: a project as operators see it, and the settings they send. */
final class ProjectJson {
    /** A monthly file allowance above this is a typo rather than a plan (a billion files a month). */
    static final int MAX_MONTHLY_FILES = 1_000_000_000;

    private ProjectJson() {
    }

    /**
     * A project; {@code secret_key} only in the answers that make one (create, rotate), since only then does the
     * operator need it.
     */
    record View(String projectId, String publicKey, String name, List<String> allowedOrigins,
                List<String> allowedIpRanges, Integer rateLimit, Integer rateWindowSeconds, Integer monthlyFiles,
                boolean selfSignup, boolean requireVerifiedEmail, String eventsWebhook, String createdAt,
                String previousKeyValidUntil, String secretKey) {
        static View of(ProjectStore.Stored stored, boolean withSecret) {
            Project p = stored.project();
            return new View(p.projectId(), p.publicKey(), p.name(), p.allowedOrigins(), p.allowedIpRanges(),
                    p.rateLimit() == 0 ? null : p.rateLimit(),
                    p.rateWindowSeconds() == 0 ? null : p.rateWindowSeconds(),
                    p.monthlyFiles() == 0 ? null : p.monthlyFiles(), p.selfSignup(),
                    p.requireVerifiedEmail(), p.eventsWebhook(), stored.createdAt() == null ? null : stored.createdAt().toString(),
                    p.previousKey() == null ? null : p.previousKey().until().toString(),
                    withSecret ? p.secretKey() : null);
        }
    }

    record Page(List<View> projects, String nextCursor) {
    }

    static String publicKey(HttpRequest request) {
        return request.pathParameter("public_key").filter(k -> !k.isBlank())
                .orElseThrow(() -> ApiError.badParameter("public_key", "The path names no project"));
    }

    /**
     * The settings in a JSON body; a field that is absent or null leaves the project's value as it is
     * ({@code events_webhook}: "" removes it).
     */
    static ProjectAdministration.Settings settings(HttpRequest request) {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw new ApiError(400, "malformed_json", "The request body must be a JSON object");
        }
        return new ProjectAdministration.Settings(text(body, "name", 200), strings(body, "allowed_origins"),
                strings(body, "allowed_ip_ranges"), number(body, "rate_limit", 1_000_000),
                number(body, "rate_window_seconds", 86_400), flag(body, "self_signup"),
                flag(body, "require_verified_email"), number(body, "monthly_files", MAX_MONTHLY_FILES),
                text(body, "events_webhook", EventsWebhookUrl.MAX_LENGTH));
    }

    private static Optional<Boolean> flag(JsonNode body, String field) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw ApiError.badParameter(field, field + " is true or false");
        }
        return Optional.of(node.booleanValue());
    }

    private static Optional<String> text(JsonNode body, String field, int maxLength) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().length() > maxLength) {
            throw ApiError.badParameter(field, field + " is a string of at most " + maxLength + " characters");
        }
        return Optional.of(node.asText().strip());
    }

    private static Optional<List<String>> strings(JsonNode body, String field) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray() || node.size() > 100) {
            throw ApiError.badParameter(field, field + " is a list of at most 100 strings ([] for none)");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw ApiError.badParameter(field, field + " holds only non-empty strings");
            }
            values.add(value.asText().strip());
        }
        return Optional.of(values);
    }

    /** 0 means "the deployment's default". */
    private static Optional<Integer> number(JsonNode body, String field, int max) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > max) {
            throw ApiError.badParameter(field, field + " is a whole number from 0 (the deployment's default) to "
                    + max);
        }
        return Optional.of(node.asInt());
    }
}
