package dev.loupe.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to change of a gallery ({@code PATCH /v1/galleries/{name}}): only what is set is sent. Immutable: each method
 * answers a copy with one more change, as in {@code GalleryChanges.none().title("Shore").security("unlisted")}.
 */
public final class GalleryChanges {
    private final Map<String, Object> fields;

    private GalleryChanges(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static GalleryChanges none() {
        return new GalleryChanges(new LinkedHashMap<>());
    }

    public GalleryChanges title(String title) {
        return with("title", title);
    }

    public GalleryChanges description(String description) {
        return with("description", description);
    }

    /** The gallery's image ids in their new order. */
    public GalleryChanges order(List<String> imageIds) {
        return with("order", List.copyOf(imageIds));
    }

    /** public, unlisted, private or password (then with {@link #password}). */
    public GalleryChanges security(String security) {
        return with("security", security);
    }

    public GalleryChanges password(String password) {
        return with("password", password);
    }

    /** The cover image's library id. */
    public GalleryChanges cover(String imageId) {
        return with("cover", imageId);
    }

    public GalleryChanges playerInterval(int seconds) {
        return with("player_interval", seconds);
    }

    public GalleryChanges playerTransition(String transition) {
        return with("player_transition", transition);
    }

    public GalleryChanges playerLoop(boolean loop) {
        return with("player_loop", loop);
    }

    public GalleryChanges playerShuffle(boolean shuffle) {
        return with("player_shuffle", shuffle);
    }

    public GalleryChanges playerCaptions(boolean captions) {
        return with("player_captions", captions);
    }

    public GalleryChanges playerTheme(String theme) {
        return with("player_theme", theme);
    }

    /** Any other field of the gallery API's edit, by its API name. */
    public GalleryChanges with(String field, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(fields);
        more.put(field, value);
        return new GalleryChanges(more);
    }

    /** The fields as sent. */
    public Map<String, Object> fields() {
        return fields;
    }
}
