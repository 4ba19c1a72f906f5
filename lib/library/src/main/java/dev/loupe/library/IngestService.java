package dev.loupe.library;

import dev.loupe.imaging.ImageType;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.imaging.Rendition;
import dev.loupe.imaging.SmallPixels;

/**
 * Turns uploaded bytes into a library image: checks them (type from the bytes, MD5, size, pixels before decoding),
 * reads their EXIF, makes EXIF-upright JPEG thumbnails and the placeholder, and only then writes the image as active.
 * Both upload paths end here: an upload through the API prepares the bytes before storing anything; a presigned upload
 * is ingested when S3 reports the new original ({@link #ingest}).
 *
 * <p>The renditions and the sharing crop (seconds of AVIF encoding per image) are never made while a request waits:
 * S3 reports every original, the API's uploads' too, and {@link #ingest} makes them for an active image that has
 * none. A presigned upload gets them in the same ingest, before it turns active. Until they exist the image's
 * {@link Image#renditionWidths} are empty and the pages show its thumbnails and original instead.
 *
 * <p>Ingest is idempotent by the original's key: a redelivered event for an image that is already active with its
 * renditions does nothing, and two ingests of one upload that meet resolve through the record's version.
 */
public final class IngestService {
    /** The largest original Loupe takes: a 100-megapixel JPEG is about 40 MB. */
    public static final long MAX_BYTES = 40L * 1024 * 1024;
    /** Thumbnails, by their longest side: a grid cell and a lightbox or preview. */
    public static final List<Integer> THUMBNAIL_SIZES = List.of(150, 800);
    private static final int THUMBNAIL_QUALITY = 82;
    /**
     * Renditions, by width (never wider than the image: one at its own width stands in for those it doesn't reach),
     * each in AVIF, WebP and JPEG: made here, at ingest, rather than on first request, since an AVIF encode takes about
     * a second per megapixel-scale width and a visitor should never wait for one (docs/PERFORMANCE.md, "Renditions").
     */
    public static final List<Integer> RENDITION_WIDTHS = List.of(320, 640, 1280, 2048);
    public static final List<Rendition.Format> RENDITION_FORMATS = List.of(Rendition.Format.values());
    /** The sharing crop's size, as link previews (Open Graph, Twitter cards) want it. */
    public static final int SHARING_WIDTH = 1200;
    public static final int SHARING_HEIGHT = 630;
    /** BlurHash components across the longer side and the shorter: enough for a colour layout, 28 characters. */
    private static final int PLACEHOLDER_COMPONENTS_LONG = 4;
    private static final int PLACEHOLDER_COMPONENTS_SHORT = 3;

    private final ImageStore store;
    private final ImagingEngine engine;
    private final Clock clock;

    public IngestService(ImageStore store, ImagingEngine engine, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * What the bytes turned out to be, with the thumbnails and placeholder made from them; nothing is stored yet.
     */
    public record Prepared(ImageType type, ImageInfo info, String md5Hex, long size, Map<String, String> exif,
                           Map<Integer, byte[]> thumbnails, Placeholder placeholder) {
    }

    /** An image's renditions (every width in every format) and its sharing crop; nothing is stored yet. */
    public record Renditions(List<Rendition> renditions, byte[] sharingCrop) {
        /** The widths the renditions were made at, widest first. */
        public List<Integer> widths() {
            return renditions.stream().map(Rendition::width).distinct().toList();
        }
    }

    /**
     * Checks and prepares uploaded bytes; any refusal is an {@link ApiError} (400 with its own code, 413 for size,
     * 415 for a format Loupe doesn't take) and nothing has been written.
     */
    public Prepared prepare(String fileName, Optional<String> contentType, Optional<String> md5,
                            UploadValidation.Md5Check md5Check, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(bytes.length);
        }
        ValidUpload valid = UploadValidation.validate(fileName, contentType, md5, md5Check, bytes);
        // The header alone: dimensions and frames. A pixel bomb (every frame counted) is refused before decoding; the
        // thumbnails then decode the first page completely, any damage refusing the file (ImagingEngine).
        ImageInfo info = engine.probe(bytes);
        engine.refusePixelBomb(info);
        Map<Integer, byte[]> thumbnails = new LinkedHashMap<>();
        for (int size : THUMBNAIL_SIZES) {
            thumbnails.put(size, engine.thumbnailJpeg(bytes, size, size, THUMBNAIL_QUALITY));
        }
        return new Prepared(valid.type(), info, valid.md5Hex(), valid.size(), exifOf(ExifSummary.read(bytes)),
                thumbnails, placeholder(thumbnails.get(THUMBNAIL_SIZES.getFirst())));
    }

