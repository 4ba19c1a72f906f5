package dev.loupe.gallery;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.loupe.local.Backend;
import dev.loupe.core.dynamo.Transactions;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A DynamoDB client of the back-end that fails the calls a test picks, before they are sent: the storage going away
 * in the middle of a service's work, so that tests can show what its callers are told and what it leaves behind.
 */
public final class DynamoFaults implements ExecutionInterceptor {
    private final AtomicReference<Predicate<SdkRequest>> failing = new AtomicReference<>(r -> false);
    private final AtomicReference<Predicate<SdkRequest>> conflicting = new AtomicReference<>(r -> false);

    /** A client of the back-end's DynamoDB whose calls this can fail; the caller closes it. */
    public DynamoDbClient client(Backend backend) {
        return backend.dynamoDb(this);
    }

    /** From now on, requests that match fail as an unreachable DynamoDB would. */
    public void failWhen(Predicate<SdkRequest> requests) {
        failing.set(requests);
    }

    /** Requests of one type (PutItemRequest...) fail. */
    public void failEvery(Class<? extends SdkRequest> type) {
        failWhen(type::isInstance);
    }

    /**
     * From now on, conditional puts and transactions fail their condition, as if another writer always got there
     * first: the service re-reads and retries until it gives up.
     */
    public void conflictOnConditionalWrites() {
        conflicting.set(r -> r instanceof PutItemRequest put && put.conditionExpression() != null
                || r instanceof TransactWriteItemsRequest);
    }

    public void heal() {
        failing.set(r -> false);
        conflicting.set(r -> false);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (failing.get().test(context.request())) {
            throw SdkClientException.create("injected: DynamoDB is unreachable for "
                    + context.request().getClass().getSimpleName());
        }
        if (conflicting.get().test(context.request())) {
            if (context.request() instanceof TransactWriteItemsRequest transaction) {
                throw TransactionCanceledException.builder().message("injected: a condition failed")
                        .cancellationReasons(transaction.transactItems().stream().map(item ->
                                CancellationReason.builder().code(Transactions.CONDITION_FAILED).build()).toList())
                        .build();
            }
            throw ConditionalCheckFailedException.builder().message("injected: the condition failed").build();
        }
    }
}
