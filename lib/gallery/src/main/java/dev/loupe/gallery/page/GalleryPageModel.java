package dev.loupe.gallery.page;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.loupe.gallery.PlayerSetup;

/**
 * What the public pages show of one gallery: already resolved URLs and plain user text (the renderers escape it).
 * Kept free of the gallery's storage types so the pages do not change when the store does.
 *
 * @param ownerName the owner's display name (from their profile, else their username); empty when unknown, never a
 *                  raw user id
 * @param added     when the gallery was made, the date the page shows; null: none shown
 * @param indexable false for a gallery that must stay out of search engines (unlisted, password, private): the
 *                  page carries {@code noindex}
 * @param downloads the lightbox offers each original for download (the gallery's {@code downloads} setting)
 */
public record GalleryPageModel(String title, String description, String ownerName, String pageUrl, String playerUrl,
                               String embedUrl, String coverImageUrl, List<Item> items, PlayerSetup player,
                               Rating rating, Visitor visitor, Instant added, boolean indexable,
                               boolean downloads) {

    /** A page without ratings or a visitor's forms (the player's model, and tests of the rest). */
    public GalleryPageModel(String title, String description, String ownerName, String pageUrl, String playerUrl,
                            String embedUrl, String coverImageUrl, List<Item> items, PlayerSetup player) {
        this(title, description, ownerName, pageUrl, playerUrl, embedUrl, coverImageUrl, items, player, null, null);
    }

    /** A page with ratings and a visitor, but no date, indexable, its originals not offered for download. */
    public GalleryPageModel(String title, String description, String ownerName, String pageUrl, String playerUrl,
                            String embedUrl, String coverImageUrl, List<Item> items, PlayerSetup player,
                            Rating rating, Visitor visitor) {
        this(title, description, ownerName, pageUrl, playerUrl, embedUrl, coverImageUrl, items, player, rating,
                visitor, null, true, false);
    }

    /** The same page with its rating and visitor's forms. */
    public GalleryPageModel with(Rating rating, Visitor visitor) {
        return new GalleryPageModel(title, description, ownerName, pageUrl, playerUrl, embedUrl, coverImageUrl, items,
                player, rating, visitor, added, indexable, downloads);
    }

    /**
     * The same page with its date ({@code added}, null for none), whether search engines may index it (only a
     * public gallery's: an unlisted one's carries noindex) and whether the lightbox offers its originals for download.
     */
    public GalleryPageModel with(Instant added, boolean indexable, boolean downloads) {
        return new GalleryPageModel(title, description, ownerName, pageUrl, playerUrl, embedUrl, coverImageUrl, items,
                player, rating, visitor, added, indexable, downloads);
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

    /**
     * One image: its grid thumbnail, the full image and its pixel size (so the layout does not jump while loading);
     * its renditions as srcsets, one per format, when it has them ({@code picture}, else null), the data URL of
     * its placeholder ({@code placeholder}, else null), and a link that downloads its original ({@code downloadUrl},
     * null when none is offered).
     */
    public record Item(String thumbnailUrl, String imageUrl, String caption, int width, int height, Picture picture,
                       String placeholder, String downloadUrl) {
        public Item {
            Objects.requireNonNull(imageUrl, "imageUrl");
            thumbnailUrl = thumbnailUrl == null ? imageUrl : thumbnailUrl;
            caption = caption == null ? "" : caption;
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("width and height must be positive");
        }

        public Item(String thumbnailUrl, String imageUrl, String caption, int width, int height) {
            this(thumbnailUrl, imageUrl, caption, width, height, null, null, null);
        }

        /** An item whose original is not offered as a download (the download link is the original as an attachment). */
        public Item(String thumbnailUrl, String imageUrl, String caption, int width, int height, Picture picture,
                    String placeholder) {
            this(thumbnailUrl, imageUrl, caption, width, height, picture, placeholder, null);
        }

        /** Width over height: the grid sizes the item's tile from it. */
        public double ratio() {
            return (double) width / height;
        }

        /** Every URL the item may load, for the page's img-src. */
        public List<String> urls() {
            List<String> urls = new java.util.ArrayList<>(List.of(thumbnailUrl, imageUrl));
            if (picture != null) picture.candidates().forEach(c -> urls.add(c.url()));
            return urls;
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

    /** A candidate of a srcset: a rendition's URL and width. */
    public record Candidate(String url, int width) {
    }

    /** An image's renditions, widest first, in AVIF, WebP and JPEG: a picture's sources and its img's srcset. */
    public record Picture(List<Candidate> avif, List<Candidate> webp, List<Candidate> jpeg) {
        public Picture {
            avif = List.copyOf(avif);
            webp = List.copyOf(webp);
            jpeg = List.copyOf(jpeg);
            if (jpeg.isEmpty()) throw new IllegalArgumentException("a picture has at least one JPEG rendition");
        }

        List<Candidate> candidates() {
            List<Candidate> all = new java.util.ArrayList<>(avif);
            all.addAll(webp);
            all.addAll(jpeg);
            return all;
        }

        /** The smallest JPEG at least {@code width} wide, else the widest: an img's src for what can't read srcset. */
        public Candidate jpegFor(int width) {
            return jpeg.stream().filter(c -> c.width() >= width).min(java.util.Comparator.comparingInt(Candidate::width))
                    .orElse(jpeg.getFirst());
        }
    }
}
