package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.local.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An upload through the API answers once its thumbnails exist, without renditions; the S3-triggered ingest of its
 * original makes them afterwards, once however often S3 delivers the event. Against DynamoDB Local and S3Proxy.
 */
@ExtendWith(SharedEmulators.class)
class IngestRenditionsTest {
    private static DynamoDbClient dynamo;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static String table;
    private static String bucket;

    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "renditions", List.of());
    private final Caller editor = new Caller(project, false, Optional.of("user-1"), Optional.of("Ada"),
            Optional.of(Role.EDITOR), Optional.empty());
    private ImageStore store;
    private IngestService ingest;
    private ImageObjects objects;
    private UploadService uploads;

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        s3 = backend.s3();
        presigner = backend.s3Presigner();
        Provisioned provisioned;
        try (var sqs = backend.sqs()) {
            provisioned = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("ImagesTable");
        bucket = provisioned.bucketName("ImageBucket");
    }

    @AfterAll
    static void close() {
        dynamo.close();
        s3.close();
        presigner.close();
    }

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        store = new ImageStore(dynamo, table);
        ingest = new IngestService(store, new ImagingEngine(), clock);
        objects = new ImageObjects(s3, bucket);
        uploads = new UploadService(store, ingest, objects, presigner, new FolderStore(dynamo, table)::isOpen, clock);
    }

    @Test
    void theUploadAnswersWithThumbnailsAndTheIngestOfItsOriginalAddsTheRenditionsOnce() {
        byte[] jpeg = TestFiles.image("jpg", 700, 400);
        Image uploaded = uploads.upload(editor, new UploadService.DirectUpload("wide.jpg", Optional.empty(),
                Optional.empty(), UploadValidation.Md5Check.IF_DECLARED, Optional.of("before"), Optional.empty(),
                jpeg));

        // Answered: active, its thumbnails and placeholder there, no rendition yet.
        assertThat(uploaded.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(uploaded.renditionWidths()).isEmpty();
        assertThat(uploaded.placeholder()).isPresent();
        assertThat(names(uploaded)).containsExactlyInAnyOrder("150.jpg", "800.jpg");

        // Edited before the ingest came: the ingest keeps the edit and adds only the widths.
        Image edited = uploaded.toBuilder().description("after").build();
        assertThat(store.replace(uploaded, edited)).isTrue();

        String key = uploaded.objectKey();
        assertThat(ingest.ingest(objects, key, "\"" + uploaded.etag().orElseThrow() + "\"", jpeg.length))
                .isEqualTo(IngestService.Outcome.RENDITIONS_MADE);
        Image done = store.find(project.projectId(), uploaded.imageId()).orElseThrow();
        // 700 px wide: 320 and 640, then one at its own width for the wider ones, each in three formats; the crop.
        assertThat(done.renditionWidths()).containsExactly(700, 640, 320);
        assertThat(done.description()).isEqualTo("after");
        assertThat(done.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(names(done)).containsExactlyInAnyOrder("150.jpg", "800.jpg", "og.jpg",
                "w320.avif", "w320.webp", "w320.jpg", "w640.avif", "w640.webp", "w640.jpg",
                "w700.avif", "w700.webp", "w700.jpg");

        // S3 delivers at least once: the same event again changes nothing.
        assertThat(ingest.ingest(objects, key, uploaded.etag().orElseThrow(), jpeg.length))
                .isEqualTo(IngestService.Outcome.ALREADY_INGESTED);
        assertThat(store.find(project.projectId(), uploaded.imageId()).orElseThrow().version())
                .isEqualTo(done.version());
    }

    @Test
    void anOriginalDeletedBeforeItsIngestLeavesNothingBehind() {
        byte[] png = TestFiles.image("png", 60, 40);
        Image uploaded = uploads.upload(editor, new UploadService.DirectUpload("gone.png", Optional.empty(),
                Optional.empty(), UploadValidation.Md5Check.IF_DECLARED, Optional.empty(), Optional.empty(), png));
        objects.delete(uploaded.objectKey());

        assertThat(ingest.ingest(objects, uploaded.objectKey(), uploaded.etag().orElseThrow(), png.length))
                .isEqualTo(IngestService.Outcome.IGNORED);
        assertThat(store.find(project.projectId(), uploaded.imageId()).orElseThrow().renditionWidths()).isEmpty();
        assertThat(names(uploaded)).containsExactlyInAnyOrder("150.jpg", "800.jpg");
    }

    @Test
    void anUploadWithdrawnAfterItsIngestAddedRenditionsLeavesNothingBehind() {
        byte[] jpeg = TestFiles.image("jpg", 500, 300);
        Image uploaded = uploads.upload(editor, new UploadService.DirectUpload("withdrawn.jpg", Optional.empty(),
                Optional.empty(), UploadValidation.Md5Check.IF_DECLARED, Optional.empty(), Optional.empty(), jpeg));
        // The ingest of its original came first, before the gallery change it belonged to failed.
        assertThat(ingest.ingest(objects, uploaded.objectKey(), uploaded.etag().orElseThrow(), jpeg.length))
                .isEqualTo(IngestService.Outcome.RENDITIONS_MADE);

        // The withdrawal holds the image as the upload wrote it; the renditions recorded since don't stop it.
        assertThat(uploads.withdraw(uploaded, "gallery_failed: test")).isTrue();
        Image failed = store.find(project.projectId(), uploaded.imageId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(ImageStatus.FAILED);
        assertThat(names(uploaded)).isEmpty();
        assertThat(objects.find(uploaded.objectKey())).isEmpty();
    }

    @Test
    void anEditMadeSinceStillStopsAWithdrawal() {
        byte[] jpeg = TestFiles.image("jpg", 64, 48);
        Image uploaded = uploads.upload(editor, new UploadService.DirectUpload("edited.jpg", Optional.empty(),
                Optional.empty(), UploadValidation.Md5Check.IF_DECLARED, Optional.empty(), Optional.empty(), jpeg));
        assertThat(store.replace(uploaded, uploaded.toBuilder().description("someone's edit").build())).isTrue();

        assertThat(uploads.withdraw(uploaded, "gallery_failed: test")).isFalse();
        assertThat(store.find(project.projectId(), uploaded.imageId()).orElseThrow().status())
                .isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void renditionsWrittenByADeliveryThatTimedOutGoWhenItIsRedeliveredAfterAFailure() {
        byte[] jpeg = TestFiles.image("jpg", 400, 300);
        Image uploaded = uploads.upload(editor, new UploadService.DirectUpload("late.jpg", Optional.empty(),
                Optional.empty(), UploadValidation.Md5Check.IF_DECLARED, Optional.empty(), Optional.empty(), jpeg));
        assertThat(uploads.withdraw(uploaded, "gallery_failed: test")).isTrue();
        // What a first delivery wrote after the withdrawal's clean-up, before it timed out.
        objects.putImmutable(LibraryKeys.renditionKey(project.projectId(), uploaded.imageId(), 320, "jpg"), jpeg,
                "image/jpeg");
        objects.putImmutable(LibraryKeys.sharingCropKey(project.projectId(), uploaded.imageId()), jpeg,
                "image/jpeg");

        assertThat(ingest.ingest(objects, uploaded.objectKey(), uploaded.etag().orElseThrow(), jpeg.length))
                .isEqualTo(IngestService.Outcome.FAILED);
        assertThat(names(uploaded)).isEmpty();
    }

    private List<String> names(Image image) {
        return s3.listObjectsV2Paginator(l -> l.bucket(bucket)
                        .prefix(LibraryKeys.thumbnailPrefix(image.projectId(), image.imageId()))).contents().stream()
                .map(S3Object::key).map(k -> k.substring(k.lastIndexOf('/') + 1)).toList();
    }
}
