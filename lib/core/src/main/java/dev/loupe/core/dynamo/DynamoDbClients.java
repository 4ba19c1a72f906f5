package dev.loupe.core.dynamo;

import java.util.concurrent.CompletableFuture;

import dev.loupe.core.config.AwsClientSettings;
import dev.loupe.core.config.Env;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * DynamoDB's client factory ({@link AwsClientSettings} describes the pattern). Its writes carry the project's id on
 * every project item ({@link ProjectItems}): the enhanced client writes through the same client.
 */
public final class DynamoDbClients {
    private DynamoDbClients() {
    }

    public static DynamoDbClient client() {
        return Holder.CLIENT;
    }

    public static DynamoDbEnhancedClient enhanced() {
        return Holder.ENHANCED;
    }

    private static final class Holder {
        static final DynamoDbClient CLIENT = client();

        private static DynamoDbClient client() {
            DynamoDbClientBuilder builder = AwsClientSettings.configure(DynamoDbClient.builder(),
                    Env.AWS_ENDPOINT_URL_DYNAMODB)
                    .overrideConfiguration(c -> c.addExecutionInterceptor(new ProjectItems()));
            AwsClientSettings.regionalEndpoint("dynamodb", Env.AWS_ENDPOINT_URL_DYNAMODB).ifPresent(uri -> {
                CompletableFuture<Endpoint> fixed = CompletableFuture.completedFuture(Endpoint.builder().url(uri)
                        .build());
                builder.endpointProvider(params -> fixed);
            });
            return builder.build();
        }
        static final DynamoDbEnhancedClient ENHANCED = DynamoDbEnhancedClient.builder().dynamoDbClient(CLIENT).build();
    }
}
