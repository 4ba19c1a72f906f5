package dev.loupe.library;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image in a project's library: its record, whatever state it is in (see {@link ImageStatus}). Bytes live in S3
 * under {@link LibraryKeys#originalKey} and {@link LibraryKeys#thumbnailKey}; this record only names them.
 *
 * @param extension canonical lower-case extension of the detected type (jpg, png, gif, webp, bmp, tiff); while
 *                  pending, the one the file name declares
 * @param failure   why ingest refused the bytes ({@code code: message}), for a FAILED image
 * @param exif      what the file's EXIF says (camera_make, camera_model, taken_at, orientation, gps_latitude,
 *                  gps_longitude, gps_altitude); GPS is shown only when {@code gpsPublic}
 * @param etag      the S3 ETag of the original that was ingested: with the key, what makes ingest idempotent
 * @param objectKey where the original is in the image bucket ({@link LibraryKeys#originalKey}); it keeps the
 *                  upload's file name when the image is renamed
 * @param renditionWidths the widths its renditions were made at ({@link LibraryKeys#renditionKey}, each in every
 *                  {@link dev.loupe.imaging.Rendition.Format}), widest first; empty for an image ingested before
 *                  renditions existed, which has no sharing crop either
 * @param placeholder what a page shows while a rendition loads, computed at ingest
 */
public record Image(String projectId, String imageId, Optional<String> folderId, String fileName, String description,
                    ImageStatus status, Optional<String> failure, String extension, int width, int height, int pages,
                    long fileSize, String md5, Optional<String> etag, String objectKey, List<Integer> thumbnailSizes,
                    Map<String, String> exif, boolean gpsPublic, Person createdBy, Person modifiedBy,
                    Instant created, Instant modified, long version, List<Integer> renditionWidths,
                    Optional<Placeholder> placeholder) {

    public Image {
        folderId = folderId == null ? Optional.empty() : folderId;
        failure = failure == null ? Optional.empty() : failure;
        etag = etag == null ? Optional.empty() : etag;
        description = description == null ? "" : description;
        thumbnailSizes = thumbnailSizes == null ? List.of() : List.copyOf(thumbnailSizes);
        exif = exif == null ? Map.of() : Map.copyOf(exif);
        renditionWidths = renditionWidths == null ? List.of() : List.copyOf(renditionWidths);
        placeholder = placeholder == null ? Optional.empty() : placeholder;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies with changes, so that services never juggle twenty positional arguments. */
    public static final class Builder {
        private String projectId;
        private String imageId;
        private Optional<String> folderId = Optional.empty();
        private String fileName;
        private String description = "";
        private ImageStatus status = ImageStatus.PENDING;
        private Optional<String> failure = Optional.empty();
        private String extension;
        private int width;
        private int height;
        private int pages;
        private long fileSize;
        private String md5;
        private Optional<String> etag = Optional.empty();
        private String objectKey;
        private List<Integer> thumbnailSizes = List.of();
        private Map<String, String> exif = Map.of();
        private boolean gpsPublic;
        private Person createdBy;
        private Person modifiedBy;
        private Instant created;
        private Instant modified;
        private long version;
        private List<Integer> renditionWidths = List.of();
        private Optional<Placeholder> placeholder = Optional.empty();

        public Builder() {
        }

        private Builder(Image i) {
            projectId = i.projectId;
            imageId = i.imageId;
            folderId = i.folderId;
            fileName = i.fileName;
            description = i.description;
            status = i.status;
            failure = i.failure;
            extension = i.extension;
            width = i.width;
            height = i.height;
            pages = i.pages;
            fileSize = i.fileSize;
            md5 = i.md5;
            etag = i.etag;
            objectKey = i.objectKey;
            thumbnailSizes = i.thumbnailSizes;
            exif = i.exif;
            gpsPublic = i.gpsPublic;
            createdBy = i.createdBy;
            modifiedBy = i.modifiedBy;
            created = i.created;
            modified = i.modified;
            version = i.version;
            renditionWidths = i.renditionWidths;
            placeholder = i.placeholder;
        }

        public Builder projectId(String v) { projectId = v; return this; }
        public Builder imageId(String v) { imageId = v; return this; }
        public Builder folderId(Optional<String> v) { folderId = v; return this; }
        public Builder fileName(String v) { fileName = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder status(ImageStatus v) { status = v; return this; }
        public Builder failure(Optional<String> v) { failure = v; return this; }
        public Builder extension(String v) { extension = v; return this; }
        public Builder width(int v) { width = v; return this; }
        public Builder height(int v) { height = v; return this; }
        public Builder pages(int v) { pages = v; return this; }
        public Builder fileSize(long v) { fileSize = v; return this; }
        public Builder md5(String v) { md5 = v; return this; }
        public Builder etag(Optional<String> v) { etag = v; return this; }
        public Builder objectKey(String v) { objectKey = v; return this; }
        public Builder thumbnailSizes(List<Integer> v) { thumbnailSizes = v; return this; }
        public Builder exif(Map<String, String> v) { exif = v; return this; }
        public Builder gpsPublic(boolean v) { gpsPublic = v; return this; }
        public Builder createdBy(Person v) { createdBy = v; return this; }
        public Builder modifiedBy(Person v) { modifiedBy = v; return this; }
        public Builder created(Instant v) { created = v; return this; }
        public Builder modified(Instant v) { modified = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder renditionWidths(List<Integer> v) { renditionWidths = v; return this; }
        public Builder placeholder(Optional<Placeholder> v) { placeholder = v; return this; }

        public Image build() {
            return new Image(projectId, imageId, folderId, fileName, description, status, failure, extension, width,
                    height, pages, fileSize, md5, etag, objectKey, thumbnailSizes, exif, gpsPublic, createdBy, modifiedBy,
                    created, modified, version, renditionWidths, placeholder);
        }
    }
}
