package dev.loupe.library;

import dev.loupe.core.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A project's folders: create, list, details, rename, delete when empty, and the images of one folder page by page.
 * Constant Contact's API leaves details, rename and delete out; Loupe has them. Deleting a folder with its images and
 * deleting all of a folder's images are background jobs ({@link FolderPurge}). Free of Lambda types.
 */
public final class FolderService {
    public static final int MAX_NAME = 100;
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;
    private static final int ATTEMPTS = 5;

    private final FolderStore folders;
    private final ImageStore images;
    private final Clock clock;

    public FolderService(FolderStore folders, ImageStore images, Clock clock) {
        this.folders = folders;
        this.images = images;
        this.clock = clock;
    }

    /** A new folder; its name (trimmed) must be free in the project, compared without regard to case. */
    public Folder create(Caller caller, String name) {
        LibraryAccess.requireChange(caller);
        String valid = validName(name);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = now();
            Folder folder = new Folder(caller.projectId(), Ids.newId(), valid, 0, now, now, false);
            switch (folders.create(folder)) {
                case CREATED -> {
                    return folder;
                }
                case NAME_TAKEN -> throw nameTaken(caller.projectId(), valid);
                case ID_TAKEN -> {
                    // 130 random bits make this all but impossible; a fresh id is the whole remedy.
                }
            }
        }
        throw new ApiError(500, "id_exhausted", "No free folder id was found; nothing was created. Try again.");
    }

    /** Folders by name, case-insensitive; equal names by id, so that the order is total and a cursor exact. */
    private static final Comparator<Folder> BY_NAME = Comparator.comparing((Folder f) -> f.name().toLowerCase(Locale.ROOT))
            .thenComparing(Folder::name).thenComparing(Folder::folderId);

    /** Every folder of the caller's project by name (case-insensitive), except those being deleted. */
    public List<Folder> list(Caller caller) {
        LibraryAccess.requireList(caller, "the library's folders");
        return folders.all(caller.projectId()).stream().filter(f -> !f.deleting()).sorted(BY_NAME).toList();
    }

    /** One page of the folder list and the cursor of the next page, if there is one. */
    public record FoldersPage(List<Folder> folders, Optional<String> nextCursor) {
    }

    /**
     * The folder list {@code limit} at a time (default 50, at most 200), as the other lists page. The cursor is the
     * position after the last folder given (its name and id), so a folder created or deleted between two pages moves
     * nothing else: each folder still comes exactly once, on the page its name belongs to.
     */
    public FoldersPage list(Caller caller, Optional<Integer> limit, Optional<String> cursor) {
        int size = limit.orElse(DEFAULT_PAGE);
        if (size < 1 || size > MAX_PAGE) {
            throw ApiError.badParameter("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        Optional<Folder> after = cursor.filter(c -> !c.isBlank()).map(c -> FolderCursor.parse(c).orElseThrow(() ->
                ApiError.badParameter("cursor", "cursor is not one this folder list gave out")));
        List<Folder> rest = list(caller).stream().filter(f -> after.isEmpty() || BY_NAME.compare(f, after.get()) > 0)
                .toList();
        List<Folder> page = rest.subList(0, Math.min(size, rest.size()));
        return new FoldersPage(page, rest.size() > size
                ? Optional.of(FolderCursor.of(page.getLast())) : Optional.empty());
    }

    public Folder get(Caller caller, String folderId) {
        return open(caller.projectId(), folderId);
    }

    /**
     * The folder if it exists in the project and is not being deleted, else 404: uploads into a folder check this,
     * so that nothing lands in a folder on its way out.
     */
    public Folder open(String projectId, String folderId) {
        return open(folders, projectId, folderId);
    }

    static Folder open(FolderStore folders, String projectId, String folderId) {
        if (!Ids.plausible(folderId)) {
            throw notFound(folderId);
        }
        return folders.find(projectId, folderId).filter(f -> !f.deleting())
                .orElseThrow(() -> notFound(folderId));
    }

    /** Renames a folder; a change of case only is allowed, another folder's name (in any case) is not. */
    public Folder rename(Caller caller, String folderId, String name) {
        LibraryAccess.requireChange(caller);
        String valid = validName(name);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Folder current = open(caller.projectId(), folderId);
            if (current.name().equals(valid)) {
                return current;
            }
            Instant now = now();
            switch (folders.rename(current, valid, now)) {
                case RENAMED -> {
                    return new Folder(current.projectId(), current.folderId(), valid, current.imageCount(),
                            current.created(), now, false);
                }
                case NAME_TAKEN -> throw nameTaken(caller.projectId(), valid);
                case STALE -> {
                    // Renamed or marked for deletion meanwhile: read it again and decide on what it is now.
                }
            }
        }
        throw conflict();
    }

    /**
     * Deletes an empty folder and frees its name. A folder with images is refused (409): the count is a condition of
     * the delete itself, so an image that arrives meanwhile can never be left in a folder that is gone.
     */
    public void delete(Caller caller, String folderId) {
        LibraryAccess.requireChange(caller);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Folder current = open(caller.projectId(), folderId);
            if (current.imageCount() > 0) {
                throw new ApiError(409, "folder_not_empty", "Folder " + folderId + " holds " + current.imageCount()
                        + " image(s); delete them first, or delete the folder with delete_images=true", "folder_id");
            }
            if (folders.deleteIfEmpty(current, false)) {
                return;
            }
        }
        throw conflict();
    }

    /** One page of a folder's images and the cursor of the next page, if there is one. */
    public record ImagesPage(Folder folder, List<Image> images, Optional<String> nextCursor) {
    }

    /** A folder's listed images, newest first, {@code limit} at a time (default 50, at most 200). */
    public ImagesPage images(Caller caller, String folderId, Optional<Integer> limit, Optional<String> cursor) {
        LibraryAccess.requireList(caller, "a folder's images");
        int size = limit.orElse(DEFAULT_PAGE);
        if (size < 1 || size > MAX_PAGE) {
            throw ApiError.badParameter("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        Folder folder = open(caller.projectId(), folderId);
        Optional<Map<String, AttributeValue>> start = cursor.filter(c -> !c.isBlank()).map(c ->
                FolderStore.fromCursor(c, caller.projectId(), folderId).orElseThrow(() ->
                        ApiError.badParameter("cursor", "cursor is not one this folder's listing gave out")));
        FolderStore.IdPage page = folders.imageIds(caller.projectId(), folderId, true, size, start,
                Optional.empty());
        // The index lags the records a little: keep only what the records themselves say is here and listed.
        List<Image> found = images.findAll(caller.projectId(), page.imageIds()).stream()
                .filter(i -> i.status().listed() && i.folderId().equals(Optional.of(folderId)))
                .toList();
        return new ImagesPage(folder, found, page.next().map(FolderStore::cursor));
    }

    // ---------------------------------------------------------------- helpers

    static ApiError notFound(String folderId) {
        return new ApiError(404, "folder_not_found", "There is no folder " + folderId + " in this project",
                "folder_id");
    }

    private ApiError nameTaken(String projectId, String name) {
        boolean leaving = folders.nameHolder(projectId, name).flatMap(id -> folders.find(projectId, id))
                .map(Folder::deleting).orElse(false);
        return new ApiError(409, "folder_name_taken", leaving
                ? "A folder named '" + name + "' is being deleted; its name is free once its images are gone"
                : "This project already has a folder named '" + name + "' (names are compared without regard to "
                + "case)", "name");
    }

    private static ApiError conflict() {
        return new ApiError(409, "conflict", "The folder kept changing while this request was applied; try again");
    }

    /** Trimmed, 1 to 100 characters, no control characters and no slashes (a name is never a path). */
    static String validName(String name) {
        String value = name == null ? "" : name.strip();
        if (value.isEmpty() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)
                || value.contains("/") || value.contains("\\")) {
            throw ApiError.badParameter("name", "name is 1 to " + MAX_NAME
                    + " characters, without control characters or slashes");
        }
        return value;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
