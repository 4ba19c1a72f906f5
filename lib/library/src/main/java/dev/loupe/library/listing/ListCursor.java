package dev.loupe.library.listing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.http.ApiError;

/**
 * Where the next page of a cursor listing starts: the last image's sort value (and, for status and extension sorts,
 * its group), so that every stream restarts with a key condition after it and a page costs the same however deep it
 * is. Clients treat it as
 * opaque (base64url of a small JSON object); the query's fingerprint stops it from being used with another sort,
 * filter or search.
 */
record ListCursor(String fingerprint, int group, String after) {
    private static final ObjectMapper JSON = new ObjectMapper();

    String encode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("f", fingerprint);
        node.put("g", group);
        node.put("a", after);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; a 400 on {@code cursor} when it is not one of ours or not for this query. */
    static ListCursor decode(String token, ListQuery query) {
        JsonNode node;
        try {
            node = JSON.readTree(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw bad("cursor is not a next_cursor this API gave");
        }
        if (node == null || !node.path("f").isTextual() || !node.path("g").canConvertToInt()
                || !node.path("a").isTextual() || node.path("g").asInt() < 0) {
            throw bad("cursor is not a next_cursor this API gave");
        }
        if (!node.path("f").asText().equals(fingerprint(query))) {
            throw bad("cursor belongs to a listing with another sort, filter or search; start again without it");
        }
        return new ListCursor(node.path("f").asText(), node.path("g").asInt(), node.path("a").asText());
    }

    /** What makes two queries the same listing: sort, direction, filters and search (not the page size). */
    static String fingerprint(ListQuery query) {
        String text = query.sort().word() + "|" + query.descending() + "|" + new TreeSet<>(query.statuses()) + "|"
                + new TreeSet<>(query.extensions()) + "|" + query.search().orElse("");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiError bad(String message) {
        return ApiError.badParameter("cursor", message);
    }
}
