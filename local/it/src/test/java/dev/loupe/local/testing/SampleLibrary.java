package dev.loupe.local.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.library.Image;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.LibraryKeys;
import dev.loupe.library.Person;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Library data that sample events and tests look at, written straight into the local cloud's table and bucket (the
 * way an ingest would leave it), so that a test of one route does not depend on the upload routes.
 */
public final class SampleLibrary {
    public static final String SAMPLE_IMAGE_ID = "sample-image";

    private SampleLibrary() {
    }

    /** An active 1x1 JPEG with one 150 px thumbnail; returns its record. */
    public static Image seedImage(ProjectClient cloud, String imageId, String fileName, Optional<String> folderId)
            throws Exception {
        byte[] jpeg = tinyJpeg();
        String projectId = cloud.project().projectId();
        String bucket = cloud.provisioned().bucketName("ImageBucket");
        // Outside originals/, so that the ingest's S3 trigger leaves the seed alone.
        String key = "seed/" + LibraryKeys.originalKey(projectId, imageId, fileName);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Image pending = new Image.Builder().projectId(projectId).imageId(imageId).folderId(folderId)
                .fileName(fileName).description("A sample").status(ImageStatus.PENDING).extension("jpg")
                .md5("0".repeat(32)).objectKey(key).createdBy(Person.PROJECT).modifiedBy(Person.PROJECT)
                .created(now).modified(now).version(1).build();
        try (DynamoDbClient dynamo = cloud.backend().dynamoDb(); S3Client s3 = cloud.backend().s3()) {
            String etag = s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(jpeg)).eTag();
            s3.putObject(p -> p.bucket(bucket).key(LibraryKeys.thumbnailKey(projectId, imageId, 150)),
                    RequestBody.fromBytes(jpeg));
            ImageStore store = new ImageStore(dynamo, cloud.provisioned().tableName("ImagesTable"));
            store.putPending(pending);
            Image active = pending.toBuilder().status(ImageStatus.ACTIVE).width(1).height(1).pages(1)
                    .fileSize(jpeg.length).etag(Optional.of(etag)).thumbnailSizes(List.of(150))
                    .exif(Map.of("camera_make", "Loupe")).build();
            if (!store.replace(pending, active)) {
                throw new IllegalStateException("seeding " + imageId + " raced with something");
            }
            return active.toBuilder().version(2).build();
        }
    }

    /** The smallest valid JPEG: 1x1 grey. */
    static byte[] tinyJpeg() {
        return java.util.HexFormat.of().parseHex(
                "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912"
                + "130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b08"
                + "0001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b510"
                + "0002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552"
                + "d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465"
                + "666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8"
                + "b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda00080101"
                + "00003f00fbd3ffd9");
    }
}
