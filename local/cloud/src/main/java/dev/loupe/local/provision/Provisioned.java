package dev.loupe.local.provision;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.loupe.local.template.Resolver;

/**
 * What {@link Provisioner} created, by the template's logical ids: the physical names and ARNs the event sources
 * need, and the {@link Resolver} for the functions' environments.
 *
 * @param tableNames  table logical id to its table name
 * @param tableArns   table logical id to its ARN as DynamoDB Local reports it
 * @param streamArns  table logical id to its stream's ARN, for tables with a StreamSpecification
 * @param queueUrls   queue logical id to its URL
 * @param queueArns   queue logical id to its ARN
 * @param bucketNames bucket logical id to its bucket name
 */
public record Provisioned(Map<String, String> tableNames, Map<String, String> tableArns,
                          Map<String, String> streamArns, Map<String, String> queueUrls,
                          Map<String, String> queueArns, Map<String, String> bucketNames) {

    public Provisioned {
        tableNames = Map.copyOf(tableNames);
        tableArns = Map.copyOf(tableArns);
        streamArns = Map.copyOf(streamArns);
        queueUrls = Map.copyOf(queueUrls);
        queueArns = Map.copyOf(queueArns);
        bucketNames = Map.copyOf(bucketNames);
    }

    /** Logical id to what {@code !Ref} yields: table name, queue URL or bucket name. */
    public Map<String, String> refs() {
        Map<String, String> refs = new HashMap<>(tableNames);
        refs.putAll(queueUrls);
        refs.putAll(bucketNames);
        return Map.copyOf(refs);
    }

    /** Logical id to its ARN ({@code !GetAtt X.Arn}); a table's stream ARN under {@code "X.StreamArn"}. */
    public Map<String, String> arns() {
        Map<String, String> arns = new HashMap<>(tableArns);
        arns.putAll(queueArns);
        bucketNames.forEach((id, name) -> arns.put(id, "arn:aws:s3:::" + name));
        streamArns.forEach((id, arn) -> arns.put(id + ".StreamArn", arn));
        return Map.copyOf(arns);
    }

    /** Resolves the template's references to these resources; build one from {@link #refs()} to add others. */
    public Resolver resolver() {
        return new Resolver(refs(), arns());
    }

    public String tableName(String logicalId) {
        return require(tableNames, logicalId, "table");
    }

    public String queueUrl(String logicalId) {
        return require(queueUrls, logicalId, "queue");
    }

    public String queueArn(String logicalId) {
        return require(queueArns, logicalId, "queue");
    }

    public String bucketName(String logicalId) {
        return require(bucketNames, logicalId, "bucket");
    }

    /** Empty when the table has no stream. */
    public Optional<String> streamArn(String tableLogicalId) {
        return Optional.ofNullable(streamArns.get(tableLogicalId));
    }

    private static String require(Map<String, String> names, String logicalId, String kind) {
        String name = names.get(logicalId);
        if (name == null) {
            throw new IllegalArgumentException(logicalId + " is not a " + kind + " of the template");
        }
        return name;
    }
}