    /** Makes the renditions and the sharing crop of bytes that {@link #prepare} accepted. */
    public Renditions renditions(byte[] bytes) {
        return new Renditions(engine.renditions(bytes, RENDITION_WIDTHS, RENDITION_FORMATS),
                engine.smartCropJpeg(bytes, SHARING_WIDTH, SHARING_HEIGHT, THUMBNAIL_QUALITY));
    }

    private static void store(ImageObjects objects, Image image, Renditions renditions) {
        for (Rendition rendition : renditions.renditions()) {
            objects.putImmutable(LibraryKeys.renditionKey(image.projectId(), image.imageId(), rendition.width(),
                    rendition.format().extension()), rendition.bytes(), rendition.format().mediaType());
        }
        objects.putImmutable(LibraryKeys.sharingCropKey(image.projectId(), image.imageId()),
                renditions.sharingCrop(), "image/jpeg");
    }

    /** A BlurHash of the image's colours, from its smallest thumbnail (already upright, sRGB, on white). */
    private Placeholder placeholder(byte[] thumbnail) {
        SmallPixels pixels = engine.smallPixels(thumbnail, 32);
        boolean landscape = pixels.width() >= pixels.height();
        return Placeholder.blurHash(BlurHash.encode(pixels.rgb(), pixels.width(), pixels.height(),
                landscape ? PLACEHOLDER_COMPONENTS_LONG : PLACEHOLDER_COMPONENTS_SHORT,
                landscape ? PLACEHOLDER_COMPONENTS_SHORT : PLACEHOLDER_COMPONENTS_LONG));
    }

    /**
     * Stores the thumbnails and makes a pending image active with what {@link #prepare} found; without renditions
     * (an upload through the API: the S3-triggered {@link #ingest} of its original makes them), the image is active
     * with none.
     */
    public Image activate(ImageObjects objects, Image pending, Prepared prepared, Optional<Renditions> renditions,
                          String etag) {
        refuseDeletedFolder(pending);
        for (var thumbnail : prepared.thumbnails().entrySet()) {
            objects.put(LibraryKeys.thumbnailKey(pending.projectId(), pending.imageId(), thumbnail.getKey()),
                    thumbnail.getValue(), "image/jpeg", Md5.base64(thumbnail.getValue()));
        }
        renditions.ifPresent(made -> store(objects, pending, made));
        // The upright size, as the thumbnails are and as a browser shows the original (EXIF orientation 5 to 8 turn
        // it by a quarter): every view (the image list API, Atom, galleries, pages' <img>) reads these two.
        Image active = pending.toBuilder().status(ImageStatus.ACTIVE).failure(Optional.empty())
                .extension(prepared.type().extension()).width(prepared.info().displayWidth())
                .height(prepared.info().displayHeight()).pages(prepared.info().pages()).fileSize(prepared.size())
                .md5(prepared.md5Hex()).etag(Optional.of(etag)).thumbnailSizes(THUMBNAIL_SIZES)
                .renditionWidths(renditions.map(Renditions::widths).orElse(List.of()))
                .placeholder(Optional.of(prepared.placeholder()))
                .exif(prepared.exif()).modified(now()).build();
        if (store.replace(pending, active)) {
            return active.toBuilder().version(pending.version() + 1).build();
        }
        // Someone else (the other upload path, a redelivery) got there first: fine if they made the same image.
        Optional<Image> found = store.find(pending.projectId(), pending.imageId());
        if (found.isEmpty()) {
            // Purged while this path was making thumbnails: the purge removed what existed then, not these.
            objects.deletePrefix(LibraryKeys.thumbnailPrefix(pending.projectId(), pending.imageId()));
            throw new ApiError(409, "conflict", "The image was removed while it was being ingested");
        }
        Image current = found.get();
        if (current.status() == ImageStatus.PENDING) {
            refuseDeletedFolder(pending); // the folder went between the check and the write (its count's condition)
        }
        if (current.status().listed() && current.etag().equals(Optional.of(etag))) {
            if (renditions.isPresent() && current.renditionWidths().isEmpty()) {
                // The API's upload of these bytes turned it active first, without renditions: these are they.
                recordRenditions(objects, current, renditions.get());
                return store.find(pending.projectId(), pending.imageId()).orElse(current);
            }
            return current;
        }
        if (current.status() == ImageStatus.FAILED || current.status() == ImageStatus.DELETED) {
            // Failed or deleted while this path was making thumbnails (a withdrawn upload whose S3 event came
            // late): whoever did that removed the thumbnails before these were written, so these go too.
            objects.deletePrefix(LibraryKeys.thumbnailPrefix(pending.projectId(), pending.imageId()));
        }
        throw new ApiError(409, "conflict", "The image changed while it was being ingested: it is now "
                + current.status().word());
    }

