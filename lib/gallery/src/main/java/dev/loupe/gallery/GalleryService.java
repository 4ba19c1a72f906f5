package dev.loupe.gallery;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.library.Image;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The ImageShack-style gallery API's actions, free of Lambda types: the routes and the gallery API's single endpoint
 * call these. A gallery shows library images of its own project. This class orchestrates: who may see and change a
 * gallery is {@link GalleryAccess}'s, what input is valid {@link GalleryInput}'s, the library's usage records
 * {@link GalleryUsages}', the stored galleries {@link GalleryStore}'s.
 */
public final class GalleryService {
    /** The gallery API adds random symbols until the name is free; a handful of tries is plenty with 36^5 suffixes. */
    private static final int NAME_ATTEMPTS = 8;
    /** Bounds the gallery item (image ids live on it) far below DynamoDB's 400 KB. */
    public static final int MAX_IMAGES = 1_000;
    /** Enough for dozens of writers on one gallery: each lost race means another writer's change went in. */
    private static final int WRITE_ATTEMPTS = 200;

    private final GalleryStore store;
    private final ImageStore images;
    private final GalleryUsages usages;
    private final GalleryAccess access;
    private final InvitationStore invitations;
    private final Clock clock;
    private final AtomicLong retries = new AtomicLong();

    public GalleryService(GalleryStore store, ImageStore images, ImageService library, Clock clock) {
        this(store, images, library, clock, PasswordThrottle.NONE);
    }

    /** @param throttle how fast passwords may be guessed ({@link PasswordThrottle}) */
    public GalleryService(GalleryStore store, ImageStore images, ImageService library, Clock clock,
                          PasswordThrottle throttle) {
        this(store, images, library, clock, throttle, UserBlocks.NONE);
    }

    /** @param userBlocks owners' blocks of users: a blocked member is let in no more ({@link GalleryAccess}) */
    public GalleryService(GalleryStore store, ImageStore images, ImageService library, Clock clock,
                          PasswordThrottle throttle, UserBlocks userBlocks) {
        this.store = store;
        this.images = images;
        this.usages = new GalleryUsages(library);
        this.invitations = store.invitations();
        this.access = new GalleryAccess(clock, throttle, invitations, userBlocks);
        this.clock = clock;
    }

    /** How many writes lost a race on a gallery's version and were retried (tests show races happen). */
    public long retries() {
        return retries.get();
    }

    /**
     * What create takes: the gallery API's {@code title}, {@code name}, {@code token} and {@code image} parameters.
     */
    public record CreateCommand(Optional<String> title, Optional<String> name, Optional<String> ownerToken,
                                List<String> images, Settings settings) {
        public CreateCommand(Optional<String> title, Optional<String> name, Optional<String> ownerToken,
                             List<String> images) {
            this(title, name, ownerToken, images, Settings.NONE);
        }
    }

    /**
     * The slideshow side of a gallery (the slideshow API's looop metadata, security and player setup) as create and
     * edit take it: each field changes only when given. {@code captions} maps image ids to captions; an empty
     * caption removes one. {@code cover} empty ("") clears the cover.
     */
    public record Settings(Optional<String> description, Optional<Security> security, Optional<String> password,
                           Optional<Integer> interval, Optional<PlayerSetup.Transition> transition,
                           Optional<Boolean> loop, Optional<Boolean> shuffle, Optional<Boolean> captionsShown,
                           Optional<PlayerSetup.Theme> theme, Optional<String> cover, Map<String, String> captions) {
        public static final Settings NONE = new Settings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());

