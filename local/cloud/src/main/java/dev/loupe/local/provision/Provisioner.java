package dev.loupe.local.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.loupe.local.template.Template;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Creates the tables, queues and buckets template.yaml declares in the local emulators, idempotently: a restart
 * with a persisted DynamoDB or S3 keeps what exists; queues (in memory) are created on every start.
 *
 * <p>Physical names: a table is named as its logical id, a queue too (plus ".fifo" for FIFO queues), a bucket
 * "loupe-" and its lowercased logical id; an explicit TableName/QueueName/BucketName in the template wins.
 */
public final class Provisioner {

    /** What the local cloud does not reproduce of the template's resources, whatever the template says. */
    public static final List<String> KNOWN_GAPS = List.of(
            "S3 lifecycle rules (LifecycleConfiguration) are not applied: S3Proxy never expires objects or aborts"
                    + " incomplete multipart uploads",
            "S3 default encryption (BucketEncryption), PublicAccessBlockConfiguration and OwnershipControls are"
                    + " not applied: S3Proxy stores objects unencrypted and has no bucket policies",
            "S3's events to EventBridge come from the local cloud itself, not from S3Proxy (which answers 501 to"
                    + " notification configurations); they reach the template's EventBridgeRule events only",
            "S3 SSE-C is enforced in memory only: the persistent (filesystem) store answers 501 to SSE-C",
            "DynamoDB SSESpecification and PointInTimeRecoverySpecification are ignored",
            "SQS SqsManagedSseEnabled and KmsMasterKeyId are ignored; queues and messages live in memory only"
                    + " (ElasticMQ), so unprocessed messages are lost on restart",
            "SQS MessageRetentionPeriod and MaximumMessageSize are accepted but not applied by ElasticMQ: messages"
                    + " (dead letters included) never expire");

    /** Resource type to the properties the local cloud ignores, with why. */
    private static final Map<String, Map<String, String>> IGNORED = Map.of(
            Template.BUCKET, Map.of(
                    "LifecycleConfiguration", "S3Proxy has no lifecycle rules",
                    "BucketEncryption", "S3Proxy stores objects unencrypted",
                    "PublicAccessBlockConfiguration", "S3Proxy has no bucket policies",
                    "OwnershipControls", "S3Proxy has no ACL ownership controls"),
            Template.TABLE, Map.of(
                    "SSESpecification", "DynamoDB Local does not encrypt",
                    "PointInTimeRecoverySpecification", "DynamoDB Local has no backups"),
            Template.QUEUE, Map.of(
                    "SqsManagedSseEnabled", "ElasticMQ does not encrypt",
                    "KmsMasterKeyId", "ElasticMQ does not encrypt",
                    "MessageRetentionPeriod", "ElasticMQ never expires messages",
                    "MaximumMessageSize", "ElasticMQ does not apply it"));

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;

    /** The clients stay the caller's: the provisioner does not close them. */
    public Provisioner(DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
    }

    public Provisioned provision(Template template) {
        Map<String, String> tableNames = new LinkedHashMap<>();
        Map<String, String> tableArns = new LinkedHashMap<>();
        Map<String, String> streamArns = new LinkedHashMap<>();
        TableProvisioner tables = new TableProvisioner(dynamoDb);
        template.tables().forEach((id, properties) -> {
            var table = tables.ensure(id, properties);
            tableNames.put(id, table.name());
            tableArns.put(id, table.arn());
            if (table.streamArn() != null) {
                streamArns.put(id, table.streamArn());
            }
        });

        Map<String, String> queueUrls = new LinkedHashMap<>();
        Map<String, String> queueArns = new LinkedHashMap<>();
        new QueueProvisioner(sqs).ensureAll(template.queues()).forEach((id, queue) -> {
            queueUrls.put(id, queue.url());
            queueArns.put(id, queue.arn());
        });

        Map<String, String> bucketNames = new LinkedHashMap<>();
        BucketProvisioner buckets = new BucketProvisioner(s3);
        template.buckets().forEach((id, properties) -> bucketNames.put(id, buckets.ensure(id, properties)));

        // One line per reason, not per resource: the list is for reading at start-up.
        Map<String, List<String>> byReason = new java.util.TreeMap<>();
        gaps(template).forEach(gap -> byReason.computeIfAbsent(gap.reason(), reason -> new ArrayList<>())
                .add(gap.where()));
        byReason.forEach((reason, where) ->
                System.out.println("[provision] not emulated (" + reason + "): " + String.join(", ", where)));
        return new Provisioned(tableNames, tableArns, streamArns, queueUrls, queueArns, bucketNames);
    }

    /** The bucket name the local cloud gives a bucket of the template. */
    public static String bucketName(String logicalId, Map<String, Object> properties) {
        return BucketProvisioner.bucketName(logicalId, properties);
    }

    /** A template property the local cloud ignores, and why: "ImageBucket.LifecycleConfiguration". */
    public record Gap(String where, String reason) {
        @Override
        public String toString() {
            return where + ": " + reason;
        }
    }

    /** The properties of this template that the local cloud ignores. */
    public static List<Gap> gaps(Template template) {
        List<Gap> gaps = new ArrayList<>();
        addGaps(gaps, template.tables(), IGNORED.get(Template.TABLE));
        addGaps(gaps, template.queues(), IGNORED.get(Template.QUEUE));
        addGaps(gaps, template.buckets(), IGNORED.get(Template.BUCKET));
        // EventBridgeConfiguration is what the local cloud emulates (S3EventSource); direct notifications are not.
        template.buckets().forEach((id, properties) -> Template.map(properties.get("NotificationConfiguration"))
                .keySet().stream().filter(kind -> !kind.equals("EventBridgeConfiguration")).sorted()
                .forEach(kind -> gaps.add(new Gap(id + ".NotificationConfiguration." + kind, "the local cloud sends "
                        + "S3's events to EventBridge rules only (EventBridgeConfiguration)"))));
        return gaps;
    }

    private static void addGaps(List<Gap> gaps, Map<String, Map<String, Object>> resources,
                                Map<String, String> ignored) {
        resources.forEach((id, properties) -> properties.keySet().stream()
                .filter(ignored::containsKey)
                .sorted()
                .forEach(property -> gaps.add(new Gap(id + "." + property, ignored.get(property)))));
    }
}