    /**
     * An upload into a folder that was deleted (or marked for deletion) while the upload was pending is refused: its
     * folder can't count it, and the image would point at nothing. Ingest fails it with this reason.
     */
    private void refuseDeletedFolder(Image pending) {
        if (pending.folderId().isPresent() && !store.folderOpen(pending.projectId(), pending.folderId().get())) {
            throw new ApiError(409, "folder_deleted", "The folder " + pending.folderId().get() + " was deleted before "
                    + "the upload arrived; upload the file again into an existing folder", "folder_id");
        }
    }

    /** What one S3 event did. */
    public enum Outcome { INGESTED, RENDITIONS_MADE, ALREADY_INGESTED, FAILED, REMOVED_UNKNOWN, IGNORED }

    /**
     * Ingests the original that an S3 Object Created event names ({@code objectKey} as stored, as S3's events to
     * EventBridge carry it). Bytes that fail leave the image FAILED with the reason and no object behind; an object
     * that no upload asked for is removed.
     */
    public Outcome ingest(ImageObjects objects, String objectKey, String etag, long size) {
        Optional<LibraryKeys.OriginalRef> ref = LibraryKeys.parseOriginalKey(objectKey);
        if (ref.isEmpty()) {
            return Outcome.IGNORED;
        }
        String key = LibraryKeys.originalKey(ref.get().projectId(), ref.get().imageId(), ref.get().fileName());
        Optional<Image> found = store.find(ref.get().projectId(), ref.get().imageId());
        if (found.isEmpty() || found.get().status() == ImageStatus.DELETED || !key.equals(found.get().objectKey())) {
            // Not an upload Loupe handed out (or one deleted since): keep nothing nobody can see or delete.
            objects.delete(key);
            if (found.isPresent() && found.get().status() == ImageStatus.DELETED) {
                // A first delivery that timed out after writing renditions, redelivered after the deletion.
                objects.deletePrefix(LibraryKeys.thumbnailPrefix(ref.get().projectId(), ref.get().imageId()));
            }
            return Outcome.REMOVED_UNKNOWN;
        }
        Image pending = found.get();
        if (pending.status().listed()) {
            if (pending.renditionWidths().isEmpty()) {
                // Stored by an upload through the API, which answered without renditions: they are made here.
                return makeRenditions(objects, pending, key);
            }
            // A redelivered event; or a second PUT with the same presigned URL, which carries the same signed MD5
            // and so the same bytes: either way the image is already what these bytes make.
            return Outcome.ALREADY_INGESTED;
        }
        if (pending.status() == ImageStatus.FAILED) {
            objects.delete(key);
            // A first delivery that wrote renditions and then timed out, redelivered after the image failed (an
            // upload withdrawn meanwhile): what it wrote goes, as the failure removed the rest.
            objects.deletePrefix(LibraryKeys.thumbnailPrefix(pending.projectId(), pending.imageId()));
            return Outcome.FAILED;
        }
        try {
            if (size > MAX_BYTES) {
                throw tooLarge(size);
            }
            byte[] bytes = objects.get(key);
            Prepared prepared = prepare(pending.fileName(), Optional.empty(), Optional.of(pending.md5()),
                    UploadValidation.Md5Check.REQUIRED, bytes);
            if (prepared.size() != pending.fileSize() && pending.fileSize() > 0) {
                throw new ApiError(400, "size_mismatch", "The upload declared " + pending.fileSize()
                        + " bytes but " + prepared.size() + " arrived", "size");
            }
            // A presigned upload turns active with its renditions: nothing else would make them later.
            activate(objects, pending, prepared, Optional.of(renditions(bytes)), unquoted(etag));
            return Outcome.INGESTED;
        } catch (ApiError refused) {
            fail(objects, pending, refused.code() + ": " + refused.getMessage());
            return Outcome.FAILED;
        }
    }

