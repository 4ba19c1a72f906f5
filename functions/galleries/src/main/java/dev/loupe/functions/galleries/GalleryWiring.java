package dev.loupe.functions.galleries;

import java.time.Clock;
import java.util.Optional;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.limits.ProjectGate;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.core.Lazy;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.GalleryRatingService;
import dev.loupe.gallery.GalleryRatings;
import dev.loupe.gallery.GallerySearch;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.PasswordThrottle;
import dev.loupe.gallery.UserBlocks;
import dev.loupe.auth.limits.FailureCounts;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.GalleryWordIndex;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.FolderStore;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.library.IngestService;
import dev.loupe.library.UploadService;
import dev.loupe.people.Blocks;
import dev.loupe.people.User;
import dev.loupe.people.UserStore;
import dev.loupe.s3.S3Clients;

/**
 * How the galleries area's handlers get their services: each is built on first use, once per container, from the
 * function's environment, and handed to the handler's constructor. Tests build the handlers with their
 * package-private constructors instead.
 *
 * <p>Only requests that may let in an invited member of a private or protected gallery (view, contribute and remove a
 * contribution, rate, the page and player of a signed-in visitor, the single endpoint, which views) check membership,
 * and with it the owner's blocks in the users table ({@link #service}); the others get {@link #serviceWithoutMembers},
 * so that their functions neither reach the users table nor hold its grant (IamGrantsTest derives the grants from
 * this wiring).
 */
final class GalleryWiring {
    private static final Lazy<ImageStore> IMAGES = new Lazy<>();
    private static final Lazy<GalleryStore> STORE = new Lazy<>();
    private static final Lazy<ImageLinks> LINKS = new Lazy<>();
    private static final Lazy<GalleryService> SERVICE = new Lazy<>();
    private static final Lazy<GalleryService> SERVICE_WITHOUT_MEMBERS = new Lazy<>();
    private static final Lazy<UploadService> UPLOADS = new Lazy<>();
    private static final Lazy<GalleryCalls> CALLS = new Lazy<>();
    private static final Lazy<GalleryCalls> CALLS_ADMITTING_MEMBERS = new Lazy<>();
    private static final Lazy<GalleryPages> PAGES = new Lazy<>();
    private static final Lazy<GallerySearch> SEARCH = new Lazy<>();
    private static final Lazy<CommentService> COMMENTS = new Lazy<>();
    private static final Lazy<CommentStore> COMMENT_STORE = new Lazy<>();
    private static final Lazy<GalleryRatingService> RATINGS = new Lazy<>();
    private static final Lazy<GalleryRatingCalls> RATING_CALLS = new Lazy<>();
    private static final Lazy<GalleryRatingCalls> TOP_RATED_CALLS = new Lazy<>();
    private static final Lazy<GalleryPages> PAGES_WITHOUT_VISITORS = new Lazy<>();
    private static final Lazy<UserStore> USERS = new Lazy<>();
    private static final Lazy<GalleryPages> SHOWN_PAGES = new Lazy<>();
    private static final Lazy<Blocks> BLOCKS = new Lazy<>();

    private GalleryWiring() {
    }

    /** The verifier, each verified call counted against its project's rate ({@link ProjectGate#counting}). */
    static Authenticator authenticator() {
        return ProjectGate.counting(Authentication.authenticator(), ProjectGate::fromEnv);
    }

    /**
     * The gallery API's actions for the routes that let in no invited member: create, add, edit, delete, delete an
     * image, list, newest.
     */
    static GalleryCalls calls() {
        return CALLS.get(() -> new GalleryCalls(serviceWithoutMembers(), links(), GalleryWiring::uploads));
    }

    /**
     * The same for view, contribute and remove a contribution, which let in invited members (a contributor removes
     * its own), and the single endpoint (it views too).
     */
    static GalleryCalls callsAdmittingMembers() {
        return CALLS_ADMITTING_MEMBERS.get(() -> new GalleryCalls(service(), links(), GalleryWiring::uploads));
    }

    /** The rating routes' actions (a member rates a gallery it was invited to). */
    static GalleryRatingCalls ratingCalls() {
        return RATING_CALLS.get(() -> new GalleryRatingCalls(ratings()));
    }

    /** The top-rated list's: public galleries only, no member. */
    static GalleryRatingCalls topRatedCalls() {
        return TOP_RATED_CALLS.get(() -> new GalleryRatingCalls(new GalleryRatingService(serviceWithoutMembers(),
                store(), new GalleryRatings(DynamoDbClients.client(), Env.GALLERIES_TABLE.required(),
                Clock.systemUTC()))));
    }

    /** Ratings and the top-rated list (the galleries table only). */
    static GalleryRatingService ratings() {
        return RATINGS.get(() -> new GalleryRatingService(service(), store(),
                new GalleryRatings(DynamoDbClients.client(), Env.GALLERIES_TABLE.required(), Clock.systemUTC())));
    }

