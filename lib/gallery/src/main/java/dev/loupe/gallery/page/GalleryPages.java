package dev.loupe.gallery.page;

import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Session;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.Gallery;
import dev.loupe.gallery.GalleryRatingService;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.Security;
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

    /** The page shows this many comments, newest first; the API pages through the rest. */
    public static final int PAGE_COMMENTS = 100;

    /**
     * The display name of a registered user of a project, from their profile (the people area's users); empty when
     * there is no such user or the lookup fails (the page then shows the username the gallery was made under).
     */
    @FunctionalInterface
    public interface OwnerNames {
        Optional<String> displayName(String projectId, String userId);

        OwnerNames NONE = (projectId, userId) -> Optional.empty();
    }

    private final GalleryService galleries;
    private final ImageLinks links;
    private final GalleryRatingService ratings;
    private final Optional<CommentService> comments;
    private final OwnerNames ownerNames;

    public GalleryPages(GalleryService galleries, ImageLinks links) {
        this(galleries, links, null, Optional.empty());
    }

    public GalleryPages(GalleryService galleries, ImageLinks links, GalleryRatingService ratings,
                        Optional<CommentService> comments) {
        this(galleries, links, ratings, comments, OwnerNames.NONE);
    }

    /**
     * @param ratings  the signed-in visitor's own stars, for the page's rating form; null: none are looked up
     * @param comments the comments the page shows, with their forms for a signed-in visitor
     */
    /** @param ownerNames the owners' display names from their profiles */
    public GalleryPages(GalleryService galleries, ImageLinks links, GalleryRatingService ratings,
                        Optional<CommentService> comments, OwnerNames ownerNames) {
        this.galleries = galleries;
        this.links = links;
        this.ratings = ratings;
        this.comments = comments;
        this.ownerNames = ownerNames;
    }

    /** The page's model (with its rating and visitor's forms) and its comments section. */
    public record Shown(GalleryPageModel model, CommentsSection comments) {
    }

    /**
     * The page for a visitor with the session cookie {@code session} (logged in or anonymous, of {@code projectId}):
     * the gallery's security is applied first and the visit counted; then the page's forms: the rating form, the
     * comment forms and sign-out for a logged-in visitor, the sign-in form (with {@code signInProblem}, the last
     * try's, if any) for anyone else. Every project allows Loupe logins (people part 1 has no switch for it: any
     * token of a project may log in), so the sign-in form always shows.
     */
    public Shown show(String projectId, String name, Optional<String> viewToken, Optional<Session> session,
                      Optional<String> signInProblem, String baseUrl) {
        Optional<Session> signedIn = session.filter(Session::loggedIn).filter(s -> s.userId().isPresent());
        Optional<String> user = signedIn.flatMap(Session::userId);
        GalleryService.PublicView view = view(projectId, name, viewToken, user);
        GalleryPageModel plain = model(view, baseUrl, links, ownerNames);
        Gallery g = view.gallery();
        String page = GalleryView.pageUrl(baseUrl, projectId, name);
        Integer own = user.isEmpty() || ratings == null ? null : ratings.starsOf(g, user).orElse(null);
        GalleryPageModel.Rating rating = new GalleryPageModel.Rating(g.ratings().average().orElse(null),
                g.ratings().count(), own, page + "/rating");
        GalleryPageModel.Visitor visitor = new GalleryPageModel.Visitor(
                user.isPresent() ? session.flatMap(Session::userName).orElse("you") : null,
                session.map(Session::csrfToken).orElse(null), page + "/sign-in", page + "/sign-out",
                view.viewToken().orElse(null), signInProblem.orElse(null));
        GalleryPageModel model = plain.with(rating, visitor);
        if (comments.isEmpty()) {
            return new Shown(model, CommentsSection.NONE);
        }
        Optional<CommentsSection.Visitor> commenter = signedIn.map(s -> new CommentsSection.Visitor(
                s.userId().orElseThrow(), s.userName().orElse(s.userId().orElseThrow()), s.csrfToken()));
        CommentService.Thread thread = comments.get().forPage(g, user, PAGE_COMMENTS);
        return new Shown(model, new CommentsSection(baseUrl, projectId, name, thread.comments(),
                thread.commentCount(), commenter, view.viewToken()));
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
        return model(view(projectId, name, viewToken, visitorUserId), baseUrl, links, ownerNames);
    }

    /** The gallery as its security lets this visitor see it; the visit is counted. */
    private GalleryService.PublicView view(String projectId, String name, Optional<String> viewToken,
                                           Optional<String> visitorUserId) {
        if (viewToken.isPresent() && viewToken.get().length() > MAX_VIEW_TOKEN) {
            throw new ApiError(400, "bad_parameter_vt", "vt is not a view token", "vt");
        }
        return galleries.publicView(projectId, name, viewToken, visitorUserId, true);
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
        return model(view, baseUrl, links, OwnerNames.NONE);
    }

    /** The same, the owner shown by the display name of their profile where they have one. */
    static GalleryPageModel model(GalleryService.PublicView view, String baseUrl, ImageLinks links,
                                  OwnerNames ownerNames) {
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
                        Math.max(1, image.height())).orElse(null),
                links.download(image.objectKey(), image.fileName()).toString())).toList();
        // Link previews show the chosen cover, else the first image, through the stable sharing route.
        String cover = g.details().coverImageId().flatMap(id -> view.images().stream()
                        .filter(i -> i.imageId().equals(id)).findFirst())
                .or(() -> view.images().stream().findFirst())
                .map(i -> GalleryView.withViewToken(sharingImageUrl(baseUrl, g.projectId(), g.name(), i.imageId()),
                        view.viewToken())).orElse(null);
        return new GalleryPageModel(g.title().isBlank() ? g.name() : g.title(), g.details().description(),
                ownerName(g, ownerNames), pageUrl, playerUrl, embedUrl, cover, items, g.details().player())
                .with(g.added(), g.details().security() == Security.PUBLIC, DOWNLOADS);
    }

    /**
     * Whether the lightbox offers each original for download. Every gallery does: its page already links each
     * original as the full image (the grid's link without JavaScript, the lightbox's fallback), so a download
     * button gives away nothing more; the gallery API has no setting for it yet.
     */
    static final boolean DOWNLOADS = true;

    /**
     * The name the page shows for the owner: a registered owner's display name from their profile, else the username
     * the gallery was made under, but never a raw user id (a token without a username stored its sub there), and
     * nothing for an anonymous owner.
     */
    static String ownerName(Gallery g, OwnerNames ownerNames) {
        Optional<String> profile = g.ownerUserId().flatMap(id -> {
            try {
                return ownerNames.displayName(g.projectId(), id);
            } catch (RuntimeException e) {
                // The name is a nicety: a failed lookup must not cost the visitor the page.
                return Optional.empty();
            }
        }).filter(name -> !name.isBlank());
        return profile.or(() -> g.ownerUserName().filter(name -> !name.isBlank()
                        && !g.ownerUserId().equals(Optional.of(name))))
                .orElse("");
    }
}
