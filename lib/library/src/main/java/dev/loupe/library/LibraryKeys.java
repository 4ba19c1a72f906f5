package dev.loupe.library;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The image library's keys, in one place: the items of the images table, its indexes, and the objects of the image
 * bucket. Every key starts with the project id, so a read with one project's id can never reach another's items.
 *
 * <h2>Images table</h2>
 * <ul>
 * <li>image: {@code pk = P#<project>#I#<image>}, {@code sk = IMAGE}; its usages share the partition
 * ({@code sk = USAGE#<feature>#<ref>}) so that one query reads an image with everything that uses it.</li>
 * <li>folders: {@code pk = P#<project>#FOLDERS}, {@code sk = F#<folder>}; a folder's name is claimed by
 * {@code sk = N#<lower-case name>} in the same partition, written in one transaction with the folder.</li>
 * <li>counters: {@code pk = P#<project>#COUNTS}, {@code sk = LIST}: one number per listing bucket, so totals are
 * read, never counted.</li>
 * <li>rank blocks ({@link RankBlocks}): {@code pk = P#<project>#RB#<sort attribute>#<level>}, {@code sk = <prefix>}
 * ({@link #rankPk}): how many listed images of each bucket have sort values beginning with the prefix, moved in the
 * same transaction as the image; an image whose prefixes are counted carries {@code rank_counted}.</li>
 * <li>word index of file names ({@link ImageWordIndex}): an entry per token of a listed image's name,
 * {@code pk = P#<project>#W#<token>} ({@link #wordPk}), {@code sk =} the image's {@code s_modified} value (so a
 * token's entries are in the default order, newest change first when read backwards), with the image id, its
 * bucket, its name's words and its other sort values; and each token's counters, {@code pk = P#<project>#WN#<token>}
 * ({@link #wordCountPk}), {@code sk = COUNT}, one number per listing bucket ({@link #counterAttribute}), moved only in
 * the transaction that puts or deletes an entry of the token.</li>
 * <li>exports: {@code pk = P#<project>#X#<export>}, {@code sk = EXPORT}.</li>
 * <li>ratings ({@link ImageRatingService}): the image's tally in its partition, {@code sk = RATING}
 * ({@code rating_sum}, {@code rating_count}; never on the image item, so a rating never collides with an image's
 * version check); one user's rating {@code pk = P#<project>#IR#<image>}, {@code sk = U#<user>} ({@code stars}), a
 * partition of its own so that the image's query never reads its ratings.</li>
 * <li>a presigned upload's expiry marker: the image's partition, {@code sk = UPLOAD_EXPIRY}, with {@code project_id},
 * {@code image_id} and the TTL {@code expires_at}; its removal by TTL (a stream REMOVE record) fails the upload if it
 * is still pending ({@code UploadExpiryFunction}).</li>
 * <li>an image's comment counter: the image's partition, {@code sk = COMMENT_COUNT}, {@code comment_count}: moved
 * only in the same transaction as each comment's post, delete, hide and show (the comments themselves live in the
 * galleries table, {@code GalleryKeys}), read with the image's details.</li>
 * </ul>
 *
 * <h2>Listing buckets and indexes</h2>
 * A listed image (active or archived) sits in one bucket, {@code P#<project>#L#<status>#<extension>}: the
 * listing's two filters pick whole buckets instead of filtering rows. Its sort attributes ({@code s_name},
 * {@code s_createdby}, {@code s_created}, {@code s_modified}) end in the image id, so each order is total. Indexes
 * {@code bucket-<sort>} are partitioned by bucket ({@code list_pk}); {@code all-<sort>} by project
 * ({@code list_all_pk}) for unfiltered lists. {@code by-folder} lists a folder's images by creation. All of them are
 * sparse: an image that is not listed carries none of these attributes, except that a pending or failed image in a
 * folder is in {@code by-folder} under another partition ({@link #folderUnlistedIndexPk}), so that the folder's
 * purge finds it.
 */
public final class LibraryKeys {
    private LibraryKeys() {
    }

    public static final String IMAGE_SK = "IMAGE";
    public static final String USAGE_SK_PREFIX = "USAGE#";
    public static final String FOLDER_SK_PREFIX = "F#";
    public static final String FOLDER_NAME_SK_PREFIX = "N#";
    public static final String COUNTS_SK = "LIST";
    public static final String EXPORT_SK = "EXPORT";
    public static final String UPLOAD_EXPIRY_SK = "UPLOAD_EXPIRY";
    public static final String COMMENT_COUNT_SK = "COMMENT_COUNT";
    public static final String WORD_COUNT_SK = "COUNT";

    public static final String FOLDER_INDEX = "by-folder";

    /**
     * Sorts below every printable character, so that "a" sorts before "a b" whatever the id after it; DynamoDB
     * compares strings by their UTF-8 bytes.
     */
    public static final String SEPARATOR = "\u0001";

    /** Fixed width, so that string order is time order. */
    private static final DateTimeFormatter SORTABLE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public static final String RATING_SK = "RATING";

    /** One user's rating of one image. */
    public static String imageRatingPk(String projectId, String imageId) {
        return "P#" + projectId + "#IR#" + imageId;
    }

    public static String imagePk(String projectId, String imageId) {
        return "P#" + projectId + "#I#" + imageId;
    }

    public static String usageSk(String feature, String ref) {
        return USAGE_SK_PREFIX + feature + "#" + ref;
    }

    public static String foldersPk(String projectId) {
        return "P#" + projectId + "#FOLDERS";
    }

    public static String folderSk(String folderId) {
        return FOLDER_SK_PREFIX + folderId;
    }

    public static String folderNameSk(String name) {
        return FOLDER_NAME_SK_PREFIX + name.strip().toLowerCase(Locale.ROOT);
    }

    public static String countsPk(String projectId) {
        return "P#" + projectId + "#COUNTS";
    }

    public static String exportPk(String projectId, String exportId) {
        return "P#" + projectId + "#X#" + exportId;
    }

    /** The counter attribute of one listing bucket in the counters item. */
    public static String counterAttribute(ImageStatus status, String extension) {
        return "n_" + status.word() + "_" + extension;
    }

    public static String bucketPk(String projectId, ImageStatus status, String extension) {
        return "P#" + projectId + "#L#" + status.word() + "#" + extension;
    }

    public static String allPk(String projectId) {
        return "P#" + projectId + "#L";
    }

    /**
     * One level of an order's rank blocks ({@link RankBlocks}): {@code pk = P#<project>#RB#<sort attribute>#<level>},
     * {@code sk =} the prefix of the sort values the block holds (the {@code level}-th of their chains of prefixes,
     * {@code RankBlocks.chain}), one number per listing bucket ({@link #counterAttribute}), as the counters item has them.
     */
    public static String rankPk(String projectId, String sortAttribute, int level) {
        return "P#" + projectId + "#RB#" + sortAttribute + "#" + level;
    }

    /** A token's entries in the word index of file names ({@link ImageWordIndex}). */
    public static String wordPk(String projectId, String token) {
        return "P#" + projectId + "#W#" + token;
    }

    /** A token's counters per listing bucket, beside its entries ({@link ImageWordIndex}); sk {@link #WORD_COUNT_SK}. */
    public static String wordCountPk(String projectId, String token) {
        return "P#" + projectId + "#WN#" + token;
    }

    public static String folderIndexPk(String projectId, String folderId) {
        return "P#" + projectId + "#F#" + folderId;
    }

    /**
     * The {@code by-folder} partition of a folder's pending and failed images: never listed (the folder's own
     * partition, {@link #folderIndexPk}, holds only listed images), found only by the folder's purge, which deletes
     * them with their folder.
     */
    public static String folderUnlistedIndexPk(String projectId, String folderId) {
        return "P#" + projectId + "#FU#" + folderId;
    }

    public static String sortableTime(Instant instant) {
        return SORTABLE_TIME.format(instant);
    }

    /** A sort value that ends in the image id, so that equal names (or times) still have one order. */
    public static String sortValue(String value, String imageId) {
        return value + SEPARATOR + imageId;
    }

    // ---------------------------------------------------------------- S3 objects

    public static final String ORIGINALS_PREFIX = "originals/";
    public static final String THUMBNAILS_PREFIX = "thumbnails/";
    public static final String EXPORTS_PREFIX = "exports/";

    /**
     * Where an image's original bytes go: {@code originals/<project>/<image>/<file name>}. Uploads land here directly
     * (presigned PUT) or through the API; the bucket's Object Created events under this prefix (through EventBridge)
     * start the ingest.
     */
    public static String originalKey(String projectId, String imageId, String fileName) {
        return ORIGINALS_PREFIX + projectId + "/" + imageId + "/" + fileName;
    }

    public static String thumbnailKey(String projectId, String imageId, int size) {
        return THUMBNAILS_PREFIX + projectId + "/" + imageId + "/" + size + ".jpg";
    }

    /**
     * A rendition: {@code thumbnails/<project>/<image>/w<width>.<jpg|webp|avif>}. Beside the thumbnails, under the
     * image's {@link #thumbnailPrefix}, so that whatever removes an image's thumbnails removes its renditions too.
     */
    public static String renditionKey(String projectId, String imageId, int width, String extension) {
        return thumbnailPrefix(projectId, imageId) + "w" + width + "." + extension;
    }

    /** The 1200 x 630 sharing crop (og:image): {@code thumbnails/<project>/<image>/og.jpg}. */
    public static String sharingCropKey(String projectId, String imageId) {
        return thumbnailPrefix(projectId, imageId) + "og.jpg";
    }

    public static String thumbnailPrefix(String projectId, String imageId) {
        return THUMBNAILS_PREFIX + projectId + "/" + imageId + "/";
    }

    public static String exportKey(String projectId, String exportId) {
        return EXPORTS_PREFIX + projectId + "/" + exportId + ".zip";
    }

    /** The project and image an original's key names. */
    public record OriginalRef(String projectId, String imageId, String fileName) {
    }

    /**
     * Reads an original's key as stored, which is how S3's events to EventBridge carry it (not URL-encoded: a
     * {@code +} in it is a plus). Empty for any other key.
     */
    public static Optional<OriginalRef> parseOriginalKey(String key) {
        if (!key.startsWith(ORIGINALS_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = key.substring(ORIGINALS_PREFIX.length()).split("/", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OriginalRef(parts[0], parts[1], parts[2]));
    }
}
