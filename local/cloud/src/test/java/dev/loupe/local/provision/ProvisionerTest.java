package dev.loupe.local.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.template.Template;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Provisions the real template.yaml into the emulators and checks what AWS would have. */
@ExtendWith(SharedEmulators.class)
class ProvisionerTest {
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static S3Client s3;
    private static Template template;
    private static Provisioned provisioned;

    @BeforeAll
    static void provision(Emulators emulators) {
        dynamoDb = Backend.of(emulators).dynamoDb();
        sqs = Backend.of(emulators).sqs();
        s3 = Backend.of(emulators).s3();
        template = Fixtures.loupeTemplate();
        Provisioner provisioner = new Provisioner(dynamoDb, sqs, s3);
        provisioner.provision(template);
        // A second run, as after a restart on persisted data, keeps everything and finds the same names.
        provisioned = provisioner.provision(template);
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
        sqs.close();
        s3.close();
    }

    @Test
    void tablesHaveTheTemplatesKeysIndexesStreamsAndTtl() {
        assertThat(provisioned.tableNames()).containsOnlyKeys(template.tables().keySet());

        TableDescription galleries = describe("GalleriesTable");
        assertThat(galleries.keySchema()).extracting(k -> k.attributeName() + " " + k.keyType())
                .containsExactly("pk HASH", "sk RANGE");
        assertThat(galleries.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(galleries.globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder("by-owner", "by-owner-public", "public-newest", "project-items",
                        "comment-threads", "most-commented", "comments-by-author", "top-rated");
        // Its range key is the table's partition key: an attribute may key the table and an index.
        assertThat(galleries.globalSecondaryIndexes()).filteredOn(i -> i.indexName().equals("project-items"))
                .singleElement().satisfies(index -> {
                    assertThat(index.keySchema()).extracting(k -> k.attributeName() + " " + k.keyType())
                            .containsExactly("project_id HASH", "pk RANGE");
                    assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
                });
        assertThat(galleries.globalSecondaryIndexes()).filteredOn(i -> i.indexName().equals("by-owner"))
                .singleElement().satisfies(index -> {
                    assertThat(index.keySchema()).extracting(k -> k.attributeName() + " " + k.keyType())
                            .containsExactly("owner_pk HASH", "added_sk RANGE");
                    assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
                });
        // The search's word index is fed from this stream.
        assertThat(galleries.streamSpecification().streamEnabled()).isTrue();
        assertThat(galleries.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(provisioned.streamArn("GalleriesTable")).contains(galleries.latestStreamArn());

        TableDescription tasks = describe("TasksTable");
        assertThat(tasks.streamSpecification().streamEnabled()).isTrue();
        assertThat(tasks.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(provisioned.streamArn("TasksTable")).contains(tasks.latestStreamArn());
        var ttl = dynamoDb.describeTimeToLive(b -> b.tableName("TasksTable")).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expires_at");

        TableDescription projects = describe("ProjectsTable");
        assertThat(projects.keySchema()).singleElement().satisfies(k -> {
            assertThat(k.attributeName()).isEqualTo("public_key");
            assertThat(k.keyType()).isEqualTo(KeyType.HASH);
        });
        assertThat(describe("ImagesTable").streamSpecification().streamEnabled()).isTrue();
    }

    @Test
    void queuesRedriveToTheirDeadLetterQueues() throws Exception {
        assertThat(provisioned.queueUrls()).containsOnlyKeys(template.queues().keySet());
        Map<QueueAttributeName, String> taskFile = attributes("TaskFileQueue");
        assertThat(taskFile).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "540");
        JsonNode redrive = new ObjectMapper().readTree(taskFile.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText())
                .isEqualTo(provisioned.queueArn("TaskFileDeadLetterQueue"))
                .isEqualTo(attributes("TaskFileDeadLetterQueue").get(QueueAttributeName.QUEUE_ARN));
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(3);

        JsonNode webhookRedrive = new ObjectMapper().readTree(attributes("WebhookQueue")
                .get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(webhookRedrive.get("deadLetterTargetArn").asText())
                .isEqualTo(provisioned.queueArn("WebhookDeadLetterQueue"));
        assertThat(webhookRedrive.get("maxReceiveCount").asInt()).isEqualTo(5);
    }

    @Test
    void bucketExistsUnderItsLocalName() {
        assertThat(provisioned.bucketName("ImageBucket")).isEqualTo("loupe-imagebucket");
        s3.headBucket(b -> b.bucket("loupe-imagebucket")); // throws if missing
    }

    @Test
    void resolverAnswersRefsAndArnsAsCloudFormationWould() {
        var resolver = provisioned.resolver();
        assertThat(resolver.resolve(Map.of("Ref", "ProjectsTable"))).isEqualTo("ProjectsTable");
        assertThat(resolver.resolve(Map.of("Ref", "ImageBucket"))).isEqualTo("loupe-imagebucket");
        assertThat(resolver.resolve(Map.of("Ref", "WebhookQueue"))).isEqualTo(provisioned.queueUrl("WebhookQueue"))
                .endsWith("/000000000000/WebhookQueue");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", java.util.List.of("ImageBucket", "Arn"))))
                .isEqualTo("arn:aws:s3:::loupe-imagebucket");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", java.util.List.of("TasksTable", "StreamArn"))))
                .isEqualTo(provisioned.streamArn("TasksTable").orElseThrow());
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", java.util.List.of("WebhookQueue", "Arn"))))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:WebhookQueue");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", java.util.List.of("GalleriesTable", "Arn"))))
                .endsWith(":table/GalleriesTable");
    }

    @Test
    void gapsNameWhatTheTemplateAsksAndTheLocalCloudIgnores() {
        assertThat(Provisioner.gaps(template)).extracting(Provisioner.Gap::where).contains(
                "ImageBucket.LifecycleConfiguration", "ImageBucket.BucketEncryption", "TasksTable.SSESpecification",
                "TaskFileQueue.SqsManagedSseEnabled", "TaskFileDeadLetterQueue.MessageRetentionPeriod");
        // Sending S3's events to EventBridge is emulated (S3EventSource), so it is no gap.
        assertThat(Provisioner.gaps(template)).extracting(Provisioner.Gap::where)
                .noneMatch(where -> where.startsWith("ImageBucket.NotificationConfiguration"));
        assertThat(Provisioner.gaps(template)).allSatisfy(gap -> assertThat(gap.reason()).isNotBlank());
        assertThat(Provisioner.KNOWN_GAPS).anySatisfy(gap -> assertThat(gap).contains("lifecycle"));
    }

    private static TableDescription describe(String table) {
        return dynamoDb.describeTable(b -> b.tableName(table)).table();
    }

    private static Map<QueueAttributeName, String> attributes(String queueId) {
        return sqs.getQueueAttributes(b -> b.queueUrl(provisioned.queueUrl(queueId))
                .attributeNames(QueueAttributeName.ALL)).attributes();
    }
}
