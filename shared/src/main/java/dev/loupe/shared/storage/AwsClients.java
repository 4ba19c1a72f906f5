package dev.loupe.shared.storage;

import java.net.URI;

import dev.loupe.shared.config.Env;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one client factory. Each client is built once per container, on first use (a holder class each, so a function
 * loads only the SDK services it touches), with the region, credentials and HTTP client set explicitly: no provider
 * chain probing the environment on a cold start. The endpoint override (the SDK's own {@code AWS_ENDPOINT_URL_*}
 * names) is the only thing that differs in the local cloud.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDb.CLIENT;
    }

    public static DynamoDbEnhancedClient dynamoDbEnhanced() {
        return DynamoDb.ENHANCED;
    }

    public static S3Client s3() {
        return S3.CLIENT;
    }

    /** Presigned GETs (image URLs, downloads) and PUTs (large uploads): signed locally, no request is sent. */
    public static S3Presigner s3Presigner() {
        return S3.PRESIGNER;
    }

    public static SqsClient sqs() {
        return Sqs.CLIENT;
    }

    private static final class S3 {
        // An endpoint override names an S3-compatible store (the local cloud's S3Proxy), which needs path-style
        // addresses; AWS itself gets the default virtual-hosted style.
        static final boolean PATH_STYLE = Env.AWS_ENDPOINT_URL_S3.optional().isPresent();
        static final S3Client CLIENT = configure(S3Client.builder(), Env.AWS_ENDPOINT_URL_S3)
                .forcePathStyle(PATH_STYLE).build();
        static final S3Presigner PRESIGNER = presigner();

        private static S3Presigner presigner() {
            S3Presigner.Builder builder = S3Presigner.builder()
                    .region(Region.of(Env.AWS_REGION.required()))
                    .credentialsProvider(credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(PATH_STYLE).build());
            Env.AWS_ENDPOINT_URL_S3.optional().map(URI::create).ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }

    private static final class Sqs {
        static final SqsClient CLIENT = configure(SqsClient.builder(), Env.AWS_ENDPOINT_URL_SQS).build();
    }

    private static final class DynamoDb {
        static final DynamoDbClient CLIENT = configure(DynamoDbClient.builder(), Env.AWS_ENDPOINT_URL_DYNAMODB).build();
        static final DynamoDbEnhancedClient ENHANCED = DynamoDbEnhancedClient.builder().dynamoDbClient(CLIENT).build();
    }

    private static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder,
                                                                                               Env endpoint) {
        builder.httpClient(UrlConnectionHttpClient.create());
        builder.region(Region.of(Env.AWS_REGION.required()));
        builder.credentialsProvider(credentials());
        endpoint.optional().map(URI::create).ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * Lambda hands SnapStart functions their credentials through the container endpoint (which refreshes them after a
     * restore), other functions through variables; a host such as the local cloud uses the variables.
     */
    private static AwsCredentialsProvider credentials() {
        if (Env.AWS_CONTAINER_CREDENTIALS_FULL_URI.optional().isPresent()) {
            return ContainerCredentialsProvider.builder().build();
        }
        String accessKey = Env.AWS_ACCESS_KEY_ID.required();
        String secretKey = Env.AWS_SECRET_ACCESS_KEY.required();
        return StaticCredentialsProvider.create(Env.AWS_SESSION_TOKEN.optional()
                .<AwsCredentials>map(
                        token -> AwsSessionCredentials.create(accessKey, secretKey, token))
                .orElseGet(() -> AwsBasicCredentials.create(accessKey, secretKey)));
    }
}
