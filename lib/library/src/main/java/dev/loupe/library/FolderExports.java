package dev.loupe.library;

import dev.loupe.core.Ids;
import dev.loupe.core.ZipNames;
import dev.loupe.s3.MultipartObjectStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.sqs.JobQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Folder exports: the API records one and queues its build; the worker ({@link #build}) streams every active or
 * archived image's original into a ZIP that goes to S3 as a multipart upload, one part in memory at a time, then
 * marks the export ready (or failed, saying why). A ready export is downloaded through a presigned URL. A build that
 * died is started again by the message's redelivery; a finished export is never built again.
 */
public final class FolderExports {
    /** Parts of this size keep memory flat and allow 10,000 parts × 8 MiB, far above {@link #MAX_BYTES}. */
    public static final int PART_SIZE = 8 * 1024 * 1024;
    /** What one worker can copy within its 15 minutes, with room to spare. */
    public static final long MAX_BYTES = 20L * 1024 * 1024 * 1024;
    /** How long the bucket keeps an export (its lifecycle rule on exports/ in template.yaml). */
    public static final Duration KEPT = Duration.ofDays(7);
    /** Formats that deflate well; the others are compressed already and are stored as they are. */
    private static final Set<String> COMPRESSIBLE = Set.of("bmp", "tiff");
    private static final int DEADLINE_CHECK_BYTES = 16 * 1024 * 1024;

    private final FolderStore folders;
    private final ImageStore images;
    private final ExportStore exports;
    private final S3Client s3;
    private final ImageLinks links;
    private final JobQueue queue;
    private final Clock clock;

    public FolderExports(FolderStore folders, ImageStore images, ExportStore exports, S3Client s3, ImageLinks links,
                         JobQueue queue, Clock clock) {
        this.folders = folders;
        this.images = images;
        this.exports = exports;
        this.s3 = s3;
        this.links = links;
        this.queue = queue;
        this.clock = clock;
    }

    /** The build's message. */
    public record Message(String projectId, String exportId) {
    }

    /** {@code POST /v1/folders/{id}/export}: records a pending export of the folder and queues its build. */
    public FolderExport start(Caller caller, String folderId) {
        LibraryAccess.requireChange(caller);
        Folder folder = FolderService.open(folders, caller.projectId(), folderId);
        Instant now = now();
        FolderExport export = new FolderExport(caller.projectId(), Ids.newId(), folder.folderId(), folder.name(),
                FolderExport.Status.PENDING, Optional.empty(), 0, 0, 0, LibraryAccess.person(caller), now, now);
        if (!exports.create(export)) {
            throw new ApiError(500, "id_exhausted", "No free export id was found; nothing was created. Try again.");
        }
        try {
            queue.send(new Message(export.projectId(), export.exportId()));
        } catch (SdkException e) {
            // An export that nobody will build would stay pending for ever: it goes.
            exports.delete(export.projectId(), export.exportId());
            throw new ApiError(503, "queue_unavailable", "The export could not be queued; nothing was created. "
                    + "Try again.");
        }
        return export;
    }

    /**
     * An export as its owner sees it.
     *
     * @param status          the record's status, or {@code expired} once the bucket has removed the ZIP
     * @param downloadUrl     while ready: a presigned GET, named after the folder
     * @param downloadExpires when that URL stops working
     * @param expires         when the ZIP itself is removed
     */
    public record View(FolderExport export, String status, Optional<URI> downloadUrl, Optional<Instant> downloadExpires,
                       Optional<Instant> expires) {
    }

    /** {@code GET /v1/exports/{id}}: any caller of the project may look, and download when it is ready. */
    public View view(Caller caller, String exportId) {
        if (!Ids.plausible(exportId)) {
            throw notFound(exportId);
        }
        FolderExport export = exports.find(caller.projectId(), exportId).orElseThrow(() -> notFound(exportId));
        if (export.status() != FolderExport.Status.READY) {
            return new View(export, export.status().word(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Instant now = now();
        Instant expires = export.updated().plus(KEPT);
        if (!now.isBefore(expires)) {
            return new View(export, "expired", Optional.empty(), Optional.empty(), Optional.of(expires));
        }
        URI url = links.download(LibraryKeys.exportKey(export.projectId(), export.exportId()),
                ZipNames.safe(export.folderName()) + ".zip");
        return new View(export, export.status().word(), Optional.of(url), Optional.of(now.plus(ImageLinks.VALIDITY)),
                Optional.of(expires));
    }

    /**
     * What a build did: the export as it now is (empty when there is no such export), and an unexpected failure to
     * log (the export says only that it failed on our side).
     */
    public record Built(Optional<FolderExport> export, Optional<RuntimeException> unexpected) {
    }

    /** Builds an export unless it is finished; {@code deadline} is when the worker must have stopped. */
    public Built build(Message message, Instant deadline) {
        if (message.projectId() == null || message.exportId() == null) {
            throw new IllegalArgumentException("an export message needs project_id and export_id: " + message);
        }
        Optional<FolderExport> found = exports.find(message.projectId(), message.exportId());
        if (found.isEmpty() || found.get().status().finished()) {
            return new Built(found, Optional.empty());
        }
        OptionalInt attempt = exports.startBuilding(message.projectId(), message.exportId(), now());
        if (attempt.isEmpty()) {
            return new Built(exports.find(message.projectId(), message.exportId()), Optional.empty());
        }
        FolderExport export = found.get();
        Optional<RuntimeException> unexpected = Optional.empty();
        try {
            Zipped zipped = zip(export, deadline);
            exports.ready(export.projectId(), export.exportId(), attempt.getAsInt(), zipped.count(), zipped.size(),
                    now());
        } catch (ExportFailure failure) {
            exports.failed(export.projectId(), export.exportId(), attempt.getAsInt(), failure.getMessage(), now());
        } catch (RuntimeException e) {
            exports.failed(export.projectId(), export.exportId(), attempt.getAsInt(),
                    "Building the ZIP failed on our side; start a new export", now());
            unexpected = Optional.of(e);
        }
        return new Built(exports.find(export.projectId(), export.exportId()), unexpected);
    }

    /** What an export whose message was dead-lettered says: its builds were stopped before they could finish. */
    static final String ABANDONED = "Building the ZIP was stopped before it finished, three times (it ran out of "
            + "time or memory); start a new export, or move some images to another folder and export each";

    /**
     * FolderExportDeadLetterQueue's consumer: the export's message was received as often as the queue allows and no
     * build finished it (the worker was killed by its timeout or its memory each time), so it would stay building
     * for ever. Marks it failed with the reason; an export already ready or failed, or gone, is left alone. The
     * export as it now is; empty when there is none.
     */
    public Optional<FolderExport> deadLettered(Message message) {
        if (message.projectId() == null || message.exportId() == null) {
            throw new IllegalArgumentException("an export message needs project_id and export_id: " + message);
        }
        exports.abandoned(message.projectId(), message.exportId(), ABANDONED, now());
        return exports.find(message.projectId(), message.exportId());
    }

    private record Zipped(int count, long size) {
    }

    private Zipped zip(FolderExport export, Instant deadline) {
        String projectId = export.projectId();
        String folderId = export.folderId();
        if (folders.find(projectId, folderId).filter(f -> !f.deleting()).isEmpty()) {
            throw new ExportFailure("The folder was deleted before its export was built");
        }
        MultipartObjectStream upload = MultipartObjectStream.start(s3, links.bucket(),
                LibraryKeys.exportKey(projectId, export.exportId()), "application/zip", PART_SIZE);
        ZipOutputStream zip = new ZipOutputStream(upload, StandardCharsets.UTF_8);
        boolean completed = false;
        try {
            ZipNames names = new ZipNames();
            int count = 0;
            long total = 0;
            Optional<Map<String, AttributeValue>> start = Optional.empty();
            do {
                // Oldest first: the first "a.jpg" keeps its name, later ones become "a (2).jpg".
                FolderStore.IdPage page = folders.imageIds(projectId, folderId, false, 100, start, Optional.empty());
                for (Image image : images.findAll(projectId, page.imageIds())) {
                    if (!image.status().listed() || !image.folderId().equals(Optional.of(folderId))) {
                        continue;
                    }
                    total += image.fileSize();
                    if (total > MAX_BYTES) {
                        throw new ExportFailure("The folder's originals are larger than an export may be ("
                                + FileSizes.human(MAX_BYTES) + "); move some images to another folder");
                    }
                    checkDeadline(deadline);
                    if (add(zip, names, image, deadline)) {
                        count++;
                    }
                }
                start = page.next();
            } while (start.isPresent());
            zip.finish();
            upload.complete();
            completed = true;
            return new Zipped(count, upload.written());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!completed) {
                abortQuietly(upload);
            }
            try {
                zip.close();
            } catch (IOException ignored) {
                // Only releases the deflater: the upload was completed or aborted above.
            }
        }
    }

    /** Copies one original into the ZIP; false when it was deleted meanwhile (then it is not part of the folder). */
    private boolean add(ZipOutputStream zip, ZipNames names, Image image, Instant deadline) throws IOException {
        InputStream original;
        try {
            original = s3.getObject(g -> g.bucket(links.bucket()).key(image.objectKey()));
        } catch (NoSuchKeyException e) {
            boolean deleted = images.find(image.projectId(), image.imageId())
                    .map(i -> i.status() == ImageStatus.DELETED).orElse(true);
            if (deleted) {
                return false;
            }
            throw new ExportFailure("The original of image " + image.imageId() + " ('" + image.fileName()
                    + "') is missing from storage");
        }
        try (InputStream in = original) {
            ZipEntry entry = new ZipEntry(names.unique(image.fileName()));
            entry.setLastModifiedTime(FileTime.from(image.modified()));
            zip.setLevel(COMPRESSIBLE.contains(image.extension()) ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION);
            zip.putNextEntry(entry);
            byte[] buffer = new byte[64 * 1024];
            long sinceCheck = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                zip.write(buffer, 0, n);
                sinceCheck += n;
                if (sinceCheck >= DEADLINE_CHECK_BYTES) {
                    sinceCheck = 0;
                    checkDeadline(deadline);
                }
            }
            zip.closeEntry();
        }
        return true;
    }

    private void checkDeadline(Instant deadline) {
        if (clock.instant().isAfter(deadline)) {
            throw new ExportFailure("Building the ZIP took longer than a worker may run (15 minutes); export fewer "
                    + "or smaller images per folder");
        }
    }

    private static void abortQuietly(MultipartObjectStream upload) {
        try {
            upload.abort();
        } catch (SdkException e) {
            // The bucket's lifecycle rule removes incomplete uploads under exports/ after a day.
        }
    }

    static ApiError notFound(String exportId) {
        return new ApiError(404, "export_not_found", "There is no export " + exportId + " in this project",
                "export_id");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A reason the export cannot be built, in words for the project's users. */
    private static final class ExportFailure extends RuntimeException {
        ExportFailure(String reason) {
            super(reason);
        }
    }
}
