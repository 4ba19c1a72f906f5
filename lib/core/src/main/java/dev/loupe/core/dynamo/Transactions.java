package dev.loupe.core.dynamo;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** DynamoDB transactions as the stores use them: a failed condition is an answer, a conflict is retried. */
public final class Transactions {
    public static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final int ATTEMPTS = 8;

    private Transactions() {
    }

    /**
     * Runs a transaction: an empty list when it committed, else each item's cancellation code (in the order given,
     * "None" for items that were fine) when a condition failed. A conflict with another transaction on the same items
     * (a project's counters are shared by all its writes) is retried with a little jitter; anything else is thrown.
     */
    public static List<String> write(DynamoDbClient dynamo, List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return List.of();
            } catch (TransactionCanceledException cancelled) {
                List<String> codes = cancelled.cancellationReasons().stream().map(CancellationReason::code)
                        .map(c -> c == null ? "None" : c).toList();
                if (codes.contains(CONDITION_FAILED)) {
                    return codes;
                }
                if (!codes.contains("TransactionConflict") || attempt >= ATTEMPTS) {
                    throw cancelled;
                }
                try {
                    Thread.sleep((long) (Math.random() * 20 * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw cancelled;
                }
            }
        }
    }
}