        public Settings {
            captions = captions == null ? Map.of() : Map.copyOf(captions);
        }
    }

    /**
     * What a visitor shows to see a password-protected gallery: the password, or a view token it gave earlier; and
     * the client address its wrong passwords are counted against ({@link PasswordThrottle}).
     */
    public record Access(Optional<String> password, Optional<String> viewToken, Optional<String> address) {
        public static final Access NONE = new Access(Optional.empty(), Optional.empty(), Optional.empty());

        public Access(Optional<String> password, Optional<String> viewToken) {
            this(password, viewToken, Optional.empty());
        }
    }

    /**
     * A gallery, the owner token when (and only when) the caller may see it, and the library images it shows, in
     * order (images deleted from the library meanwhile are left out).
     */
    public record Result(Gallery gallery, Optional<String> ownerToken, List<Image> images,
                         Optional<String> viewToken) {
        public Result(Gallery gallery, Optional<String> ownerToken, List<Image> images) {
            this(gallery, ownerToken, images, Optional.empty());
        }
    }

    /**
     * What edit changes: the title; with {@code images}, the whole image list (the gallery API's edit: those images,
     * in that order, and no others); and the order (image ids named go first, in that order; the rest follow).
     */
    public record EditCommand(Optional<String> title, Optional<List<String>> images, List<String> order,
                              Settings settings) {
        public EditCommand(Optional<String> title, List<String> order, Settings settings) {
            this(title, Optional.empty(), order, settings);
        }

        public EditCommand(Optional<String> title, List<String> order) {
            this(title, Optional.empty(), order, Settings.NONE);
        }
    }

    /** A page of a user's galleries (gallery_list) and how many there are. */
    public record ListResult(int total, List<Gallery> galleries) {
    }

    public Result create(Caller caller, CreateCommand command) {
        String title = GalleryInput.validTitle(command.title());
        List<Image> files = libraryImages(caller.projectId(), command.images());
        String wanted = command.name().map(GalleryInput::validName).orElseGet(() -> GalleryInput.nameFromTitle(
                files.isEmpty() ? title : GalleryInput.stripExtension(files.getFirst().fileName())));
        if (files.size() > MAX_IMAGES) {
            throw tooMany();
        }

        // A registered user (the token's sub) takes precedence over an anonymous owner token, as cookies do in the
        // gallery API.
        Optional<String> token = caller.isRegisteredUser() ? Optional.empty()
                : Optional.of(OwnerTokens.validated(command.ownerToken()).orElseGet(OwnerTokens::newToken));

        List<String> ids = files.stream().map(Image::imageId).toList();
        Gallery.Details details = GalleryInput.applied(Gallery.Details.DEFAULTS, command.settings(), ids);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
                String name = attempt == 0 ? wanted : GalleryInput.withSuffix(wanted);
                Gallery gallery = new Gallery(caller.projectId(), name, title, caller.userId(),
                        caller.isRegisteredUser() ? caller.userName().or(caller::userId) : Optional.empty(),
                        token.map(OwnerTokens::hash), now, now, 1, ids, details, 0);
                if (store.createIfNameFree(gallery)) {
                    recordUsagesOrUndo(gallery, files);
                    return new Result(gallery, token, files, access.ownerViewToken(gallery));
                }
            }
        } catch (SdkException e) {
            throw new ApiError(500, "io_create_error", "Unable to create new album file");
        }
        throw new ApiError(500, "io_create_error", "Unable to create new album file: no free name found");
    }

    public Result view(Caller caller, String name, Optional<String> ownerToken) {
        return view(caller, name, ownerToken, Access.NONE);
    }

    /**
     * One gallery of the caller's project, as its security allows: the owner sees it always; others see a public or
     * unlisted one, a password-protected one with its password or a view token, and never a private one (it does not
     * exist for them). The owner token comes back only to whoever sent it; another project's gallery is as absent as
     * a missing one. Whoever may see a protected or private gallery also gets a view token for its page and player.
     */
    public Result view(Caller caller, String name, Optional<String> ownerToken, Access visitor) {
        try {
            Gallery gallery = store.find(caller.projectId(), name).filter(g -> !g.details().deleting())
                    .orElseThrow(GalleryAccess::notExist);
            if (GalleryAccess.owns(caller, gallery, ownerToken)) {
                return result(gallery, ownerToken);
            }
            // An invited member gets no view token: its session opens the page, and a revoke closes it at once.
            Optional<String> viewToken = access.member(gallery, caller.userId()) ? Optional.empty()
                    : access.admitted(gallery, visitor);
            Result shown = result(gallery, Optional.empty());
            return new Result(shown.gallery(), Optional.empty(), shown.images(), viewToken);
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /**
     * The gallery as {@link #view} lets the caller see it, without its images: what the rating routes act on, so
     * that they follow the gallery's access (a private gallery is 404 for all but its owner, a protected one needs
     * its password or a view token).
     */
    public Gallery visible(Caller caller, String name, Access visitor) {
        try {
            Gallery gallery = store.find(caller.projectId(), name).filter(g -> !g.details().deleting())
                    .orElseThrow(GalleryAccess::notExist);
            if (!GalleryAccess.owns(caller, gallery, Optional.empty()) && !access.member(gallery, caller.userId())) {
                access.admitted(gallery, visitor);
            }
            return gallery;
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /** What the public page and player get: the gallery, its images, and the view token that opened it, if any. */
    public record PublicView(Gallery gallery, List<Image> images, Optional<String> viewToken) {
    }

    /**
     * The gallery for its public page or player, which have no caller: a public or unlisted gallery for anyone, a
     * password-protected one with a view token (401 {@code password_required} without), a private one only with a
     * view token its owner got from the API (404 {@code not_exist} without, as for a missing one). With
     * {@code countView}, the visit is counted.
     */
    public PublicView publicView(String projectId, String name, Optional<String> viewToken, boolean countView) {
        return publicView(projectId, name, viewToken, Optional.empty(), countView);
    }

    /**
     * As {@link #publicView(String, String, Optional, boolean)}, for a visitor signed in with a session cookie
     * ({@code visitorUserId}, a registered user of {@code projectId}): the gallery's owner sees it whatever its
     * security, with no view token; anyone else is let in as without the cookie.
     */
    public PublicView publicView(String projectId, String name, Optional<String> viewToken,
                                 Optional<String> visitorUserId, boolean countView) {
        try {
            Gallery gallery = store.find(projectId, name).filter(g -> !g.details().deleting())
                    .orElseThrow(GalleryAccess::notExist);
            boolean owner = visitorUserId.isPresent() && visitorUserId.equals(gallery.ownerUserId());
            boolean member = !owner && access.member(gallery, visitorUserId);
            boolean tokenValid = owner || member ? access.tokenValid(gallery, viewToken)
                    : access.admittedToPage(gallery, viewToken);
            Gallery counted = countView ? gallery.withViews(store.countView(gallery)) : gallery;
            return new PublicView(counted, shownImages(counted), viewToken.filter(t -> tokenValid));
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /**
     * A view token for a password-protected gallery, for a visitor who knows its password: 403
     * {@code wrong_password} otherwise. Other galleries need none (a private one opens only for its owner).
     */
    public String unlock(String projectId, String name, String password) {
        return unlock(projectId, name, password, Optional.empty());
    }

    /** {@link #unlock(String, String, String)}, counting a wrong password against the client's address. */
    public String unlock(String projectId, String name, String password, Optional<String> address) {
        try {
            Gallery gallery = store.find(projectId, name).filter(g -> !g.details().deleting())
                    .filter(g -> g.details().security() != Security.PRIVATE).orElseThrow(GalleryAccess::notExist);
            if (gallery.details().security() != Security.PASSWORD) {
                throw new ApiError(400, "bad_parameter_password", "This gallery is not protected by a password",
                        "password");
            }
            return access.admitted(gallery, new Access(Optional.of(password), Optional.empty(), address))
                    .orElseThrow();
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /**
     * The project's public galleries, newest first ({@code limit} 1 to 100, from the {@code next} of the previous
     * page): unlisted, private and protected ones are never in it.
     */
    public GalleryStore.NewestPage newest(String projectId, Optional<String> after, int limit) {
        try {
            return store.newestPublic(projectId, after, limit);
        } catch (SdkException e) {
            throw new ApiError(500, "db_error_album_list", "We were unable to fetch list of albums");
        }
    }

    /** Adds library images at the end, skipping those the gallery already shows. */
    public Result add(Caller caller, String name, Optional<String> ownerToken, List<String> imageIds) {
        GalleryAction action = GalleryAction.ADD;
        GalleryAccess.requireCredentials(action, caller, ownerToken);
        try {
            Gallery owned = authorized(action, caller, name, ownerToken);
            if (imageIds.isEmpty()) {
                throw new ApiError(400, "bad_parameter_file", "Invalid file name: no image given", "image");
            }
            List<Image> files = libraryImages(caller.projectId(), imageIds);
            Set<String> wasThere = new java.util.HashSet<>(owned.imageIds());
            Gallery saved;
            try {
                // Usages first: a gallery never shows an image whose usage record lacks it.
                for (Image file : files) {
                    usages.record(caller.projectId(), file.imageId(), name, owned.title());
                }
                saved = change(action, caller, name, ownerToken, current -> {
                    wasThere.clear();
                    wasThere.addAll(current.imageIds());
                    LinkedHashSet<String> ids = new LinkedHashSet<>(current.imageIds());
                    files.forEach(f -> ids.add(f.imageId()));
                    if (ids.size() > MAX_IMAGES) {
                        throw tooMany();
                    }
                    return current.changed(current.title(), List.copyOf(ids), now());
                });
            } catch (RuntimeException e) {
                files.stream().map(Image::imageId).filter(id -> !wasThere.contains(id)).distinct()
                        .forEach(id -> usages.remove(caller.projectId(), id, name));
                throw e;
            }
            return result(saved, ownerToken);
        } catch (SdkException e) {
            throw action.failed();
        }
    }

    /**
     * Changes the title; with {@code images}, replaces the image list (new images' usages are recorded first, as add
     * does, and the dropped images' removed once the change is saved); with {@code order}, the order of the images.
     */
    public Result edit(Caller caller, String name, Optional<String> ownerToken, EditCommand command) {
        GalleryAction action = GalleryAction.EDIT;
        GalleryAccess.requireCredentials(action, caller, ownerToken);
        Optional<String> title = command.title().isPresent()
                ? Optional.of(GalleryInput.validTitle(command.title())) : Optional.empty();
        if (new LinkedHashSet<>(command.order()).size() != command.order().size()) {
            throw new ApiError(400, "bad_parameter_file", "Invalid file name: an image appears twice in order.",
                    "order");
        }
        try {
            Optional<List<Image>> replacing = Optional.empty();
            Set<String> wasThere = new java.util.HashSet<>();
            if (command.images().isPresent()) {
                Gallery owned = authorized(action, caller, name, ownerToken);
                if (command.images().get().isEmpty()) {
                    throw new ApiError(400, "bad_parameter_file", "Invalid file name: image names no image; to "
                            + "empty a gallery, delete its images one by one.", "image");
                }
                List<Image> files = libraryImages(caller.projectId(), command.images().get());
                wasThere.addAll(owned.imageIds());
                // Usages first: a gallery never shows an image whose usage record lacks it.
                for (Image file : files) {
                    usages.record(caller.projectId(), file.imageId(), name, title.orElse(owned.title()));
                }
                replacing = Optional.of(files);
            }
            Optional<List<Image>> replacement = replacing;
            List<String> before = new ArrayList<>();
            Gallery saved;
            try {
                saved = change(action, caller, name, ownerToken, current -> {
                    before.clear();
                    before.addAll(current.imageIds());
                    List<String> shown = replacement.map(files -> files.stream().map(Image::imageId).toList())
                            .orElse(current.imageIds());
                    for (String id : command.order()) {
                        if (!shown.contains(id)) {
                            throw new ApiError(400, "bad_parameter_file", "Invalid file name " + id
                                    + ": the gallery does not show it.", "order");
                        }
                    }
                    LinkedHashSet<String> ids = new LinkedHashSet<>(command.order());
                    ids.addAll(shown);
                    Gallery.Details details = current.details();
                    for (String dropped : current.imageIds()) {
                        if (!shown.contains(dropped)) {
                            details = details.withoutImage(dropped); // its caption and cover go with it
                        }
                    }
                    return current.changed(title.orElse(current.title()), List.copyOf(ids),
                            GalleryInput.applied(details, command.settings(), shown), now());
                });
            } catch (RuntimeException e) {
                replacement.ifPresent(files -> files.stream().map(Image::imageId)
                        .filter(id -> !wasThere.contains(id)).distinct()
                        .forEach(id -> usages.remove(caller.projectId(), id, name)));
                throw e;
            }
            if (replacement.isPresent()) {
                before.stream().filter(id -> !saved.imageIds().contains(id))
                        .forEach(id -> usages.remove(caller.projectId(), id, name));
            }
            if (title.isPresent()) {
                usages.refreshNames(saved);
            }
            return result(saved, ownerToken);
        } catch (SdkException e) {
            throw action.failed();
        }
    }

    /** Removes one image from the gallery, and the gallery from the image's usages. */
    public Result deleteImage(Caller caller, String name, Optional<String> ownerToken, Optional<String> imageId) {
        GalleryAction action = GalleryAction.DELETE_IMAGE;
        GalleryAccess.requireCredentials(action, caller, ownerToken);
        try {
            authorized(action, caller, name, ownerToken);
            String id = imageId.orElseThrow(GalleryService::noImage);
            Gallery saved = change(action, caller, name, ownerToken, current -> {
                if (!current.imageIds().contains(id)) {
                    throw noImage();
                }
                List<String> ids = new ArrayList<>(current.imageIds());
                ids.remove(id);
                return current.changed(current.title(), ids, current.details().withoutImage(id), now());
            });
            usages.remove(caller.projectId(), id, name);
            invitations.forgetContribution(saved, id);
            return result(saved, ownerToken);
        } catch (SdkException e) {
            throw action.failed();
        }
    }

    /**
     * Deletes the gallery and every usage record it has in the library. The gallery is first marked as deleting
     * (it reads as gone from then on), then its usages go, then the gallery item and its view counter in one
     * transaction. A delete that fails half-way leaves a marked gallery that the next delete finishes: no usage
     * outlives its gallery, and no gallery shows an image whose usage record was removed.
     */
    public void delete(Caller caller, String name, Optional<String> ownerToken) {
        GalleryAction action = GalleryAction.DELETE;
        GalleryAccess.requireCredentials(action, caller, ownerToken);
        try {
            Gallery marked = change(action, caller, name, ownerToken, current -> current.changed(current.title(),
                    current.imageIds(), current.details().markedDeleting(), now()));
            marked.imageIds().forEach(id -> usages.remove(caller.projectId(), id, name));
            if (!store.delete(marked)) {
                // Changed since it was marked (another delete got there first, or is finishing): it is gone or going.
                store.find(caller.projectId(), name).filter(g -> !g.details().deleting()).ifPresent(g -> {
                    throw action.failed();
                });
            }
        } catch (SdkException e) {
            throw new ApiError(500, "io_delete_error", "We were unable to delete album");
        }
    }

    /**
     * Deletes every gallery a registered user of the caller's project owns, each as {@link #delete} does (usages
     * removed), acting as that user: for the user's deletion ({@code DELETE /v1/users/{username}?galleries=delete}),
     * which the caller was already allowed. Answers how many went.
     */
    public int deleteAllOf(Caller caller, String userId) {
        Caller owner = new Caller(caller.project(), false, Optional.of(userId), Optional.empty(), Optional.empty(),
                Optional.empty());
        int deleted = 0;
        Set<String> tried = new java.util.HashSet<>();
        while (true) {
            List<Gallery> page;
            try {
                page = store.byOwner(caller.projectId(), userId, false, 0, 100).galleries();
            } catch (SdkException e) {
                throw new ApiError(500, "db_error_album_list", "We were unable to fetch list of albums");
            }
            if (page.isEmpty()) {
                return deleted;
            }
            if (page.stream().allMatch(g -> tried.contains(g.name()))) {
                // Every one of them was deleted once already and still listed: not going away, say so.
                throw new ApiError(500, "io_delete_error", "We were unable to delete the user's albums");
            }
            for (Gallery gallery : page) {
                if (!tried.add(gallery.name())) {
                    continue;
                }
                try {
                    delete(owner, gallery.name(), Optional.empty());
                } catch (ApiError gone) {
                    if (gone.status() != 404) {
                        throw gone;
                    }
                    // Deleted meanwhile by someone else: gone is what we want.
                }
                deleted++;
            }
        }
    }

    /**
     * A registered user's galleries, newest first, by offset as the gallery API pages: {@code start} from 0,
     * {@code limit} 1 to 100. {@code user} is a user id of the caller's project; without it, the caller's own.
     * Another user's list holds only their public galleries, so that it never names an unlisted or private one.
     */
    public ListResult list(Caller caller, Optional<String> user, int start, int limit) {
        String userId = user.or(caller::userId).orElseThrow(() -> new ApiError(400, "bad_parameter_user",
                "user is required (a user of this project) unless the caller's token names one", "user"));
        GalleryStore.Page page;
        try {
            // A user's own list has every gallery; anyone else's view of it only the public ones.
            boolean own = caller.userId().filter(userId::equals).isPresent();
            page = store.byOwner(caller.projectId(), userId, !own, start, limit);
        } catch (SdkException e) {
            throw new ApiError(500, "db_error_album_list", "We were unable to fetch list of albums");
        }
        if (page.total() == 0) {
            throw new ApiError(404, "no_gallery", "Specified user have no albums", "user");
        }
        return new ListResult(page.total(), page.galleries());
    }

    // ---------------------------------------------------------------- contributors

    /**
     * The gallery, when the caller may add its own images to it: an invited contributor (an accepted invitation with
     * role {@code contributor}) or its owner. Checked before any file is uploaded. Others: 404 for a private gallery
     * (it does not exist for them), 403 {@code not_contributor} otherwise.
     */
    public Gallery requireContributor(Caller caller, String name) {
        try {
            Gallery gallery = store.find(caller.projectId(), name).filter(g -> !g.details().deleting())
                    .orElseThrow(GalleryAccess::notExist);
            if (GalleryAccess.owns(caller, gallery, Optional.empty())) {
                return gallery;
            }
            String userId = caller.userId().orElseThrow(() -> ApiError.unauthorized("login_required",
                    "Sign in to add images to a gallery you were invited to"));
            if (access.memberRole(gallery, userId).filter("contributor"::equals).isEmpty()) {
                if (gallery.details().security() == Security.PRIVATE && !access.member(gallery, caller.userId())) {
                    throw GalleryAccess.notExist();
                }
                throw new ApiError(403, "not_contributor", "Only the gallery's owner and the contributors it "
                        + "invited add images to it");
            }
            return gallery;
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /**
     * A contributor adds library images (its own uploads) at the end of the gallery; each is recorded as theirs, so
     * that they can remove it again, and the owner can remove it as any image.
     */
    public Result contribute(Caller caller, String name, List<String> imageIds) {
        Gallery allowed = requireContributor(caller, name);
        if (imageIds.isEmpty()) {
            throw new ApiError(400, "bad_parameter_file", "Invalid file name: no image given", "file");
        }
        List<Image> files = libraryImages(caller.projectId(), imageIds);
        try {
            for (Image file : files) {
                usages.record(caller.projectId(), file.imageId(), name, allowed.title());
            }
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                Gallery current = requireContributor(caller, name);
                if (!current.added().equals(allowed.added())) {
                    throw GalleryAccess.notExist();
                }
                LinkedHashSet<String> ids = new LinkedHashSet<>(current.imageIds());
                files.forEach(f -> ids.add(f.imageId()));
                if (ids.size() > MAX_IMAGES) {
                    throw tooMany();
                }
                Gallery next = current.changed(current.title(), List.copyOf(ids), now());
                if (store.replace(current, next)) {
                    caller.userId().ifPresent(user -> files.forEach(f ->
                            invitations.recordContribution(next, f.imageId(), user)));
                    Result shown = result(next, Optional.empty());
                    return new Result(next, Optional.empty(), shown.images(), Optional.empty());
                }
                retried();
            }
            throw GalleryAction.ADD.failed();
        } catch (SdkException e) {
            throw GalleryAction.ADD.failed();
        }
    }

    /**
     * A contributor removes an image it contributed (only its own: 403 {@code not_your_contribution} for others'
     * images); the owner removes any image, as {@link #deleteImage} does.
     */
    public void removeContribution(Caller caller, String name, String imageId) {
        Gallery gallery = requireContributor(caller, name);
        boolean owner = GalleryAccess.owns(caller, gallery, Optional.empty());
        if (!owner && !invitations.contributor(gallery, imageId).equals(caller.userId())) {
            throw new ApiError(403, "not_your_contribution", "A contributor removes only the images it added",
                    "image");
        }
        try {
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                Gallery current = requireContributor(caller, name);
                if (!current.imageIds().contains(imageId)) {
                    throw noImage();
                }
                List<String> ids = new ArrayList<>(current.imageIds());
                ids.remove(imageId);
                Gallery next = current.changed(current.title(), ids, current.details().withoutImage(imageId), now());
                if (store.replace(current, next)) {
                    usages.remove(caller.projectId(), imageId, name);
                    invitations.forgetContribution(next, imageId);
                    return;
                }
                retried();
            }
            throw GalleryAction.DELETE_IMAGE.failed();
        } catch (SdkException e) {
            throw GalleryAction.DELETE_IMAGE.failed();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Reads, changes and writes the gallery on its version until the write wins (a lost race re-reads). */
    private Gallery change(GalleryAction action, Caller caller, String name, Optional<String> ownerToken,
                           Function<Gallery, Gallery> change) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Gallery current = authorized(action, caller, name, ownerToken);
            Gallery next = change.apply(current);
            if (store.replace(current, next)) {
                return next;
            }
            retried();
        }
        throw action.failed();
    }

    private void retried() {
        retries.incrementAndGet();
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(500, "io_save_error", "Unable to save album information");
        }
    }

    private Gallery authorized(GalleryAction action, Caller caller, String name, Optional<String> ownerToken) {
        Gallery gallery = store.find(caller.projectId(), name).orElseThrow(action::missing);
        // A private gallery does not exist for anyone but its owner, also when they try to change it.
        GalleryAccess.requireOwner(action, caller, gallery, ownerToken);
        if (gallery.details().deleting() && action != GalleryAction.DELETE) {
            throw action.missing();
        }
        return gallery;
    }

    /** The owner's result: the owner token back to whoever sent it, and a view token when the gallery needs one. */
    private Result result(Gallery gallery, Optional<String> ownerToken) {
        Optional<String> shownToken = ownerToken.filter(t -> GalleryAccess.tokenOwns(gallery, ownerToken));
        return new Result(gallery, shownToken, shownImages(gallery), access.ownerViewToken(gallery));
    }

    /** Its images still in the library, in order (a deleted image leaves every gallery that showed it). */
    private List<Image> shownImages(Gallery gallery) {
        return images.findAll(gallery.projectId(), gallery.imageIds()).stream()
                .filter(i -> i.status().listed()).toList();
    }

    /**
     * The caller's project's active or archived images, in the order given. An image still pending (a presigned
     * upload not ingested yet) is 409 image_pending, which a client retries; any other id is a bad file.
     */
    private List<Image> libraryImages(String projectId, List<String> imageIds) {
        List<String> ids = imageIds.stream().map(String::strip).distinct().toList();
        if (ids.size() > MAX_IMAGES) {
            throw tooMany();
        }
        Map<String, Image> found = images.findAllConsistent(projectId, ids).stream()
                .collect(Collectors.toMap(Image::imageId, i -> i));
        List<Image> files = new ArrayList<>();
        for (String id : ids) {
            Image image = found.get(id);
            if (image != null && image.status() == ImageStatus.PENDING) {
                throw new ApiError(409, "image_pending", "Image " + id + " is still being uploaded: add it to the "
                        + "gallery when its upload is ingested (GET /v1/images/" + id + " says status active)",
                        "image");
            }
            if (image == null || !image.status().listed()) {
                // The same answer for another project's id, an unknown id and a deleted image.
                throw new ApiError(400, "bad_parameter_file", "Invalid file name " + id
                        + ": no active or archived image of this project has this id", "image");
            }
            files.add(image);
        }
        return files;
    }

    private void recordUsagesOrUndo(Gallery gallery, List<Image> files) {
        try {
            usages.recordAll(gallery, files);
        } catch (RuntimeException e) {
            store.delete(gallery);
            files.forEach(f -> usages.remove(gallery.projectId(), f.imageId(), gallery.name()));
            throw e;
        }
    }

    private static ApiError noImage() {
        return new ApiError(404, "no_image", "No image specified for deletion from an album", "image");
    }

    private static ApiError tooMany() {
        return new ApiError(400, "bad_parameter_file", "Invalid file name: a gallery shows at most " + MAX_IMAGES
                + " images", "image");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
