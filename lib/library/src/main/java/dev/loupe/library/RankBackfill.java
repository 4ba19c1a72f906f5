package dev.loupe.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.loupe.core.dynamo.DynamoDbClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The one-off command that counts the images of a deployment made before rank blocks existed ({@link RankBlocks}):
 * <pre>
 * java -cp functions/library/target/loupe-library.jar dev.loupe.library.RankBackfill &lt;ImagesTable&gt; [project ...]
 * </pre>
 * with the deployment's region and credentials in the variables the functions read them from ({@code AWS_REGION},
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}: {@code DynamoDbClients}, not
 * the SDK's profile chain; {@code aws configure export-credentials --format env} prints a profile's), and
 * {@code AWS_ENDPOINT_URL_DYNAMODB} for the local cloud (BackfillCommandsTest runs it so). Without projects it finds
 * them all by their counters items (one scan of the table, filtered).
 * Safe beside live traffic and safe to run again: each image is counted in a transaction conditional on its version
 * and on not being counted yet. Until a project is counted in full, its offset pages skip the old way (slower, exact).
 */
public final class RankBackfill {
    private RankBackfill() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: RankBackfill <ImagesTable name> [project id ...]");
            System.exit(2);
        }
        String table = args[0];
        try (DynamoDbClient dynamo = DynamoDbClients.client()) {
            List<String> projects = args.length > 1 ? List.of(args).subList(1, args.length) : projects(dynamo, table);
            RankBlocks ranks = new RankBlocks(dynamo, table);
            for (String project : projects) {
                long started = System.nanoTime();
                long counted = ranks.backfill(project);
                System.out.printf("%s: %d images counted (%.1f s)%n", project, counted,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Every project with a counters item: the ones that have had listed images. */
    public static List<String> projects(DynamoDbClient dynamo, String table) {
        List<String> projects = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(r -> r.tableName(table).filterExpression("sk = :s")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(LibraryKeys.COUNTS_SK)))
                    .projectionExpression("pk").exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get("pk").s();
                if (pk.startsWith("P#") && pk.endsWith("#COUNTS")) {
                    projects.add(pk.substring(2, pk.length() - "#COUNTS".length()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return projects;
    }
}
