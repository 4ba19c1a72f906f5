package dev.loupe.library;

import dev.loupe.core.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.sqs.JobQueue;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Deleting many images of a folder, in the background: the API marks what is to go and queues a job; the worker
 * ({@link #run}) deletes up to {@value #BATCH} images per message with {@link ImageService#deleteImage}, queues a
 * follow-up for the rest before its message is acknowledged, and, for a folder marked for deletion, deletes its
 * pending and failed images too (a folder's {@code images} job leaves them: an upload still under way into a folder
 * that stays is not the job's), then the folder and its name claim once its count is 0. Every step can run twice: deleting a deleted image changes nothing,
 * and the folder goes only in a transaction conditional on its count and its mark.
 */
public final class FolderPurge {
    public static final int BATCH = 100;
    /** Rounds in a row that found nothing to delete while the folder still counts images: the index is behind. */
    static final int MAX_IDLE_ROUNDS = 12;
    static final Duration IDLE_DELAY = Duration.ofSeconds(5);

    /** {@code images}: the images the folder held when asked; {@code folder}: all of them, then the folder. */
    public static final String IMAGES = "images";
    public static final String FOLDER = "folder";

    private final FolderStore folders;
    private final ImageStore images;
    private final ImageService imageService;
    private final JobQueue queue;
    private final Clock clock;

    public FolderPurge(FolderStore folders, ImageStore images, ImageService imageService, JobQueue queue, Clock clock) {
        this.folders = folders;
        this.images = images;
        this.imageService = imageService;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * A purge job's message.
     *
     * @param until      for {@code images}: only images created before this instant (ISO-8601)
     * @param idleRounds how many rounds in a row found nothing to delete while the folder still counted images
     */
    public record Message(String projectId, String folderId, String jobId, String kind, String until, String byId,
                          String byName, Integer idleRounds) {

        Message next(int idle) {
            return new Message(projectId, folderId, jobId, kind, until, byId, byName, idle);
        }
    }

    /** What the API answers: the job and how many images the folder held when it was queued. */
    public record Job(String jobId, Folder folder, long imageCount) {
    }

    /** {@code DELETE /v1/folders/{id}/images}: queues the deletion of every image the folder holds now. */
    public Job deleteImages(Caller caller, String folderId) {
        LibraryAccess.requireChange(caller);
        Folder folder = FolderService.open(folders, caller.projectId(), folderId);
        Person by = LibraryAccess.person(caller);
        // Times are kept to the millisecond: an image created in the same millisecond as this request is included.
        Message message = new Message(folder.projectId(), folder.folderId(), Ids.newId(), IMAGES,
                now().plusMillis(1).toString(), by.id(), by.name(), 0);
        try {
            queue.send(message);
        } catch (SdkException e) {
            throw notQueued();
        }
        return new Job(message.jobId(), folder, folder.imageCount());
    }

    /**
     * {@code DELETE /v1/folders/{id}?delete_images=true}: marks the folder (from now on it is hidden and takes no
     * uploads) and queues the job that empties and then deletes it. Asking again for a folder already marked queues
     * the job again, which is how a client finishes a request whose answer it never saw.
     */
    public Job deleteFolder(Caller caller, String folderId) {
        LibraryAccess.requireChange(caller);
        if (!Ids.plausible(folderId)) {
            throw FolderService.notFound(folderId);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Folder current = folders.find(caller.projectId(), folderId)
                    .orElseThrow(() -> FolderService.notFound(folderId));
            boolean marked = false;
            if (!current.deleting()) {
                if (!folders.markDeleting(current, now())) {
                    continue;
                }
                marked = true;
            }
            Person by = LibraryAccess.person(caller);
            Message message = new Message(current.projectId(), folderId, Ids.newId(), FOLDER, null, by.id(),
                    by.name(), 0);
            try {
                queue.send(message);
            } catch (SdkException e) {
                if (marked) {
                    // Without its job the mark would hide the folder for good: take it back.
                    folders.unmarkDeleting(current);
                }
                throw notQueued();
            }
            return new Job(message.jobId(), current, current.imageCount());
        }
        throw new ApiError(409, "conflict", "The folder kept changing while this request was applied; try again");
    }

    /** What one round did (the worker logs it; tests read it). */
    public record Round(int deleted, boolean followUp, boolean folderDeleted) {
    }

    /** One round of a job: see the class comment. Throws to have the message delivered again. */
    public Round run(Message message) {
        validate(message);
        String projectId = message.projectId();
        String folderId = message.folderId();
        Optional<Folder> folder = folders.find(projectId, folderId);
        if (folder.isEmpty() || (message.kind().equals(FOLDER) && !folder.get().deleting())) {
            // Gone already (a repeated message), or the deletion was taken back: nothing to do.
            return new Round(0, false, false);
        }
        Optional<Instant> until = Optional.ofNullable(message.until()).map(Instant::parse);
        Person by = new Person(message.byId(), message.byName() == null ? message.byId() : message.byName());
        FolderStore.IdPage page = folders.imageIds(projectId, folderId, false, BATCH, Optional.empty(), until);
        int deleted = 0;
        for (String imageId : page.imageIds()) {
            // The index is a hint: the record says whether the image is still here and still to be deleted.
            Optional<Image> image = images.find(projectId, imageId);
            if (image.isPresent() && image.get().status() != ImageStatus.DELETED
                    && image.get().folderId().equals(Optional.of(folderId))) {
                imageService.deleteImage(projectId, imageId, by);
                deleted++;
            }
        }
        if (page.next().isPresent()) {
            queue.send(message.next(0));
            return new Round(deleted, true, false);
        }
        if (!message.kind().equals(FOLDER)) {
            return new Round(deleted, false, false);
        }
        // Then its pending and failed images: they hold no listed bytes and no count, but would otherwise stay,
        // visible by id and pointing at a folder that is gone. A pending upload's PUT that lands later finds its
        // image deleted, and ingest removes the object.
        FolderStore.IdPage unlisted = folders.unlistedImageIds(projectId, folderId, BATCH);
        for (String imageId : unlisted.imageIds()) {
            Optional<Image> image = images.find(projectId, imageId);
            if (image.isPresent() && (image.get().status() == ImageStatus.PENDING
                    || image.get().status() == ImageStatus.FAILED)
                    && image.get().folderId().equals(Optional.of(folderId))) {
                imageService.deleteImage(projectId, imageId, by);
                deleted++;
            }
        }
        if (unlisted.next().isPresent()) {
            queue.send(message.next(0));
            return new Round(deleted, true, false);
        }
        if (folders.deleteIfEmpty(folder.get(), true)) {
            return new Round(deleted, false, true);
        }
        Optional<Folder> now = folders.find(projectId, folderId);
        if (now.isEmpty() || !now.get().deleting()) {
            return new Round(deleted, false, false);
        }
        // Still counting images the index did not show yet (it lags, or an upload was just ingested): look again.
        int idle = deleted == 0 ? message.idleRounds() + 1 : 0;
        if (idle > MAX_IDLE_ROUNDS) {
            throw new IllegalStateException("folder " + folderId + " of project " + projectId + " still counts "
                    + now.get().imageCount() + " image(s) that its index does not list");
        }
        queue.send(message.next(idle), IDLE_DELAY);
        return new Round(deleted, true, false);
    }

    private static void validate(Message m) {
        if (m.projectId() == null || m.folderId() == null || m.jobId() == null || m.byId() == null
                || m.idleRounds() == null || !(IMAGES.equals(m.kind()) || FOLDER.equals(m.kind()))) {
            throw new IllegalArgumentException("a purge message needs project_id, folder_id, job_id, kind (images "
                    + "or folder), by_id and idle_rounds: " + m);
        }
        if (m.until() != null) {
            try {
                Instant.parse(m.until());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("until is not an ISO-8601 instant: " + m.until());
            }
        }
    }

    private static ApiError notQueued() {
        return new ApiError(503, "queue_unavailable", "The job could not be queued; nothing was deleted. Try again.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
