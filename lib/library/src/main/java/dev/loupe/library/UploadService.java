package dev.loupe.library;

import dev.loupe.imaging.ImageType;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

import dev.loupe.core.Ids;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The two ways into the library. A file small enough for an API request (Lambda takes 6 MB, about 4.5 MB of file
 * once base64-encoded) is checked, prepared and stored in the request ({@link #upload}). A larger one gets a presigned
 * S3 PUT bound to its declared size, type and MD5 ({@link #presign}); S3 refuses other bytes, and the ingest that S3's
 * event starts checks them again. Both end in {@link IngestService}.
 */
public final class UploadService {
    /**
     * How long a presigned PUT stays usable by default: time to send 40 MB on a slow line, not much more. An upload
     * still pending as long again after its URL expired (a PUT begun in the URL's last second has that long to finish)
     * is failed by its expiry marker ({@link ImageStore#putPendingUpload}).
     */
    public static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    private static final int MAX_FILE_NAME = 255;
    private static final int MAX_DESCRIPTION = 2_000;

    private final ImageStore store;
    private final IngestService ingest;
    private final ImageObjects objects;
    private final S3Presigner presigner;
    private final BiPredicate<String, String> folderIsOpen;
    private final Clock clock;
    private final Duration urlValidity;

    public UploadService(ImageStore store, IngestService ingest, ImageObjects objects, S3Presigner presigner,
                         BiPredicate<String, String> folderIsOpen, Clock clock) {
        this(store, ingest, objects, presigner, folderIsOpen, clock, UPLOAD_URL_VALIDITY);
    }

    /**
     * @param urlValidity  how long a presigned PUT stays usable ({@link #UPLOAD_URL_VALIDITY} unless the deployment
     *                     says otherwise)
     * @param folderIsOpen (project id, folder id) → whether uploads may go into that folder (it exists in the project
     *                     and is not being deleted)
     */
    public UploadService(ImageStore store, IngestService ingest, ImageObjects objects, S3Presigner presigner,
                         BiPredicate<String, String> folderIsOpen, Clock clock, Duration urlValidity) {
        if (urlValidity.isNegative() || urlValidity.isZero() || urlValidity.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a presigned URL lives 1 s to 7 days, not " + urlValidity);
        }
        this.urlValidity = urlValidity;
        this.store = store;
        this.ingest = ingest;
        this.objects = objects;
        this.presigner = presigner;
        this.folderIsOpen = folderIsOpen;
        this.clock = clock;
    }

    /** A file sent with the request, with what its client declared about it. */
    public record DirectUpload(String fileName, Optional<String> contentType, Optional<String> md5,
                               UploadValidation.Md5Check md5Check, Optional<String> description,
                               Optional<String> folderId, byte[] bytes) {
    }

    /**
     * Checks, prepares and stores a file, answering the active image. Every refusal happens before anything is
     * written; a storage failure afterwards marks the upload failed and removes what it wrote.
     */
    public Image upload(Caller caller, DirectUpload upload) {
        LibraryAccess.requireChange(caller);
        String fileName = validFileName(upload.fileName());
        String description = validDescription(upload.description());
        Optional<String> folderId = openFolder(caller.projectId(), upload.folderId());
        IngestService.Prepared prepared = ingest.prepare(fileName, upload.contentType(), upload.md5(),
                upload.md5Check(), upload.bytes());
        return store(caller, fileName, description, folderId, prepared, upload.bytes());
    }

    /**
     * Several files sent with one request (a gallery's create or add), all or none, each taking {@link #upload}'s
     * checks: every file is checked and prepared before the first one is stored, so a refusal (its own status and
     * code, the message naming the file when there are several) leaves nothing written. Storing the k-th can still
     * fail (S3 or DynamoDB failing midway): it cleans up after itself as any upload does, and the ones stored before
     * it are {@link #withdraw}n before the failure goes on to the caller.
     */
    public List<Image> uploadAll(Caller caller, List<DirectUpload> uploads) {
        LibraryAccess.requireChange(caller);
        return storeAll(caller, uploads);
    }

    /**
     * {@link #uploadAll} for a caller whose right to add these files another module decided: an invited contributor
     * of a gallery (any role, a viewer too) adding its own images to that gallery. The same checks on every file.
     */
    public List<Image> uploadAllAdmitted(Caller caller, List<DirectUpload> uploads) {
        return storeAll(caller, uploads);
    }

    private List<Image> storeAll(Caller caller, List<DirectUpload> uploads) {
        record Ready(String fileName, String description, Optional<String> folderId,
                     IngestService.Prepared prepared, byte[] bytes) {
        }
        List<Ready> ready = new java.util.ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            DirectUpload upload = uploads.get(i);
            try {
                String fileName = validFileName(upload.fileName());
                ready.add(new Ready(fileName, validDescription(upload.description()),
                        openFolder(caller.projectId(), upload.folderId()), ingest.prepare(fileName,
                        upload.contentType(), upload.md5(), upload.md5Check(), upload.bytes()), upload.bytes()));
            } catch (ApiError refused) {
                if (uploads.size() == 1 || refused.status() >= 500) {
                    throw refused;
                }
                ApiError named = new ApiError(refused.status(), refused.code(), "File " + (i + 1) + " of "
                        + uploads.size() + " (" + upload.fileName() + "): " + sentence(refused.getMessage())
                        + " Nothing was uploaded.", refused.param().orElse(null));
                named.initCause(refused);
                throw named;
            }
        }
        List<Image> stored = new java.util.ArrayList<>();
        for (Ready file : ready) {
            try {
                stored.add(store(caller, file.fileName(), file.description(), file.folderId(), file.prepared(),
                        file.bytes()));
            } catch (RuntimeException failure) {
                for (Image image : stored) {
                    try {
                        withdraw(image, "upload_failed: storing " + file.fileName()
                                + " failed, so the request it came with was undone");
                    } catch (RuntimeException again) {
                        failure.addSuppressed(again);
                    }
                }
                throw failure;
            }
        }
        return stored;
    }

    /**
     * Stores bytes that {@link IngestService#prepare} has accepted, under a name, description and folder already
     * checked here ({@link #validFileName}, {@link #validDescription}, {@link #openFolder}): the one way an image is
     * written, for an upload and for each file of an import, which prepares all its files before storing any. A
     * storage failure marks the upload failed and removes what it wrote.
     */
    Image store(Caller caller, String fileName, String description, Optional<String> folderId,
                IngestService.Prepared prepared, byte[] bytes) {
        Image pending = newPending(caller, fileName, description, folderId, prepared.type().extension(),
                prepared.md5Hex(), prepared.size(), Optional.empty());
        try {
            String etag = objects.put(pending.objectKey(), bytes, prepared.type().mimeType(),
                    Md5.hexToBase64(prepared.md5Hex()));
            // Answered without renditions: S3's event for this original starts the ingest that makes them.
            return ingest.activate(objects, pending, prepared, Optional.empty(), etag);
        } catch (RuntimeException storageFailed) {
            ingest.fail(objects, pending, "storage_error: " + storageFailed.getMessage());
            throw storageFailed;
        }
    }

    /**
     * Takes back an image that {@link #store} just wrote, when the import or the gallery change it belongs to failed
     * later: as a failed ingest does ({@link IngestService#fail}); false, with nothing touched, when someone changed
     * the image since. The S3-triggered ingest recording the image's renditions meanwhile is not such a change: it
     * only adds what this upload's own bytes made, so the withdrawal goes on from the image as it now is.
     */
    public boolean withdraw(Image stored, String reason) {
        Image expected = stored;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (ingest.fail(objects, expected, reason)) {
                return true;
            }
            Optional<Image> current = store.find(stored.projectId(), stored.imageId());
            if (current.isEmpty() || !onlyRenditionsAdded(stored, current.get())) {
                return false;
            }
            expected = current.get();
        }
        return false;
    }

    private static boolean onlyRenditionsAdded(Image stored, Image current) {
        return current.toBuilder().renditionWidths(stored.renditionWidths()).version(stored.version()).build()
                .equals(stored);
    }

    /** What a client declares before it PUTs a large file to S3 itself. */
    public record PresignCommand(String fileName, long size, String md5, Optional<String> contentType,
                                 Optional<String> description, Optional<String> folderId) {
    }

    /** A pending image and how to send its bytes: a PUT to {@code url} with exactly {@code headers}. */
    public record PresignedUpload(Image image, URI url, Map<String, String> headers, Instant expiresAt) {
    }

    /**
     * Records a pending image and hands out a presigned PUT for it. The declared type must agree with the file name,
     * the MD5 must be well-formed, and the size within bounds; the bytes themselves are checked when they arrive.
     */
    public PresignedUpload presign(Caller caller, PresignCommand command) {
        LibraryAccess.requireChange(caller);
        String fileName = validFileName(command.fileName());
        String description = validDescription(command.description());
        Optional<String> folderId = openFolder(caller.projectId(), command.folderId());
        ImageType type = ImageType.fromExtension(fileName).orElseThrow(() -> ImageType.extensionOf(fileName)
                .map(ext -> new ApiError(415, "unsupported_type", "." + ext + " is not a format Loupe accepts; "
                        + "supported formats: " + ImageType.supportedList(), "file_name"))
                .orElseGet(() -> new ApiError(400, "missing_extension", "the file name '" + fileName
                        + "' has no extension", "file_name")));
        command.contentType().filter(ct -> !ct.isBlank()).ifPresent(declared -> {
            if (ImageType.fromContentType(declared).orElse(null) != type) {
                throw new ApiError(400, "content_type_mismatch", "The content type " + declared
                        + " does not match the file name's ." + type.extension(), "content_type");
            }
        });
        String md5 = command.md5() == null ? "" : command.md5().strip().toLowerCase(java.util.Locale.ROOT);
        if (md5.isEmpty()) {
            throw new ApiError(400, "missing_md5", "the file's MD5 (32 hex digits) is required", "md5");
        }
        if (!Md5.isHex(md5)) {
            throw new ApiError(400, "bad_md5", "md5 is 32 hex digits, not '" + command.md5() + "'", "md5");
        }
        if (command.size() <= 0) {
            throw ApiError.badParameter("size", "size is the file's length in bytes, more than 0");
        }
        if (command.size() > IngestService.MAX_BYTES) {
            throw IngestService.tooLarge(command.size());
        }

        Instant expires = clock.instant().plus(urlValidity).truncatedTo(ChronoUnit.SECONDS);
        Image pending = newPending(caller, fileName, description, folderId, type.extension(), md5, command.size(),
                Optional.of(expires.plus(urlValidity)));
        var presigned = presigner.presignPutObject(p -> p.signatureDuration(urlValidity)
                .putObjectRequest(put -> put.bucket(objects.bucket()).key(pending.objectKey())
                        .contentType(type.mimeType()).contentLength(command.size())
                        .contentMD5(Md5.hexToBase64(md5))));
        Map<String, String> headers = new java.util.TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedUpload(pending, URI.create(presigned.url().toString()), headers, expires);
    }

    private Image newPending(Caller caller, String fileName, String description, Optional<String> folderId,
                             String extension, String md5, long size, Optional<Instant> failAfter) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Person person = LibraryAccess.person(caller);
        String imageId = Ids.newId();
        Image pending = new Image.Builder().projectId(caller.projectId()).imageId(imageId).folderId(folderId)
                .fileName(fileName).description(description).status(ImageStatus.PENDING).extension(extension)
                .md5(md5).fileSize(size).objectKey(LibraryKeys.originalKey(caller.projectId(), imageId, fileName))
                .thumbnailSizes(List.of()).createdBy(person).modifiedBy(person).created(now).modified(now)
                .version(1).build();
        if (!(failAfter.isPresent() ? store.putPendingUpload(pending, failAfter.get()) : store.putPending(pending))) {
            throw new IllegalStateException("a fresh random image id was already taken: " + imageId);
        }
        return pending;
    }

    /** The folder id without blanks, or 404 folder_not_found when it is not an open folder of the project. */
    Optional<String> openFolder(String projectId, Optional<String> folderId) {
        Optional<String> id = folderId.map(String::strip).filter(f -> !f.isEmpty());
        if (id.isPresent() && !folderIsOpen.test(projectId, id.get())) {
            throw new ApiError(404, "folder_not_found", "There is no folder " + id.get() + " in this project",
                    "folder_id");
        }
        return id;
    }

    static String validFileName(String fileName) {
        String name = fileName == null ? "" : fileName.strip();
        // The name becomes part of an S3 key and a download's file name: no paths, no control characters.
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        if (name.isEmpty()) {
            throw new ApiError(400, "missing_file_name", "the image's file name is required", "file_name");
        }
        if (name.length() > MAX_FILE_NAME || name.chars().anyMatch(Character::isISOControl)
                || name.equals(".") || name.equals("..")) {
            throw new ApiError(400, "bad_file_name", "the file name is 1 to " + MAX_FILE_NAME
                    + " characters without control characters", "file_name");
        }
        return name;
    }

    static String validDescription(Optional<String> description) {
        String value = description.orElse("");
        if (value.length() > MAX_DESCRIPTION) {
            throw ApiError.badParameter("description", "description is at most " + MAX_DESCRIPTION + " characters");
        }
        return value;
    }

    /** A message that ends as a sentence, so that another can follow it ("...it is empty. Nothing was uploaded."). */
    static String sentence(String message) {
        String text = message.strip();
        if (text.isEmpty()) {
            return text;
        }
        String capital = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        char last = capital.charAt(capital.length() - 1);
        return last == '.' || last == '!' || last == '?' ? capital : capital + ".";
    }
}