    /**
     * Makes and stores the renditions of an active image that has none, then records their widths. The bytes were
     * checked when the image turned active, so a failure here is ours and is thrown (Lambda retries the event). An
     * image deleted meanwhile (its original gone, or its record no longer listed) keeps nothing of this.
     */
    private Outcome makeRenditions(ImageObjects objects, Image image, String key) {
        Optional<byte[]> bytes = objects.find(key);
        if (bytes.isEmpty()) {
            return Outcome.IGNORED; // deleted since the event was sent: its deletion removed the rest
        }
        Renditions made = renditions(bytes.get());
        store(objects, image, made);
        return recordRenditions(objects, image, made);
    }

    /** Records the widths of stored renditions on their active image, or removes them if it is no longer listed. */
    private Outcome recordRenditions(ImageObjects objects, Image image, Renditions made) {
        Image current = image;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (!current.status().listed()) {
                // Deleted (or failed) while the renditions were made: they go, as its thumbnails went.
                objects.deletePrefix(LibraryKeys.thumbnailPrefix(image.projectId(), image.imageId()));
                return Outcome.IGNORED;
            }
            if (!current.renditionWidths().isEmpty()) {
                return Outcome.ALREADY_INGESTED; // a redelivery that met this one: the same bytes, the same renditions
            }
            // Only the widths change: an edit (description, folder, status) that met this one is kept.
            if (store.replace(current, current.toBuilder().renditionWidths(made.widths()).build())) {
                return Outcome.RENDITIONS_MADE;
            }
            Optional<Image> now = store.find(image.projectId(), image.imageId());
            if (now.isEmpty()) {
                objects.deletePrefix(LibraryKeys.thumbnailPrefix(image.projectId(), image.imageId()));
                return Outcome.IGNORED;
            }
            current = now.get();
        }
        throw new IllegalStateException("image " + image.imageId()
                + " kept changing while its renditions were recorded");
    }

    /**
     * Fails a presigned upload whose expiry marker DynamoDB's TTL has removed, if it is still pending: its URL expired
     * (and as long again went by) before S3 delivered bytes that ingest took, because the PUT never came or S3 refused
     * it (a wrong Content-MD5 is BadDigest). False when there is nothing to do: the image was ingested, failed or
     * deleted meanwhile, or is gone; a second delivery of the same removal changes nothing.
     */
    public boolean expire(ImageObjects objects, String projectId, String imageId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Image> found = store.find(projectId, imageId);
            if (found.isEmpty() || found.get().status() != ImageStatus.PENDING) {
                return false;
            }
            if (fail(objects, found.get(), "upload_expired: The upload URL expired before S3 received the file "
                    + "(the PUT never came, or S3 refused it, e.g. for a wrong Content-MD5); ask for a new URL "
                    + "and send the file again")) {
                return true;
            }
            // Changed between the read and the write (the ingest of a late PUT): decide again on what it is now.
        }
        throw new IllegalStateException("image " + imageId + " kept changing while its expired upload was failed");
    }

    /**
     * Marks an image failed with its reason (out of every list and count) and removes its bytes; false, with nothing
     * touched, when the image changed since {@code image} was read: then someone else (the other upload path, an
     * owner) acts on it, and its bytes may be an active image's.
     */
    public boolean fail(ImageObjects objects, Image image, String reason) {
        Image failed = image.toBuilder().status(ImageStatus.FAILED).failure(Optional.of(reason)).modified(now())
                .build();
        if (!store.replace(image, failed)) {
            return false;
        }
        objects.delete(image.objectKey());
        objects.deletePrefix(LibraryKeys.thumbnailPrefix(image.projectId(), image.imageId()));
        return true;
    }

    static Map<String, String> exifOf(ExifSummary exif) {
        Map<String, String> values = new LinkedHashMap<>();
        exif.make().ifPresent(v -> values.put("camera_make", v));
        exif.model().ifPresent(v -> values.put("camera_model", v));
        exif.lens().ifPresent(v -> values.put("lens", v));
        exif.takenAt().ifPresent(v -> values.put("taken_at", v.toString()));
        exif.orientation().ifPresent(v -> values.put("orientation", v.toString()));
        exif.latitude().ifPresent(v -> values.put("gps_latitude", v.toString()));
        exif.longitude().ifPresent(v -> values.put("gps_longitude", v.toString()));
        exif.altitude().ifPresent(v -> values.put("gps_altitude", v.toString()));
        return values;
    }

    static ApiError tooLarge(long size) {
        return new ApiError(413, "file_too_large", "The file is " + size + " bytes; Loupe takes images of at most "
                + MAX_BYTES + " bytes", "file");
    }

    private static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
