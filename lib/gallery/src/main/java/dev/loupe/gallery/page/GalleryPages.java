package dev.loupe.gallery.page;

import java.util.List;
import java.util.Optional;

import dev.loupe.gallery.Gallery;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.page.GalleryView;
import dev.loupe.core.http.ApiError;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;

/**
 * What the public page and player show, and the password form's answer, free of Lambda types: the gallery as its
 * security allows ({@link GalleryService#publicView}), mapped to a {@link GalleryPageModel} with presigned image
 * URLs. Image bytes never pass through here: the browser loads them from S3.
 */
public final class GalleryPages {
    /** The grid shows this thumbnail (sharp in a 2x cell); an image smaller than it has none and shows itself. */
    public static final int GRID_THUMBNAIL = 800;
    /** A view token is a short JWT; anything much longer is not one of ours. */
    static final int MAX_VIEW_TOKEN = 2_048;

    private final GalleryService galleries;
    private final ImageLinks links;

    public GalleryPages(GalleryService galleries, ImageLinks links) {
        this.galleries = galleries;
        this.links = links;
    }

    /** The page's and the player's model; the visit is counted. */
    public GalleryPageModel show(String projectId, String name, Optional<String> viewToken, String baseUrl) {
        return show(projectId, name, viewToken, Optional.empty(), baseUrl);
    }

    /**
     * The same for a visitor signed in with the session cookie as {@code visitorUserId} (a registered user of
     * {@code projectId}): the gallery's owner sees a private or protected gallery without a view token.
     */
    public GalleryPageModel show(String projectId, String name, Optional<String> viewToken,
                                 Optional<String> visitorUserId, String baseUrl) {
        if (viewToken.isPresent() && viewToken.get().length() > MAX_VIEW_TOKEN) {
            throw new ApiError(400, "bad_parameter_vt", "vt is not a view token", "vt");
        }
        return model(galleries.publicView(projectId, name, viewToken, visitorUserId, true), baseUrl, links);
    }

    /**
     * Where the right password leads: the page (or, from an embedded player, the player) with a fresh view token.
     * A wrong one is a 403 {@code wrong_password}, an empty one a 400 {@code missing_password}.
     */
    public String unlock(String projectId, String name, Optional<String> password, boolean toPlayer,
                         String baseUrl) {
        return unlock(projectId, name, password, toPlayer, baseUrl, Optional.empty());
    }

    /** {@link #unlock(String, String, Optional, boolean, String)}, wrong passwords counted against {@code address}. */
    public String unlock(String projectId, String name, Optional<String> password, boolean toPlayer,
                         String baseUrl, Optional<String> address) {
        String given = password.filter(p -> !p.isEmpty()).orElseThrow(() -> new ApiError(400, "missing_password",
                "Enter the gallery's password", "password"));
        String token = galleries.unlock(projectId, name, given, address);
        String page = GalleryView.pageUrl(baseUrl, projectId, name);
        return GalleryView.withViewToken(toPlayer ? page + "/player" : page, Optional.of(token));
    }

    /**
     * Where the sharing route sends a link preview (og:image): a fresh presigned link to the image's 1200 x 630
     * sharing crop, or to its largest thumbnail (else its original) if it was ingested before Loupe made crops. The
     * gallery's security holds as for its page, except that whatever a visitor may not see is a 404, never a
     * password form: an image that is not in the gallery, a private or protected gallery without a valid view token,
     * another project's ids. The visit is not counted.
     */
    public java.net.URI sharingImage(String projectId, String name, String imageId, Optional<String> viewToken) {
        if (viewToken.isPresent() && viewToken.get().length() > MAX_VIEW_TOKEN) {
            throw new ApiError(400, "bad_parameter_vt", "vt is not a view token", "vt");
        }
        GalleryService.PublicView view;
        try {
            view = galleries.publicView(projectId, name, viewToken, false);
        } catch (ApiError refused) {
            if (refused.status() == 401 || refused.status() == 403) {
                throw notFound();
            }
            throw refused;
        }
        Image image = view.images().stream().filter(i -> i.imageId().equals(imageId)).findFirst()
                .orElseThrow(GalleryPages::notFound);
        if (!image.renditionWidths().isEmpty()) {
            return links.sharingCrop(image);
        }
        return image.thumbnailSizes().stream().max(Integer::compare).map(size -> links.thumbnail(image, size))
                .orElseGet(() -> links.original(image));
    }

    /** The sharing route of one image of a gallery: {@code <page>/og/<image id>}. */
    public static String sharingImageUrl(String baseUrl, String projectId, String name, String imageId) {
        return GalleryView.pageUrl(baseUrl, projectId, name) + "/og/"
                + java.net.URLEncoder.encode(imageId, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ApiError notFound() {
        return new ApiError(404, "not_exist", "There is no such image in a gallery you may see");
    }

    /** The image's renditions as a picture's sources (widest first), or null when it has none. */
    static GalleryPageModel.Picture picture(Image image, ImageLinks links) {
        if (image.renditionWidths().isEmpty()) {
            return null;
        }
        java.util.function.Function<String, List<GalleryPageModel.Candidate>> candidates = extension ->
                image.renditionWidths().stream().map(w -> new GalleryPageModel.Candidate(
                        links.rendition(image, w, extension).toString(), w)).toList();
        return new GalleryPageModel.Picture(candidates.apply("avif"), candidates.apply("webp"),
                candidates.apply("jpg"));
    }

    /** Where a gallery's password form posts. */
    public static String unlockUrl(String baseUrl, String projectId, String name) {
        return GalleryView.pageUrl(baseUrl, projectId, name) + "/unlock";
    }

    /**
     * The model of a gallery a visitor may see: its URLs carry the view token that opened it (if any), each item
     * links its 800 px thumbnail for the grid and its original (the lightbox's and player's fallback), its renditions
     * and placeholder; the cover (og:image) is the sharing route of the chosen image or else the first.
     */
    static GalleryPageModel model(GalleryService.PublicView view, String baseUrl, ImageLinks links) {
        Gallery g = view.gallery();
        String page = GalleryView.pageUrl(baseUrl, g.projectId(), g.name());
        String pageUrl = GalleryView.withViewToken(page, view.viewToken());
        String playerUrl = GalleryView.withViewToken(page + "/player", view.viewToken());
        String embedUrl = playerUrl + (playerUrl.contains("?") ? "&" : "?") + "embed=1";
        List<GalleryPageModel.Item> items = view.images().stream().map(image -> new GalleryPageModel.Item(
                image.thumbnailSizes().contains(GRID_THUMBNAIL)
                        ? links.thumbnail(image, GRID_THUMBNAIL).toString() : null,
                links.original(image).toString(), g.details().captions().get(image.imageId()),
                Math.max(1, image.width()), Math.max(1, image.height()), picture(image, links),
                PlaceholderImages.dataUrl(image.placeholder(), Math.max(1, image.width()),
                        Math.max(1, image.height())).orElse(null))).toList();
        // Link previews show the chosen cover, else the first image, through the stable sharing route.
        String cover = g.details().coverImageId().flatMap(id -> view.images().stream()
                        .filter(i -> i.imageId().equals(id)).findFirst())
                .or(() -> view.images().stream().findFirst())
                .map(i -> GalleryView.withViewToken(sharingImageUrl(baseUrl, g.projectId(), g.name(), i.imageId()),
                        view.viewToken())).orElse(null);
        return new GalleryPageModel(g.title().isBlank() ? g.name() : g.title(), g.details().description(),
                g.ownerUserName().orElse(""), pageUrl, playerUrl, embedUrl, cover, items, g.details().player());
    }
}
