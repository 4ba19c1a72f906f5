package dev.loupe.shared.gallery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import dev.loupe.shared.auth.Caller;
import dev.loupe.shared.http.ApiError;
import dev.loupe.shared.library.Image;
import dev.loupe.shared.library.ImageService;
import dev.loupe.shared.library.ImageStore;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The gallery API's actions (reference 001), free of Lambda types: the routes and the reference's single endpoint
 * call these. A gallery shows library images of its own project; each one it shows carries a usage record
 * ({@code gallery}, the gallery's name), so that image details list the galleries.
 */
public final class GalleryService {
    /** Names appear in URLs: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_TITLE = 200;
    /** The reference adds random symbols until the name is free; a handful of tries is plenty with 36^5 suffixes. */
    private static final int NAME_ATTEMPTS = 8;
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bounds the gallery item (image ids live on it) far below DynamoDB's 400 KB. */
    public static final int MAX_IMAGES = 1_000;
    /** Enough for dozens of writers on one gallery: each lost race means another writer's change went in. */
    private static final int WRITE_ATTEMPTS = 200;
    public static final String USAGE_FEATURE = "gallery";

    private final GalleryStore store;
    private final ImageStore images;
    private final ImageService library;
    private final Clock clock;
    private final AtomicLong retries = new AtomicLong();

    public GalleryService(GalleryStore store, ImageStore images, ImageService library, Clock clock) {
        this.store = store;
        this.images = images;
        this.library = library;
        this.clock = clock;
    }

    /** How many writes lost a race on a gallery's version and were retried (tests show races happen). */
    public long retries() {
        return retries.get();
    }

    /**
     * What create takes: the reference's {@code title}, {@code name}, {@code token} and {@code image} parameters.
     */
    public record CreateCommand(Optional<String> title, Optional<String> name, Optional<String> ownerToken,
                                List<String> images) {
    }

    /**
     * A gallery, the owner token when (and only when) the caller may see it, and the library images it shows, in
     * order (images deleted from the library meanwhile are left out).
     */
    public record Result(Gallery gallery, Optional<String> ownerToken, List<Image> images) {
    }

    /** What edit changes: the title, and the order (image ids named go first, in that order; the rest follow). */
    public record EditCommand(Optional<String> title, List<String> order) {
    }

    /** A page of a user's galleries (gallery_list) and how many there are. */
    public record ListResult(int total, List<Gallery> galleries) {
    }

    public Result create(Caller caller, CreateCommand command) {
        String title = validTitle(command.title());
        List<Image> files = libraryImages(caller.projectId(), command.images());
        String wanted = command.name().map(GalleryService::validName).orElseGet(() -> files.isEmpty()
                ? nameFromTitle(title) : nameFromTitle(stripExtension(files.getFirst().fileName())));
        if (files.size() > MAX_IMAGES) {
            throw tooMany();
        }

        // A registered user (the token's sub) takes precedence over an anonymous owner token, as cookies do in 001.
        Optional<String> token = caller.isRegisteredUser() ? Optional.empty()
                : Optional.of(OwnerTokens.validated(command.ownerToken()).orElseGet(OwnerTokens::newToken));

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
                String name = attempt == 0 ? wanted : withSuffix(wanted);
                Gallery gallery = new Gallery(caller.projectId(), name, title, caller.userId(),
                        caller.isRegisteredUser() ? caller.userName().or(caller::userId) : Optional.empty(),
                        token.map(OwnerTokens::hash), now, now, 1, files.stream().map(Image::imageId).toList());
                if (store.createIfNameFree(gallery)) {
                    recordUsagesOrUndo(gallery, files);
                    return new Result(gallery, token, files);
                }
            }
        } catch (SdkException e) {
            throw new ApiError(500, "io_create_error", "Unable to create new album file");
        }
        throw new ApiError(500, "io_create_error", "Unable to create new album file: no free name found");
    }

    /**
     * One gallery of the caller's project. The owner token comes back only to whoever sent it; another project's
     * gallery is as absent as a missing one.
     */
    public Result view(Caller caller, String name, Optional<String> ownerToken) {
        try {
            Gallery gallery = store.find(caller.projectId(), name)
                    .orElseThrow(() -> new ApiError(404, "not_exist", "Specified album does not exist", "g"));
            return result(gallery, ownerToken);
        } catch (SdkException e) {
            throw new ApiError(500, "io_read_error", "Unable to read album information");
        }
    }

    /** Adds library images at the end, skipping those the gallery already shows. */
    public Result add(Caller caller, String name, Optional<String> ownerToken, List<String> imageIds) {
        GalleryAction action = GalleryAction.ADD;
        requireCredentials(action, caller, ownerToken);
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
                    recordUsage(caller.projectId(), file.imageId(), name, owned.title());
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
                        .forEach(id -> library.removeUsage(caller.projectId(), id, USAGE_FEATURE, name));
                throw e;
            }
            return result(saved, ownerToken);
        } catch (SdkException e) {
            throw action.failed();
        }
    }

    /** Changes the title and, with {@code order}, the order of the images. */
    public Result edit(Caller caller, String name, Optional<String> ownerToken, EditCommand command) {
        GalleryAction action = GalleryAction.EDIT;
        requireCredentials(action, caller, ownerToken);
        Optional<String> title = command.title().isPresent() ? Optional.of(validTitle(command.title()))
                : Optional.empty();
        if (new LinkedHashSet<>(command.order()).size() != command.order().size()) {
            throw new ApiError(400, "bad_parameter_file", "Invalid file name: an image appears twice in order",
                    "order");
        }
        try {
            Gallery saved = change(action, caller, name, ownerToken, current -> {
                for (String id : command.order()) {
                    if (!current.imageIds().contains(id)) {
                        throw new ApiError(400, "bad_parameter_file", "Invalid file name " + id
                                + ": the gallery does not show it", "order");
                    }
                }
                LinkedHashSet<String> ids = new LinkedHashSet<>(command.order());
                ids.addAll(current.imageIds());
                return current.changed(title.orElse(current.title()), List.copyOf(ids), now());
            });
            return result(saved, ownerToken);
        } catch (SdkException e) {
            throw action.failed();
        }
    }

    /** Removes one image from the gallery, and the gallery from the image's usages. */
    public Result deleteImage(Caller caller, String name, Optional<String> ownerToken, Optional<String> imageId) {
        GalleryAction action = GalleryAction.DELETE_IMAGE;
        requireCredentials(action, caller, ownerToken);
        try {
            authorized(action, caller, name, ownerToken);
            String id = imageId.orElseThrow(GalleryService::noImage);
            Gallery saved = change(action, caller, name, ownerToken, current -> {
                if (!current.imageIds().contains(id)) {
                    throw noImage();
                }
                List<String> ids = new ArrayList<>(current.imageIds());
                ids.remove(id);
                return current.changed(current.title(), ids, now());
            });
            library.removeUsage(caller.projectId(), id, USAGE_FEATURE, name);
            return result(saved, ownerToken);
        } catch (SdkException e) {
            throw action.failed();
        }
    }

    /** Deletes the gallery, then its images' usages (a repeat after a failure finds nothing: the gallery is gone). */
    public void delete(Caller caller, String name, Optional<String> ownerToken) {
        GalleryAction action = GalleryAction.DELETE;
        requireCredentials(action, caller, ownerToken);
        try {
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                Gallery current = authorized(action, caller, name, ownerToken);
                if (store.delete(current)) {
                    current.imageIds().forEach(id -> library.removeUsage(caller.projectId(), id, USAGE_FEATURE, name));
                    return;
                }
                retried();
            }
            throw action.failed();
        } catch (SdkException e) {
            throw new ApiError(500, "io_delete_error", "We were unable to delete album");
        }
    }

    /**
     * A registered user's galleries, newest first, by offset as the reference pages: {@code start} from 0,
     * {@code limit} 1 to 100. {@code user} is a user id of the caller's project; without it, the caller's own.
     */
    public ListResult list(Caller caller, Optional<String> user, int start, int limit) {
        String userId = user.or(caller::userId).orElseThrow(() -> new ApiError(400, "bad_parameter_user",
                "user is required (a user of this project) unless the caller's token names one", "user"));
        GalleryStore.Page page;
        try {
            page = store.byOwner(caller.projectId(), userId, start, limit);
        } catch (SdkException e) {
            throw new ApiError(500, "db_error_album_list", "We were unable to fetch list of albums");
        }
        if (page.total() == 0) {
            throw new ApiError(404, "no_gallery", "Specified user have no albums", "user");
        }
        return new ListResult(page.total(), page.galleries());
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

    /** 001: a change needs the owner's cookie (here: a token's sub) or the gallery's owner token. */
    private static void requireCredentials(GalleryAction action, Caller caller, Optional<String> ownerToken) {
        if (!caller.isRegisteredUser() && ownerToken.isEmpty()) {
            throw action.unauthenticated();
        }
    }

    private Gallery authorized(GalleryAction action, Caller caller, String name, Optional<String> ownerToken) {
        Gallery gallery = store.find(caller.projectId(), name).orElseThrow(action::missing);
        boolean userOwns = caller.userId().isPresent() && caller.userId().equals(gallery.ownerUserId());
        if (!userOwns && !tokenOwns(gallery, ownerToken)) {
            throw action.notOwner();
        }
        return gallery;
    }

    private static boolean tokenOwns(Gallery gallery, Optional<String> ownerToken) {
        return ownerToken.isPresent() && gallery.ownerTokenHash()
                .map(hash -> OwnerTokens.matches(ownerToken.get(), hash)).orElse(false);
    }

    private Result result(Gallery gallery, Optional<String> ownerToken) {
        Optional<String> shownToken = ownerToken.filter(t -> tokenOwns(gallery, ownerToken));
        List<Image> shown = images.findAll(gallery.projectId(), gallery.imageIds()).stream()
                .filter(i -> i.status().listed()).toList();
        return new Result(gallery, shownToken, shown);
    }

    /** The caller's project's active or archived images, in the order given; any other id is a bad file. */
    private List<Image> libraryImages(String projectId, List<String> imageIds) {
        List<String> ids = imageIds.stream().map(String::strip).distinct().toList();
        if (ids.size() > MAX_IMAGES) {
            throw tooMany();
        }
        Map<String, Image> found = images.findAll(projectId, ids).stream().filter(i -> i.status().listed())
                .collect(Collectors.toMap(Image::imageId, i -> i));
        List<Image> files = new ArrayList<>();
        for (String id : ids) {
            Image image = found.get(id);
            if (image == null) {
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
            for (Image file : files) {
                recordUsage(gallery.projectId(), file.imageId(), gallery.name(), gallery.title());
            }
        } catch (RuntimeException e) {
            store.delete(gallery);
            files.forEach(f -> library.removeUsage(gallery.projectId(), f.imageId(), USAGE_FEATURE, gallery.name()));
            throw e;
        }
    }

    /** An image deleted since it was checked is, to the caller, the same bad file as one that never existed. */
    private void recordUsage(String projectId, String imageId, String name, String title) {
        try {
            library.recordUsage(projectId, imageId, USAGE_FEATURE, name, title, link(name));
        } catch (ApiError e) {
            if (e.status() != 404) {
                throw e;
            }
            throw new ApiError(400, "bad_parameter_file", "Invalid file name " + imageId
                    + ": no active or archived image of this project has this id", "image");
        }
    }

    private static String link(String name) {
        return "/v1/galleries/" + name;
    }

    private static ApiError noImage() {
        return new ApiError(404, "no_image", "No image specified for deletion from an album", "image");
    }

    private static ApiError tooMany() {
        return new ApiError(400, "bad_parameter_file", "Invalid file name: a gallery shows at most " + MAX_IMAGES
                + " images", "image");
    }

    private static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String validTitle(Optional<String> title) {
        String value = title.map(String::strip).orElse("");
        if (value.length() > MAX_TITLE) {
            throw new ApiError(400, "bad_parameter_title", "title is at most " + MAX_TITLE + " characters", "title");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "bad_parameter_title", "title must not contain control characters", "title");
        }
        return value;
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiError(400, "bad_parameter_name", "name must be 1 to 100 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit", "name");
        }
        return name;
    }

    /** Without a name the reference derives one from the first file; with no files yet, from the title. */
    static String nameFromTitle(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? "gallery" : slug;
    }

    private static String withSuffix(String name) {
        StringBuilder suffixed = new StringBuilder(name.length() > 94 ? name.substring(0, 94) : name).append('_');
        for (int i = 0; i < 5; i++) {
            suffixed.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffixed.toString();
    }
}
