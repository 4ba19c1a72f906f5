package dev.loupe.library;

import java.util.List;

import dev.loupe.core.dynamo.DynamoDbClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one-off command that indexes the names of a deployment's images listed before the word index existed
 * ({@link ImageWordIndex}):
 * <pre>
 * java -cp functions/library/target/loupe-library.jar dev.loupe.library.WordIndexBackfill &lt;ImagesTable&gt; [project ...]
 * </pre>
 * with the deployment's region and credentials in the variables the functions read them from ({@code AWS_REGION},
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}: {@code DynamoDbClients}, not
 * the SDK's profile chain; {@code aws configure export-credentials --format env} prints a profile's), and
 * {@code AWS_ENDPOINT_URL_DYNAMODB} for the local cloud (BackfillCommandsTest runs it so). Without projects it finds
 * them all by their counters items, as {@link RankBackfill} does.
 * Safe beside live traffic and the stream's consumer, and safe to run again: each image is brought in line with its
 * current version by the same conditional writes the consumer makes. Until a project is indexed, its searches miss
 * the images not indexed yet.
 */
public final class WordIndexBackfill {
    private WordIndexBackfill() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: WordIndexBackfill <ImagesTable name> [project id ...]");
            System.exit(2);
        }
        String table = args[0];
        try (DynamoDbClient dynamo = DynamoDbClients.client()) {
            List<String> projects = args.length > 1 ? List.of(args).subList(1, args.length)
                    : RankBackfill.projects(dynamo, table);
            ImageWordIndex index = new ImageWordIndex(dynamo, table);
            for (String project : projects) {
                long started = System.nanoTime();
                long indexed = index.backfill(project);
                System.out.printf("%s: %d images indexed (%.1f s)%n", project, indexed,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }
}
