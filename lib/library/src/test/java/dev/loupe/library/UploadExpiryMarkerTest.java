package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A presigned upload's expiry marker is written with its pending image, in one transaction that refuses a taken id: the
 * item UploadExpiryFunction reads the TTL removal of (UploadExpiryTest, local/it, shows the whole way).
 */
@ExtendWith(SharedEmulators.class)
class UploadExpiryMarkerTest {
    @Test
    void theMarkerIsWrittenWithThePendingImage(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        DynamoDbClient dynamo = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        String table = provisioned.tableName("ImagesTable");
        ImageStore images = new ImageStore(dynamo, table);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Image pending = new Image.Builder().projectId("pexpiry").imageId("imarker" + System.nanoTime())
                .fileName("a.png").status(ImageStatus.PENDING).extension("png").md5("0".repeat(32)).fileSize(1)
                .objectKey("originals/x").thumbnailSizes(List.of()).createdBy(new Person("u", "u"))
                .modifiedBy(new Person("u", "u")).created(now).modified(now).version(1).build();
        assertThat(images.putPendingUpload(pending, now.minusSeconds(5))).isTrue();
        assertThat(images.putPendingUpload(pending, now.minusSeconds(5))).as("the id is taken").isFalse();
        Map<String, AttributeValue> key = ImageStore.key(LibraryKeys.imagePk("pexpiry", pending.imageId()),
                LibraryKeys.UPLOAD_EXPIRY_SK);
        assertThat(dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).hasItem()).isTrue();
        Map<String, AttributeValue> marker = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        assertThat(marker.get("expires_at").n()).isEqualTo(Long.toString(now.minusSeconds(5).getEpochSecond()));
        assertThat(marker.get("project_id").s()).isEqualTo("pexpiry");
        assertThat(marker.get("image_id").s()).isEqualTo(pending.imageId());
        assertThat(marker).doesNotContainKeys("list_pk", "list_all_pk", "folder_pk");
        assertThat(images.find("pexpiry", pending.imageId()).map(Image::status)).contains(ImageStatus.PENDING);
    }
}
