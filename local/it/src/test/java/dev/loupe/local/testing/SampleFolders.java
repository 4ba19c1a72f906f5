package dev.loupe.local.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.loupe.library.ExportStore;
import dev.loupe.library.Folder;
import dev.loupe.library.FolderExport;
import dev.loupe.library.FolderStore;
import dev.loupe.library.Image;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageSeeds;
import dev.loupe.library.ImageStore;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.Person;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Folders, images in them and exports, written straight into the local cloud's table and bucket (as the folder
 * routes, uploads and the export worker would leave them), for sample events and tests of one route at a time.
 */
public final class SampleFolders {
    /** Holds one image; the view, list, images and export events look at it. */
    public static final String SAMPLE_FOLDER_ID = "sample-folder";
    public static final String SAMPLE_FOLDER_NAME = "A sample folder";

    private SampleFolders() {
    }

    /** What the folder, export and Atom sample events (events/Folder*, events/Export*, events/Atom*) expect. */
    public static void seedSampleEvents(ProjectClient cloud) throws Exception {
        seedFolder(cloud, SAMPLE_FOLDER_ID, SAMPLE_FOLDER_NAME);
        SampleLibrary.seedImage(cloud, "sample-in-folder", "in-folder.jpg", Optional.of(SAMPLE_FOLDER_ID));
        seedFolder(cloud, "sample-rename", "Sample to rename");
        seedFolder(cloud, "sample-empty", "Sample empty");
        seedFolder(cloud, "sample-doomed-folder", "Sample doomed");
        SampleLibrary.seedImage(cloud, "sample-doomed-in-folder", "doomed-in-folder.jpg",
                Optional.of("sample-doomed-folder"));
        seedFolder(cloud, "sample-purge-folder", "Sample purge by route");
        SampleLibrary.seedImage(cloud, "sample-purge-image", "purge.jpg", Optional.of("sample-purge-folder"));
        seedFolder(cloud, "sample-purged", "Sample purge by message");
        SampleLibrary.seedImage(cloud, "sample-purged-image", "purged.jpg", Optional.of("sample-purged"));
        // The Atom paths' events (events/Atom*) upload into and delete from folders of their own, so that the
        // feeds the other events read stay as seeded.
        seedFolder(cloud, "sample-atom-folder", "Sample Atom");
        SampleLibrary.seedImage(cloud, "sample-atom-doomed", "atom-doomed.jpg", Optional.of("sample-atom-folder"));
        seedFolder(cloud, "sample-atom-purge", "Sample Atom purge");
        SampleLibrary.seedImage(cloud, "sample-atom-purge-image", "atom-purge.jpg", Optional.of("sample-atom-purge"));
        seedExport(cloud, "sample-export-pending", SAMPLE_FOLDER_ID, SAMPLE_FOLDER_NAME, FolderExport.Status.PENDING);
        seedExport(cloud, "sample-export-ready", SAMPLE_FOLDER_ID, SAMPLE_FOLDER_NAME, FolderExport.Status.READY);
    }

