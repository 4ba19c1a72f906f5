package dev.loupe.library;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;

/**
 * One image of the library: its details with usages, changes to its name, description, status and GPS publishing,
 * its deletion, and the usage records other features keep on it. Free of Lambda types; both API surfaces (Loupe's
 * routes and Constant Contact's Atom paths) call this.
 */
public final class ImageService {
    private static final int MAX_NAME = 255;
    private static final int MAX_DESCRIPTION = 2_000;
    private static final int UPDATE_ATTEMPTS = 5;

    private final ImageStore store;
    private final ImageObjects objects;
    private final Clock clock;

    public ImageService(ImageStore store, ImageObjects objects, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.clock = clock;
    }

    /** An image with everything that uses it, and its count of visible comments. */
    public record Details(Image image, List<ImageUsage> usages, long commentCount) {
    }

    /**
     * The caller's image in any state but deleted. Another project's id, an unknown id and a deleted image all answer
     * 404 (a deleted one says so), so that ids never reveal what another project has.
     *
     * <p>Usages go only to those who manage the library (who may also list it: {@link LibraryAccess#mayChange}). A
     * browser or viewer token gets none: image ids are public in gallery pages, and a usage names a gallery that may
     * be private or behind a password, which the library can't tell (docs/DESIGN.md, "Who sees what").
     */
    public Details details(Caller caller, String imageId) {
        Image image = existing(caller.projectId(), imageId);
        return new Details(image, LibraryAccess.mayChange(caller)
                ? store.usages(caller.projectId(), imageId) : List.of(),
                store.commentCount(caller.projectId(), imageId));
    }

    /** What update may change; absent fields stay as they are. */
    public record Update(Optional<String> fileName, Optional<String> description, Optional<String> status,
                         Optional<Boolean> gpsPublic) {
    }

    /**
     * Renames, describes, archives or re-activates an image, or publishes its GPS position. Only an ingested image
     * (active or archived) can change; a concurrent change is retried on the fresh record, never overwritten.
     */
    public Image update(Caller caller, String imageId, Update update) {
        LibraryAccess.requireChange(caller);
        String name = update.fileName().map(ImageService::validName).orElse(null);
        String description = update.description().map(ImageService::validDescription).orElse(null);
        ImageStatus status = update.status().map(s -> ImageStatus.parseListed(s).orElseThrow(() ->
                ApiError.badParameter("status", "status is active or archived (or 1 or 2), not '" + s + "'")))
                .orElse(null);
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Image current = existing(caller.projectId(), imageId);
            if (!current.status().listed()) {
                throw new ApiError(409, "image_not_ready", "The image is " + current.status().word()
                        + "; only an active or archived image can be changed");
            }
            Image.Builder next = current.toBuilder()
                    .modifiedBy(LibraryAccess.person(caller)).modified(now());
            if (name != null) {
                next.fileName(keepExtension(current, name));
            }
            if (description != null) {
                next.description(description);
            }
            if (status != null) {
                next.status(status);
            }
            update.gpsPublic().ifPresent(next::gpsPublic);
            Image changed = next.build();
            if (store.replace(current, changed)) {
                return changed.toBuilder().version(current.version() + 1).build();
            }
        }
        throw new ApiError(409, "conflict", "The image kept changing while this update was applied; try again");
    }

    /**
     * Deletes an image: the record becomes a tombstone (out of every list and count), its original and thumbnails
     * go, and its usages are marked so that galleries let go of it. Repeating it finishes whatever a failure left
     * (the objects are deleted again) and answers the same.
     */
    public Image delete(Caller caller, String imageId) {
        LibraryAccess.requireChange(caller);
        return deleteImage(caller.projectId(), imageId, LibraryAccess.person(caller))
                .orElseThrow(() -> notFound(imageId));
    }

    /**
     * The deletion itself, for a caller already authorised (a folder's purge runs it in the background). Empty when
     * there is no such image in the project.
     */
    public Optional<Image> deleteImage(String projectId, String imageId, Person by) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<Image> found = store.find(projectId, imageId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Image current = found.get();
            Image tombstone = current;
            if (current.status() != ImageStatus.DELETED) {
                tombstone = current.toBuilder().status(ImageStatus.DELETED).modifiedBy(by).modified(now()).build();
                if (!store.replace(current, tombstone)) {
                    continue;
                }
            }
            // The record says deleted before the bytes go: a failure here leaves objects that a repeat removes,
            // never a record that points at nothing.
            // By prefix, so that an original whose key the record no longer names can't survive either.
            objects.delete(current.objectKey());
            objects.deletePrefix(LibraryKeys.ORIGINALS_PREFIX + projectId + "/" + imageId + "/");
            objects.deletePrefix(LibraryKeys.thumbnailPrefix(projectId, imageId));
            store.markUsagesDeleted(projectId, imageId, tombstone.modified());
            return Optional.of(tombstone);
        }
        throw new ApiError(409, "conflict", "The image kept changing while it was being deleted; try again");
    }

    // ---------------------------------------------------------------- usages (galleries call these)

    /** Records that a feature uses an image; 404 unless the image is active or archived in the same project. */
    public void recordUsage(String projectId, String imageId, String feature, String ref, String name, String link) {
        Image image = store.find(projectId, imageId).filter(i -> i.status().listed())
                .orElseThrow(() -> notFound(imageId));
        store.putUsage(image.projectId(), image.imageId(),
                new ImageUsage(feature, ref, name, link, now(), Optional.empty()));
    }

    public void removeUsage(String projectId, String imageId, String feature, String ref) {
        store.removeUsage(projectId, imageId, feature, ref);
    }

    // ---------------------------------------------------------------- helpers

    private Image existing(String projectId, String imageId) {
        Image image = store.find(projectId, imageId).orElseThrow(() -> notFound(imageId));
        if (image.status() == ImageStatus.DELETED) {
            throw new ApiError(404, "image_deleted", "Image " + imageId + " was deleted on " + image.modified(),
                    "image_id");
        }
        return image;
    }

    static ApiError notFound(String imageId) {
        return new ApiError(404, "image_not_found", "There is no image " + imageId + " in this project", "image_id");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String validName(String name) {
        String value = name.strip();
        if (value.isEmpty() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)
                || value.contains("/") || value.contains("\\")) {
            throw ApiError.badParameter("file_name", "file_name is 1 to " + MAX_NAME
                    + " characters, without control characters or slashes");
        }
        return value;
    }

    private static String validDescription(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiError.badParameter("description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /** A rename keeps the file's real type: a name without the extension gets it, a different one is refused. */
    private static String keepExtension(Image image, String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return name + "." + image.extension();
        }
        String given = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        boolean same = given.equals(image.extension())
                || (image.extension().equals("jpg") && (given.equals("jpeg") || given.equals("jpe")))
                || (image.extension().equals("tiff") && given.equals("tif"));
        if (!same) {
            throw new ApiError(400, "extension_mismatch", "The image is a " + image.extension()
                    + " file; its name can't end in ." + given, "file_name");
        }
        return name;
    }
}
