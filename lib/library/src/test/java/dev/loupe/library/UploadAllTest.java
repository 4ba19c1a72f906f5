package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.core.dynamo.ProjectItems;
import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.ImagingEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link UploadService#uploadAll}, the files of a gallery's request, against DynamoDB Local and S3Proxy: every file
 * is checked before any is stored, so a refusal writes no record at all; a storage failure midway withdraws the
 * files stored before it.
 */
@ExtendWith(SharedEmulators.class)
class UploadAllTest {
    private static DynamoDbClient dynamo;
    private static S3Client realS3;
    private static S3Presigner presigner;
    private static String table;
    private static String bucket;

    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "uploads", List.of());
    private final Caller editor = new Caller(project, false, Optional.of("user-1"), Optional.of("Ada"),
            Optional.of(Role.EDITOR), Optional.empty());
    /** Decides, for each put, whether S3 "fails" it: null lets it through. */
    private volatile Function<PutObjectRequest, RuntimeException> s3Failure = put -> null;
    private ImageStore store;
    private UploadService uploads;

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        realS3 = backend.s3();
        presigner = backend.s3Presigner();
        Provisioned provisioned;
        try (var sqs = backend.sqs()) {
            provisioned = new Provisioner(dynamo, sqs, realS3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("ImagesTable");
        bucket = provisioned.bucketName("ImageBucket");
    }

    @AfterAll
    static void close() {
        dynamo.close();
        realS3.close();
        presigner.close();
    }

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        store = new ImageStore(dynamo, table);
        uploads = new UploadService(store, new IngestService(store, new ImagingEngine(), clock),
                new ImageObjects(failing(realS3), bucket), presigner, new FolderStore(dynamo, table)::isOpen, clock);
    }

    @Test
    void everyFileIsStoredInOrderAsAnActiveImage() {
        byte[] jpeg = TestFiles.image("jpg", 40, 30);
        byte[] png = TestFiles.image("png", 20, 50);
        List<Image> stored = uploads.uploadAll(editor, List.of(file("a.jpg", jpeg, Optional.of(Md5.hex(jpeg))),
                file("b.png", png, Optional.empty())));
        assertThat(stored).extracting(Image::fileName).containsExactly("a.jpg", "b.png");
        assertThat(stored).extracting(Image::status).containsOnly(ImageStatus.ACTIVE);
        assertThat(stored).extracting(Image::width).containsExactly(40, 20);
        assertThat(store.counters(project.projectId())).containsEntry("n_active_jpg", 1L)
                .containsEntry("n_active_png", 1L);
    }

    @Test
    void anEmptyFileAmongSeveralIsRefusedInSentencesThatDoNotRunTogether() {
        byte[] jpeg = TestFiles.image("jpg", 40, 30);
        ApiError refused = error(() -> uploads.uploadAll(editor, List.of(file("a.jpg", jpeg, Optional.empty()),
                file("b.jpg", new byte[0], Optional.empty()))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).startsWith("File 2 of 2 (b.jpg): ").endsWith(". Nothing was uploaded.")
                .doesNotContain("empty Nothing").doesNotContain(".. ");
        assertThat(UploadService.sentence("no file was uploaded, or it is empty"))
                .isEqualTo("No file was uploaded, or it is empty.");
        assertThat(UploadService.sentence("Too large.")).isEqualTo("Too large.");
    }

    @Test
    void aRefusedFileStoresNoneAndIsNamedWithItsOwnCode() {
        byte[] jpeg = TestFiles.image("jpg", 40, 30);
        ApiError refused = error(() -> uploads.uploadAll(editor, List.of(file("a.jpg", jpeg, Optional.empty()),
                file("b.jpg", jpeg, Optional.of("0".repeat(32))))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("md5_mismatch");
        assertThat(refused.getMessage()).startsWith("File 2 of 2 (b.jpg): ").endsWith("Nothing was uploaded.");
        assertThat(refused.param()).contains("md5");
        // Checked before storing: not even a pending or failed record of the first file.
        assertThat(imageRecords()).isZero();
        assertThat(keysUnder(LibraryKeys.ORIGINALS_PREFIX + project.projectId() + "/")).isEmpty();

        ApiError one = error(() -> uploads.uploadAll(editor, List.of(file("bomb.png",
                TestFiles.pngBomb(60_000, 60_000), Optional.empty()))));
        assertThat(one.code()).isEqualTo("too_many_pixels");
        assertThat(one.getMessage()).doesNotStartWith("File 1");
        assertThat(imageRecords()).isZero();
    }

    @Test
    void aStorageFailureMidwayWithdrawsTheFilesStoredBefore() {
        s3Failure = put -> put.key().endsWith("/c.jpg") ? SdkClientException.create("S3 is down (simulated)") : null;
        List<UploadService.DirectUpload> files = new ArrayList<>();
        for (String name : List.of("a.jpg", "b.jpg", "c.jpg")) {
            files.add(file(name, TestFiles.image("jpg", 30 + files.size(), 30), Optional.empty()));
        }
        assertThatThrownBy(() -> uploads.uploadAll(editor, files)).isInstanceOf(SdkClientException.class);
        assertThat(store.counters(project.projectId()).values()).allMatch(count -> count == 0);
        assertThat(keysUnder(LibraryKeys.ORIGINALS_PREFIX + project.projectId() + "/")).isEmpty();
        assertThat(keysUnder(LibraryKeys.THUMBNAILS_PREFIX + project.projectId() + "/")).isEmpty();
        assertThat(imageRecords()).isEqualTo(3);
    }

    @Test
    void aViewerMayNotUpload() {
        Caller viewer = new Caller(project, false, Optional.of("user-2"), Optional.of("Vic"),
                Optional.of(Role.VIEWER), Optional.empty());
        ApiError refused = error(() -> uploads.uploadAll(viewer, List.of(file("a.jpg",
                TestFiles.image("jpg", 8, 8), Optional.empty()))));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(imageRecords()).isZero();
    }

    private static UploadService.DirectUpload file(String name, byte[] bytes, Optional<String> md5) {
        return new UploadService.DirectUpload(name, Optional.empty(), md5, UploadValidation.Md5Check.IF_DECLARED,
                Optional.empty(), Optional.empty(), bytes);
    }

    private static ApiError error(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError");
    }

    private List<String> keysUnder(String prefix) {
        return realS3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /**
     * Image records of this project in any status, every one that isn't failed checked to be so. Every item of a
     * project is in the table's project-items index (ProjectItems), pending and failed images too: a query of this
     * project's partition there finds them all without a scan of the table, which every test class of this module
     * shares and fills.
     */
    private long imageRecords() {
        List<ImageStatus> statuses = new ArrayList<>();
        String imagePrefix = "P#" + project.projectId() + "#I#";
        dynamo.queryPaginator(q -> q.tableName(table).indexName(ProjectItems.INDEX)
                .keyConditionExpression("#p = :p AND begins_with(pk, :i)")
                .expressionAttributeNames(Map.of("#p", ProjectItems.ATTRIBUTE))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(project.projectId()),
                        ":i", AttributeValue.fromS(imagePrefix)))).items().forEach(item -> {
            String pk = item.get("pk").s();
            if (LibraryKeys.IMAGE_SK.equals(item.get("sk").s())) {
                statuses.add(store.find(project.projectId(), pk.substring(imagePrefix.length())).orElseThrow()
                        .status());
            }
        });
        assertThat(statuses).allMatch(status -> status == ImageStatus.FAILED);
        return statuses.size();
    }

    /** The bucket's client, with puts failing where {@link #s3Failure} says (S3's own outage, simulated). */
    private S3Client failing(S3Client real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault() && method.getParameterCount() > 0
                    && Consumer.class.isAssignableFrom(method.getParameterTypes()[0])) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("putObject") && args[0] instanceof PutObjectRequest put) {
                RuntimeException failure = s3Failure.apply(put);
                if (failure != null) {
                    throw failure;
                }
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                handler);
    }
}