    public static Folder seedFolder(ProjectClient cloud, String folderId, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Folder folder = new Folder(cloud.project().projectId(), folderId, name, 0, now, now, false);
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb()) {
            var outcome = new FolderStore(dynamo, cloud.provisioned().tableName("ImagesTable")).create(folder);
            if (outcome != FolderStore.CreateOutcome.CREATED) {
                throw new IllegalStateException("seeding folder " + folderId + ": " + outcome);
            }
        }
        return folder;
    }

    /** An export record; a ready one also gets a small ZIP under its key, so that its download works. */
    public static FolderExport seedExport(ProjectClient cloud, String exportId, String folderId, String folderName,
                                          FolderExport.Status status) {
        String projectId = cloud.project().projectId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] emptyZip = {0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        boolean ready = status == FolderExport.Status.READY;
        FolderExport export = new FolderExport(projectId, exportId, folderId, folderName, status, Optional.empty(),
                0, ready ? emptyZip.length : 0, ready ? 1 : 0, Person.PROJECT, now, now);
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb(); S3Client s3 = cloud.backend().s3()) {
            if (ready) {
                s3.putObject(p -> p.bucket(cloud.provisioned().bucketName("ImageBucket"))
                        .key(LibraryKeys.exportKey(projectId, exportId)), RequestBody.fromBytes(emptyZip));
            }
            if (!new ExportStore(dynamo, cloud.provisioned().tableName("ImagesTable")).create(export)) {
                throw new IllegalStateException("seeding export " + exportId + ": the id is taken");
            }
        }
        return export;
    }

    /** {@code count} active 1x1 JPEGs in a folder ({@code <prefix>-<n>.jpg}), written with one pair of clients. */
    public static List<Image> seedImages(ProjectClient cloud, String folderId, String prefix, int count) {
        List<Image> seeded = new ArrayList<>();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb(); S3Client s3 = cloud.backend().s3()) {
            for (int i = 0; i < count; i++) {
                seeded.add(seedImage(cloud, dynamo, s3, folderId, prefix + "-" + i, prefix + "-" + i + ".jpg",
                        SampleLibrary.tinyJpeg()));
            }
        }
        return seeded;
    }

    /**
     * As {@link #seedImages}, written in batches by {@link ImageSeeds} (records, counters, rank blocks, word index and
     * the folder's count together) and the objects on a few threads: for a test that needs many images in a folder
     * and is not about how they got there. The project must be new and its images seeded only through here before
     * anything else changes them, because ImageSeeds writes the rank blocks whole. Created in the milliseconds before
     * now, one apart, in the order of their numbers.
     */
    public static List<Image> seedImagesInBatches(ProjectClient cloud, String folderId, String prefix, int count)
            throws Exception {
        String projectId = cloud.project().projectId();
        String bucket = cloud.provisioned().bucketName("ImageBucket");
        byte[] jpeg = SampleLibrary.tinyJpeg();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(count);
        List<Image> seeded = new ArrayList<>();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb(); S3Client s3 = cloud.backend().s3();
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Image>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String imageId = prefix + "-" + i;
                String fileName = prefix + "-" + i + ".jpg";
                Instant created = start.plusMillis(i);
                puts.add(pool.submit(() -> {
                    // Outside originals/, so that the ingest's S3 trigger leaves the seed alone.
                    String key = "seed/" + LibraryKeys.originalKey(projectId, imageId, fileName);
                    String etag = s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(jpeg)).eTag();
                    s3.putObject(p -> p.bucket(bucket).key(LibraryKeys.thumbnailKey(projectId, imageId, 150)),
                            RequestBody.fromBytes(jpeg));
                    return new Image.Builder().projectId(projectId).imageId(imageId).folderId(Optional.of(folderId))
                            .fileName(fileName).status(ImageStatus.ACTIVE).extension("jpg").width(1).height(1)
                            .pages(1).fileSize(jpeg.length).md5("0".repeat(32)).etag(Optional.of(etag)).objectKey(key)
                            .thumbnailSizes(List.of(150)).createdBy(Person.PROJECT).modifiedBy(Person.PROJECT)
                            .created(created).modified(created).version(2).build();
                }));
            }
            for (Future<Image> put : puts) {
                seeded.add(put.get());
            }
            ImageSeeds.write(dynamo, cloud.provisioned().tableName("ImagesTable"), seeded, 2, done -> { });
        }
        return seeded;
    }

    /** One active image in a folder with these bytes as its original (ingest is not run: the bytes are kept as is). */
    public static Image seedImage(ProjectClient cloud, String folderId, String imageId, String fileName, byte[] bytes) {
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb(); S3Client s3 = cloud.backend().s3()) {
            return seedImage(cloud, dynamo, s3, folderId, imageId, fileName, bytes);
        }
    }

    private static Image seedImage(ProjectClient cloud, DynamoDbClient dynamo, S3Client s3, String folderId,
                                   String imageId, String fileName, byte[] bytes) {
        String projectId = cloud.project().projectId();
        String bucket = cloud.provisioned().bucketName("ImageBucket");
        // Outside originals/, so that the ingest's S3 trigger leaves the seed alone.
        String key = "seed/" + LibraryKeys.originalKey(projectId, imageId, fileName);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        Image pending = new Image.Builder().projectId(projectId).imageId(imageId).folderId(Optional.of(folderId))
                .fileName(fileName).status(ImageStatus.PENDING).extension(extension).md5("0".repeat(32))
                .objectKey(key).createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(now).modified(now)
                .version(1).build();
        String etag = s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(bytes)).eTag();
        s3.putObject(p -> p.bucket(bucket).key(LibraryKeys.thumbnailKey(projectId, imageId, 150)),
                RequestBody.fromBytes(SampleLibrary.tinyJpeg()));
        ImageStore store = new ImageStore(dynamo, cloud.provisioned().tableName("ImagesTable"));
        if (!store.putPending(pending)) {
            throw new IllegalStateException("seeding " + imageId + ": the id is taken");
        }
        Image active = pending.toBuilder().status(ImageStatus.ACTIVE).width(1).height(1).pages(1)
                .fileSize(bytes.length).etag(Optional.of(etag)).thumbnailSizes(List.of(150)).build();
        if (!store.replace(pending, active)) {
            throw new IllegalStateException("seeding " + imageId + " raced with something");
        }
        return active.toBuilder().version(2).build();
    }
}
