package dev.loupe.library;

import dev.loupe.core.Ids;
import static dev.loupe.library.FolderServiceTest.assertError;
import static dev.loupe.library.FolderServiceTest.caller;
import static dev.loupe.library.FolderServiceTest.newProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.Role;
import dev.loupe.sqs.JobQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The purge's rounds, driven by hand from a queue of the test's own, against DynamoDB Local, ElasticMQ and S3Proxy:
 * what a round deletes, what it queues next, and that a message handled twice, or two jobs at once, do no harm.
 */
@ExtendWith(SharedEmulators.class)
class FolderPurgeTest {
    private static DynamoDbClient dynamo;
    private static S3Client s3;
    private static SqsClient sqs;
    private static String table;
    private static String bucket;
    private static String queueUrl;
    private static FolderStore folders;
    private static ImageStore images;
    private static FolderService service;
    private static ImageService imageService;
    private static FolderPurge purge;

    private final Project project = newProject("purging");
    private final Caller backend = caller(project, false, null);

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        s3 = backend.s3();
        sqs = backend.sqs();
        Provisioned provisioned = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate());
        table = provisioned.tableName("ImagesTable");
        bucket = provisioned.bucketName("ImageBucket");
        // A queue of this test's own: nothing polls it, so the test hands each message to the worker itself.
        queueUrl = sqs.createQueue(r -> r.queueName("folder-purge-test-" + Ids.newId())).queueUrl();
        folders = new FolderStore(dynamo, table);
        images = new ImageStore(dynamo, table);
        service = new FolderService(folders, images, Clock.systemUTC());
        imageService = new ImageService(images, new ImageObjects(s3, bucket), Clock.systemUTC());
        purge = new FolderPurge(folders, images, imageService, new JobQueue(sqs, queueUrl), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
        dynamo.close();
        s3.close();
        sqs.close();
    }

    @Test
    void aFolderOf250ImagesIsEmptiedInRoundsOf100AndEveryMessageMayBeHandledTwice() throws Exception {
        Folder folder = service.create(backend, "Big");
        seedWithObjects(folder.folderId(), 250);

        FolderPurge.Job job = purge.deleteImages(backend, folder.folderId());
        assertThat(job.imageCount()).isEqualTo(250);

        List<FolderPurge.Message> first = take();
        assertThat(first).hasSize(1);
        assertThat(first.getFirst().jobId()).isEqualTo(job.jobId());
        FolderPurge.Round round = purge.run(first.getFirst());
        assertThat(round).isEqualTo(new FolderPurge.Round(100, true, false));
        assertThat(service.get(backend, folder.folderId()).imageCount()).isEqualTo(150);
        // Delivered again, as SQS may: it deletes the next hundred and queues a second follow-up. Both chains end.
        assertThat(purge.run(first.getFirst()).deleted()).isEqualTo(100);
        int rounds = drain(true);

        assertThat(rounds).isBetween(2, 6);
        assertEmptied(folder);
        // An images job leaves the folder itself: it is empty now, so a plain delete works.
        assertThat(service.get(backend, folder.folderId()).imageCount()).isZero();
        service.delete(backend, folder.folderId());
    }

    @Test
    void twoJobsAtOnceEndInTheSameState() throws Exception {
        Folder folder = service.create(backend, "Twice");
        seedWithObjects(folder.folderId(), 150);

        purge.deleteImages(backend, folder.folderId());
        purge.deleteImages(backend, folder.folderId());
        List<FolderPurge.Message> firsts = take();
        assertThat(firsts).hasSize(2);
        List<Callable<FolderPurge.Round>> rounds = firsts.stream()
                .<Callable<FolderPurge.Round>>map(m -> () -> purge.run(m)).toList();
        assertThat(FolderServiceTest.race(rounds)).allMatch(FolderPurge.Round.class::isInstance);
        drain(false);

        assertEmptied(folder);
    }

    @Test
    void deletingAFolderWithItsImagesHidesItAtOnceAndRemovesItOnceEmpty() throws Exception {
        Folder folder = service.create(backend, "Leaving");
        seedWithObjects(folder.folderId(), 120);

        purge.deleteFolder(backend, folder.folderId());
        assertError(() -> service.get(backend, folder.folderId()), 404, "folder_not_found", "folder_id");
        assertThat(service.list(backend)).isEmpty();
        assertError(() -> service.create(backend, "LEAVING"), 409, "folder_name_taken", "name");
        assertThatThrownBy(() -> service.create(backend, "leaving")).hasMessageContaining("being deleted");
        assertError(() -> purge.deleteImages(backend, folder.folderId()), 404, "folder_not_found", "folder_id");
        // A client that never saw the 202 asks again: the job is queued again, harmlessly.
        purge.deleteFolder(backend, folder.folderId());

        List<FolderPurge.Message> last = new ArrayList<>();
        drainInto(last);

        assertThat(folders.find(project.projectId(), folder.folderId())).isEmpty();
        assertThat(folders.nameHolder(project.projectId(), "Leaving")).isEmpty();
        assertThat(purge.run(last.getLast())).isEqualTo(new FolderPurge.Round(0, false, false));
        assertThat(images.counters(project.projectId())).allSatisfy((name, count) -> assertThat(count).isZero());
        assertThat(service.create(backend, "Leaving").name()).isEqualTo("Leaving");
        assertError(() -> purge.deleteFolder(backend, folder.folderId()), 404, "folder_not_found", "folder_id");
    }

    @Test
    void aFolderDeletedWithItsImagesTakesItsPendingAndFailedUploadsAndAnImagesJobLeavesThem() throws Exception {
        Folder folder = service.create(backend, "Unfinished");
        Folder other = service.create(backend, "Staying");
        seedWithObjects(folder.folderId(), 2);
        Image pending = unlisted(folder.folderId(), ImageStatus.PENDING);
        Image failed = unlisted(folder.folderId(), ImageStatus.FAILED);
        Image elsewhere = unlisted(other.folderId(), ImageStatus.PENDING);
        assertThat(folders.unlistedImageIds(project.projectId(), folder.folderId(), 10).imageIds())
                .containsExactlyInAnyOrder(pending.imageId(), failed.imageId());
        assertThat(folders.imageIds(project.projectId(), folder.folderId(), false, 10, java.util.Optional.empty(),
                java.util.Optional.empty()).imageIds()).as("never listed").hasSize(2)
                .doesNotContain(pending.imageId(), failed.imageId());

        // An images job empties the folder of what it lists; uploads still under way into it stay.
        purge.deleteImages(backend, folder.folderId());
        drain(false);
        assertThat(images.find(project.projectId(), pending.imageId()).orElseThrow().status())
                .isEqualTo(ImageStatus.PENDING);
        assertThat(images.find(project.projectId(), failed.imageId()).orElseThrow().status())
                .isEqualTo(ImageStatus.FAILED);

        purge.deleteFolder(backend, folder.folderId());
        drain(true);
        assertThat(folders.find(project.projectId(), folder.folderId())).isEmpty();
        for (Image gone : List.of(pending, failed)) {
            assertThat(images.find(project.projectId(), gone.imageId()).orElseThrow().status())
                    .isEqualTo(ImageStatus.DELETED);
        }
        assertThat(folders.unlistedImageIds(project.projectId(), folder.folderId(), 10).imageIds()).isEmpty();
        assertThat(images.find(project.projectId(), elsewhere.imageId()).orElseThrow().status())
                .as("another folder's upload").isEqualTo(ImageStatus.PENDING);
        assertThat(folders.unlistedImageIds(project.projectId(), other.folderId(), 10).imageIds())
                .containsExactly(elsewhere.imageId());
    }

    /** A pending upload into {@code folderId}, or one that ingest then failed. */
    private Image unlisted(String folderId, ImageStatus status) {
        String id = "u-" + Ids.newId();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Image pending = new Image.Builder().projectId(project.projectId()).imageId(id)
                .folderId(java.util.Optional.of(folderId)).fileName("u.jpg").status(ImageStatus.PENDING)
                .extension("jpg").md5("0".repeat(32)).objectKey(LibraryKeys.originalKey(project.projectId(), id,
                        "u.jpg")).createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(now).modified(now)
                .version(1).build();
        assertThat(images.putPending(pending)).isTrue();
        if (status == ImageStatus.PENDING) {
            return pending;
        }
        Image failed = pending.toBuilder().status(ImageStatus.FAILED)
                .failure(java.util.Optional.of("bad_file: not an image")).build();
        assertThat(images.replace(pending, failed)).isTrue();
        return failed.toBuilder().version(2).build();
    }

    @Test
    void anImagesJobLeavesImagesThatArrivedAfterIt() throws Exception {
        Folder folder = service.create(backend, "Busy");
        seedWithObjects(folder.folderId(), 3);
        purge.deleteImages(backend, folder.folderId());
        Thread.sleep(5);
        List<Image> later = seedWithObjects(folder.folderId(), 2);

        drain(false);

        assertThat(service.get(backend, folder.folderId()).imageCount()).isEqualTo(2);
        assertThat(service.images(backend, folder.folderId(), java.util.Optional.empty(), java.util.Optional.empty())
                .images()).extracting(Image::imageId)
                .containsExactlyInAnyOrderElementsOf(later.stream().map(Image::imageId).toList());
    }

    @Test
    void aDeletionTakenBackDeletesNothing() throws Exception {
        Folder folder = service.create(backend, "Kept");
        seedWithObjects(folder.folderId(), 2);
        var message = new FolderPurge.Message(project.projectId(), folder.folderId(), "job", FolderPurge.FOLDER,
                null, "project", "project", 0);

        assertThat(purge.run(message)).isEqualTo(new FolderPurge.Round(0, false, false));
        assertThat(service.get(backend, folder.folderId()).imageCount()).isEqualTo(2);
    }

    @Test
    void whenTheQueueCannotBeReachedNothingChangesAndTheAnswerIs503() throws Exception {
        Folder folder = service.create(backend, "Unreachable");
        seedWithObjects(folder.folderId(), 1);
        FolderPurge broken = new FolderPurge(folders, images, imageService,
                new JobQueue(sqs, queueUrl + "-no-such-queue"), Clock.systemUTC());

        assertError(() -> broken.deleteFolder(backend, folder.folderId()), 503, "queue_unavailable", null);
        assertError(() -> broken.deleteImages(backend, folder.folderId()), 503, "queue_unavailable", null);
        assertThat(service.get(backend, folder.folderId()).imageCount()).isEqualTo(1);
        assertThat(service.list(backend)).extracting(Folder::folderId).containsExactly(folder.folderId());
    }

    @Test
    void onlyTheProjectsBackendAndEditorsPurgeAndOnlyTheirOwnFolders() {
        Folder folder = service.create(backend, "Guarded");
        Caller viewer = caller(project, false, Role.VIEWER);
        Caller stranger = caller(newProject("other"), false, null);

        assertError(() -> purge.deleteImages(viewer, folder.folderId()), 403, "forbidden", null);
        assertError(() -> purge.deleteFolder(caller(project, true, null), folder.folderId()), 403, "forbidden",
                null);
        assertError(() -> purge.deleteImages(stranger, folder.folderId()), 404, "folder_not_found", "folder_id");
        assertError(() -> purge.deleteFolder(stranger, folder.folderId()), 404, "folder_not_found", "folder_id");
        assertThat(take()).isEmpty();
        assertThat(service.get(backend, folder.folderId()).deleting()).isFalse();
    }

    @Test
    void aMalformedMessageIsRefusedSoThatItEndsInTheDeadLetterQueue() {
        assertThatThrownBy(() -> purge.run(new FolderPurge.Message(project.projectId(), "f", "j", "everything",
                null, "project", "project", 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobQueue.read("{\"project_id\":", FolderPurge.Message.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * {@code count} active images in a folder, with an original and a thumbnail each, as ingest leaves them. The
     * purge is under test, not the upload: the records, counters, rank blocks and the folder's count are written in
     * batches by {@link ImageSeeds} (each test's project is new and only seeded through there before the purge
     * changes it), and the objects on a few threads. Created in the milliseconds before now, one apart.
     */
    private List<Image> seedWithObjects(String folderId, int count) throws Exception {
        java.time.Instant start = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                .minusMillis(count);
        List<Image> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            java.time.Instant created = start.plusMillis(i);
            String id = "p-" + Ids.newId();
            seeded.add(new Image.Builder().projectId(project.projectId()).imageId(id)
                    .folderId(java.util.Optional.of(folderId)).fileName("p" + i + ".jpg").status(ImageStatus.ACTIVE)
                    .extension("jpg").width(1).height(1).pages(1).fileSize(10).md5("0".repeat(32))
                    .objectKey(LibraryKeys.originalKey(project.projectId(), id, "p" + i + ".jpg"))
                    .createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(created).modified(created)
                    .version(2).build());
        }
        ImageSeeds.write(dynamo, table, seeded, 2, done -> { });
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> puts = new ArrayList<>();
            for (Image image : seeded) {
                puts.add(pool.submit(() -> s3.putObject(p -> p.bucket(bucket).key(image.objectKey()),
                        RequestBody.fromString("original"))));
                puts.add(pool.submit(() -> s3.putObject(p -> p.bucket(bucket).key(LibraryKeys.thumbnailKey(
                        project.projectId(), image.imageId(), 150)), RequestBody.fromString("thumbnail"))));
            }
            for (var put : puts) {
                put.get();
            }
        }
        return seeded;
    }

    /** Every image gone: records are tombstones, counts are 0 (never below), no bytes are left. */
    private void assertEmptied(Folder folder) {
        assertThat(service.get(backend, folder.folderId()).imageCount()).isZero();
        assertThat(images.counters(project.projectId())).isNotEmpty()
                .allSatisfy((name, count) -> assertThat(count).as(name).isZero());
        assertThat(folders.imageIds(project.projectId(), folder.folderId(), false, 10, java.util.Optional.empty(),
                java.util.Optional.empty()).imageIds()).isEmpty();
        for (String prefix : List.of(LibraryKeys.ORIGINALS_PREFIX, LibraryKeys.THUMBNAILS_PREFIX)) {
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix + project.projectId() + "/")).contents())
                    .as(prefix).isEmpty();
        }
        assertThat(take()).isEmpty();
    }

    /** Receives what is queued (and deletes it from the queue, as the event source would after success). */
    private List<FolderPurge.Message> take() {
        List<FolderPurge.Message> messages = new ArrayList<>();
        for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages()) {
            messages.add(JobQueue.read(m.body(), FolderPurge.Message.class));
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        return messages;
    }

    /** Runs rounds until the queue is empty; with {@code twice}, every message is handled a second time. */
    private int drain(boolean twice) {
        int rounds = 0;
        for (List<FolderPurge.Message> batch = take(); !batch.isEmpty(); batch = take()) {
            for (FolderPurge.Message message : batch) {
                purge.run(message);
                if (twice) {
                    purge.run(message);
                }
                rounds++;
            }
        }
        return rounds;
    }

    private void drainInto(List<FolderPurge.Message> handled) {
        for (List<FolderPurge.Message> batch = take(); !batch.isEmpty(); batch = take()) {
            for (FolderPurge.Message message : batch) {
                purge.run(message);
                handled.add(message);
            }
        }
    }
}
