package dev.loupe.gallery.page;

import java.util.List;
import java.util.Objects;

import dev.loupe.gallery.PlayerSetup;

/**
 * What the public pages show of one gallery: already resolved URLs and plain user text (the renderers escape it).
 * Kept free of the gallery's storage types so the pages do not change when the store does.
 */
public record GalleryPageModel(String title, String description, String ownerName, String pageUrl, String playerUrl,
                               String embedUrl, String coverImageUrl, List<Item> items, PlayerSetup player,
                               Rating rating, Visitor visitor) {

    /** A page without ratings or a visitor's forms (the player's model, and tests of the rest). */
    public GalleryPageModel(String title, String description, String ownerName, String pageUrl, String playerUrl,
                            String embedUrl, String coverImageUrl, List<Item> items, PlayerSetup player) {
        this(title, description, ownerName, pageUrl, playerUrl, embedUrl, coverImageUrl, items, player, null, null);
    }

    /**
     * The gallery's ratings as the page shows them.
     *
     * @param average  two decimals; null when no one rated it
     * @param ownStars the signed-in visitor's own rating, preselected in the form; null for none
     * @param rateUrl  where the rating form posts
     */
    public record Rating(Double average, long count, Integer ownStars, String rateUrl) {
    }

    /**
     * Who is looking, for the page's forms.
     *
     * @param userName   the signed-in visitor's username; null when no one is signed in (the sign-in form shows)
     * @param csrfToken  the visitor's session's CSRF token, which every form carries; null without a session
     * @param viewToken  the view token that opened the page, carried by the forms so that they return to it
     * @param problem    what went wrong with the last sign-in, shown beside its form; null when nothing did
     */
    public record Visitor(String userName, String csrfToken, String signInUrl, String signOutUrl, String viewToken,
                          String problem) {
        public boolean signedIn() {
            return userName != null;
        }
    }

    public GalleryPageModel {
        title = title == null || title.isBlank() ? "Untitled gallery" : title;
        description = description == null ? "" : description;
        ownerName = ownerName == null ? "" : ownerName;
        Objects.requireNonNull(pageUrl, "pageUrl");
        Objects.requireNonNull(playerUrl, "playerUrl");
        embedUrl = embedUrl == null ? playerUrl : embedUrl;
        items = List.copyOf(items);
        // A gallery without an explicit cover previews with its first image.
        if (coverImageUrl == null && !items.isEmpty()) coverImageUrl = items.getFirst().imageUrl();
        player = player == null ? PlayerSetup.DEFAULTS : player;
    }

    /** One image: its grid thumbnail, the full image and its pixel size (so the layout does not jump while loading). */
    public record Item(String thumbnailUrl, String imageUrl, String caption, int width, int height) {
        public Item {
            Objects.requireNonNull(imageUrl, "imageUrl");
            thumbnailUrl = thumbnailUrl == null ? imageUrl : thumbnailUrl;
            caption = caption == null ? "" : caption;
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("width and height must be positive");
        }

        /** The alt text: the caption, else the file name of the image. */
        public String altText() {
            if (!caption.isBlank()) return caption;
            String path = imageUrl.replaceFirst("[?#].*$", "");
            String name = path.substring(path.lastIndexOf('/') + 1);
            // A path's "+" is a plus, not a space as in a query string.
            return java.net.URLDecoder.decode(name.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