    /**
     * Who a public page's visitor is (their session cookie, if any): the plain verifier, since a page's visit is not
     * an API call and counts against no project's rate.
     */
    static Authenticator visitors() {
        return Authentication.authenticator();
    }

    /** The public pages as the page's rating form acts on them (a signed-in member rates). */
    static GalleryPages pages() {
        return PAGES.get(() -> new GalleryPages(service(), links(), ratings(), Optional.of(comments())));
    }

    /**
     * The unlock form and the sharing image, which have no visitor (a password, a view token): no member, no
     * ratings, no comments.
     */
    static GalleryPages pagesWithoutVisitors() {
        return PAGES_WITHOUT_VISITORS.get(() -> new GalleryPages(serviceWithoutMembers(), links()));
    }

    /**
     * The same for the page and the player, which show the owner's display name from their profile: only they read
     * the users table (the unlock, rating and sharing routes show no name, nor hold its grant).
     */
    static GalleryPages shownPages() {
        return SHOWN_PAGES.get(() -> new GalleryPages(service(), links(), ratings(), Optional.of(comments()),
                GalleryWiring::ownerDisplayName));
    }

    /** A gallery owner's display name from their profile in the users table (the people area's). */
    private static Optional<String> ownerDisplayName(String projectId, String userId) {
        return users().findById(projectId, userId).map(User::displayName);
    }

    private static UserStore users() {
        return USERS.get(() -> new UserStore(DynamoDbClients.client(), DynamoDbClients.enhanced(),
                Env.USERS_TABLE.required()));
    }

    /**
     * Whether a gallery's owner blocks a user (the people area's blocks in the users table): an invited member the
     * owner blocks is let in no more. Read only for a visitor who holds an invitation.
     */
    private static boolean ownerBlocks(String projectId, String ownerUserId, String userId) {
        return BLOCKS.get(() -> new Blocks(DynamoDbClients.client(), Env.USERS_TABLE.required(), users(),
                Clock.systemUTC())).isBlocked(projectId, ownerUserId, userId);
    }

    /** The comments the gallery page shows (the people area's functions change them). */
    private static CommentService comments() {
        return COMMENTS.get(() -> new CommentService(
                commentStore(), store(), images(), PasswordThrottle.NONE, new RateLimiter(
                        DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC()),
                GalleryWiring::ownerBlocks, Clock.systemUTC()));
    }

    /** The comments' table access: the stream's purge of a deleted gallery's comments uses it alone. */
    static CommentStore commentStore() {
        return COMMENT_STORE.get(() -> new CommentStore(DynamoDbClients.client(),
                Env.GALLERIES_TABLE.required()));
    }

    /** The title search and the word index that the galleries table's stream keeps (the table only). */
    static GallerySearch search() {
        return SEARCH.get(() -> new GallerySearch(store(),
                new GalleryWordIndex(DynamoDbClients.client(), Env.GALLERIES_TABLE.required())));
    }

    /** The service for requests that may let in an invited member: it reads the owner's blocks. */
    private static GalleryService service() {
        return SERVICE.get(() -> galleryService(GalleryWiring::ownerBlocks));
    }

    /**
     * The service for requests that let in no invited member: it never asks whether an owner blocks a member, so it
     * is given no blocks to read; should a request ask, it fails rather than let in a member the owner blocked.
     */
    private static GalleryService serviceWithoutMembers() {
        return SERVICE_WITHOUT_MEMBERS.get(() -> galleryService(GalleryWiring::noMembershipChecked));
    }

    private static GalleryService galleryService(UserBlocks blocks) {
        // The service only records and removes usages: its ImageObjects is never asked to delete from here, so its
        // S3 client is built only if it ever is (a gallery view's cold start builds none).
        return new GalleryService(store(), images(), new ImageService(images(),
                ImageObjects.onFirstUse(S3Clients::client, Env.IMAGE_BUCKET.required()), Clock.systemUTC()),
                Clock.systemUTC(), new PasswordThrottle(new FailureCounts(DynamoDbClients.client(),
                        Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC()), Clock.systemUTC()), blocks);
    }

    /** The owner's blocks where no membership is checked ({@link #serviceWithoutMembers}). */
    private static boolean noMembershipChecked(String projectId, String ownerUserId, String userId) {
        throw new IllegalStateException("this function checks no gallery membership: its wiring reads no users "
                + "table (GalleryWiring.service)");
    }

    /** The library's direct upload, for create and add with files: built only when a request brings files. */
    private static UploadService uploads() {
        return UPLOADS.get(() -> new UploadService(images(),
                new IngestService(images(), new ImagingEngine(), Clock.systemUTC()),
                new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), S3Clients.presigner(),
                new FolderStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required())::isOpen, Clock.systemUTC()));
    }

    private static ImageStore images() {
        return IMAGES.get(() -> new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()));
    }

    private static GalleryStore store() {
        return STORE.get(() -> new GalleryStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()));
    }

    private static ImageLinks links() {
        return LINKS.get(() -> new ImageLinks(S3Clients.presigner(), Env.IMAGE_BUCKET.required()));
    }
}
