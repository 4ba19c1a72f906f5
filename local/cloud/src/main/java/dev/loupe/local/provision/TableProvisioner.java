package dev.loupe.local.provision;

import static dev.loupe.local.provision.CfnValues.explicitName;
import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import dev.loupe.local.template.Template;
import static dev.loupe.local.provision.CfnValues.string;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates an {@code AWS::DynamoDB::Table} in DynamoDB Local, or keeps it if a persisted database already has it.
 * SSESpecification and PointInTimeRecoverySpecification are ignored: DynamoDB Local neither encrypts nor backs up.
 */
final class TableProvisioner {
    private static final long ACTIVE_TIMEOUT_MS = 10_000;

    record ProvisionedTable(String name, String arn, String streamArn) {
    }

    private final DynamoDbClient dynamoDb;

    TableProvisioner(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    ProvisionedTable ensure(String logicalId, Map<String, Object> properties) {
        String name = Optional.ofNullable(explicitName(properties, "TableName")).orElse(logicalId);
        Optional<TableDescription> existing = describe(name);
        TableDescription table;
        if (existing.isPresent()) {
            table = existing.get();
            warnAboutMissingIndexes(name, table, properties);
            table = ensureStream(table, properties);
            System.out.println("[provision] table " + name + " kept");
        } else {
            dynamoDb.createTable(createRequest(name, properties));
            table = awaitActive(name);
            System.out.println("[provision] table " + name + " created");
        }
        ensureTimeToLive(name, properties);
        return new ProvisionedTable(name, table.tableArn(), streamEnabled(table) ? table.latestStreamArn() : null);
    }

    private CreateTableRequest createRequest(String name, Map<String, Object> properties) {
        boolean provisioned = "PROVISIONED".equals(string(properties.get("BillingMode")))
                || properties.containsKey("ProvisionedThroughput");
        var request = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(list(properties.get("AttributeDefinitions")).stream()
                        .map(Template::map)
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(string(a.get("AttributeName")))
                                .attributeType(string(a.get("AttributeType")))
                                .build())
                        .toList())
                .keySchema(keySchema(properties.get("KeySchema")))
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST);
        if (provisioned) {
            request.provisionedThroughput(throughput(properties.get("ProvisionedThroughput")));
        }
        List<GlobalSecondaryIndex> globalIndexes = list(properties.get("GlobalSecondaryIndexes")).stream()
                .map(Template::map)
                .map(index -> {
                    var gsi = GlobalSecondaryIndex.builder()
                            .indexName(string(index.get("IndexName")))
                            .keySchema(keySchema(index.get("KeySchema")))
                            .projection(projection(index.get("Projection")));
                    if (provisioned) {
                        gsi.provisionedThroughput(throughput(index.get("ProvisionedThroughput")));
                    }
                    return gsi.build();
                })
                .toList();
        if (!globalIndexes.isEmpty()) {
            request.globalSecondaryIndexes(globalIndexes);
        }
        List<LocalSecondaryIndex> localIndexes = list(properties.get("LocalSecondaryIndexes")).stream()
                .map(Template::map)
                .map(index -> LocalSecondaryIndex.builder()
                        .indexName(string(index.get("IndexName")))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(projection(index.get("Projection")))
                        .build())
                .toList();
        if (!localIndexes.isEmpty()) {
            request.localSecondaryIndexes(localIndexes);
        }
        streamSpecification(properties).ifPresent(request::streamSpecification);
        return request.build();
    }

    /** A persisted table predates a template that added a stream: enable it, as a CloudFormation update would. */
    private TableDescription ensureStream(TableDescription table, Map<String, Object> properties) {
        Optional<StreamSpecification> wanted = streamSpecification(properties);
        if (wanted.isEmpty() || streamEnabled(table)) {
            return table;
        }
        dynamoDb.updateTable(b -> b.tableName(table.tableName()).streamSpecification(wanted.get()));
        System.out.println("[provision] table " + table.tableName() + ": stream enabled");
        return awaitActive(table.tableName());
    }

    /** After creation, as CloudFormation does it; DynamoDB Local then really deletes expired items. */
    private void ensureTimeToLive(String name, Map<String, Object> properties) {
        Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
        if (ttl.isEmpty() || !CfnValues.isTrue(ttl.get("Enabled"))) {
            return;
        }
        String attribute = string(ttl.get("AttributeName"));
        var current = dynamoDb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
        boolean enabled = current.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || current.timeToLiveStatus() == TimeToLiveStatus.ENABLING;
        if (enabled && attribute.equals(current.attributeName())) {
            return;
        }
        dynamoDb.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true)));
    }

    /** Adding an index to a persisted table would need a backfill: say so rather than guess. */
    private static void warnAboutMissingIndexes(String name, TableDescription table, Map<String, Object> properties) {
        Set<String> existing = table.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        list(properties.get("GlobalSecondaryIndexes")).stream()
                .map(index -> string(map(index).get("IndexName")))
                .filter(index -> !existing.contains(index))
                .forEach(index -> System.err.println("[provision] table " + name + " was persisted without index "
                        + index + ": delete the local data folder to recreate it"));
    }

    private Optional<TableDescription> describe(String name) {
        try {
            return Optional.of(dynamoDb.describeTable(b -> b.tableName(name)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private TableDescription awaitActive(String name) {
        long deadline = System.currentTimeMillis() + ACTIVE_TIMEOUT_MS;
        while (true) {
            TableDescription table = dynamoDb.describeTable(b -> b.tableName(name)).table();
            if (table.tableStatus() == TableStatus.ACTIVE) {
                return table;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("table " + name + " is still " + table.tableStatus());
            }
            sleep(50);
        }
    }

    private static boolean streamEnabled(TableDescription table) {
        return table.streamSpecification() != null && Boolean.TRUE.equals(table.streamSpecification().streamEnabled());
    }

    private static Optional<StreamSpecification> streamSpecification(Map<String, Object> properties) {
        Map<String, Object> stream = map(properties.get("StreamSpecification"));
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StreamSpecification.builder()
                .streamEnabled(true)
                .streamViewType(string(stream.get("StreamViewType")))
                .build());
    }

    private static List<KeySchemaElement> keySchema(Object keySchema) {
        return list(keySchema).stream()
                .map(Template::map)
                .map(k -> KeySchemaElement.builder()
                        .attributeName(string(k.get("AttributeName")))
                        .keyType(string(k.get("KeyType")))
                        .build())
                .toList();
    }

    private static Projection projection(Object projection) {
        Map<String, Object> p = map(projection);
        var builder = Projection.builder().projectionType(string(p.getOrDefault("ProjectionType", "ALL")));
        List<String> nonKey = list(p.get("NonKeyAttributes")).stream().map(String::valueOf).toList();
        if (!nonKey.isEmpty()) {
            builder.nonKeyAttributes(nonKey);
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(Object throughput) {
        Map<String, Object> t = map(throughput);
        return ProvisionedThroughput.builder()
                .readCapacityUnits(Long.parseLong(String.valueOf(t.getOrDefault("ReadCapacityUnits", 5))))
                .writeCapacityUnits(Long.parseLong(String.valueOf(t.getOrDefault("WriteCapacityUnits", 5))))
                .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a table", e);
        }
    }
}
