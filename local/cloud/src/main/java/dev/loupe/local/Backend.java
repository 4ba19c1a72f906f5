package dev.loupe.local;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.local.emulators.Emulators;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the local cloud's AWS services answer (the embedded emulators, or LocalStack), and the one place that builds
 * the local cloud's own SDK clients for them. Functions get the same endpoints through their environment.
 *
 * @param emulators            present when the back-end is the embedded emulators (which also emit S3 events)
 * @param dynamoDbInterceptors what every DynamoDB client made here passes its calls through: a host's own, so that
 *                             what its tools and tests write is what its functions' clients would write
 */
public record Backend(URI dynamoDbEndpoint, URI sqsEndpoint, URI s3Endpoint, String region, String accessKey,
                      String secretKey, Optional<Emulators> emulators,
                      List<ExecutionInterceptor> dynamoDbInterceptors) {

    public Backend {
        dynamoDbInterceptors = List.copyOf(dynamoDbInterceptors);
    }

    public Backend(URI dynamoDbEndpoint, URI sqsEndpoint, URI s3Endpoint, String region, String accessKey,
                   String secretKey, Optional<Emulators> emulators) {
        this(dynamoDbEndpoint, sqsEndpoint, s3Endpoint, region, accessKey, secretKey, emulators, List.of());
    }

    public static Backend of(Emulators emulators) {
        return new Backend(emulators.dynamoDbEndpoint(), emulators.sqsEndpoint(), emulators.s3Endpoint(),
                emulators.region(), emulators.accessKey(), emulators.secretKey(), Optional.of(emulators));
    }

    /** What the Lambda runtime would set for every function, plus the endpoint overrides (the SDK's own names). */
    public Map<String, String> lambdaEnvironment() {
        return Map.of(
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region,
                "AWS_ACCESS_KEY_ID", accessKey,
                "AWS_SECRET_ACCESS_KEY", secretKey,
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString(),
                "AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString(),
                "AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
    }

    /** This back-end, whose DynamoDB clients also pass their calls through {@code interceptor}. */
    public Backend withDynamoDbInterceptor(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> more = new ArrayList<>(dynamoDbInterceptors);
        more.add(interceptor);
        return new Backend(dynamoDbEndpoint, sqsEndpoint, s3Endpoint, region, accessKey, secretKey, emulators, more);
    }

    /**
     * A new client; the caller closes it. It waits up to {@link #DYNAMODB_READ_TIMEOUT} for an answer: DynamoDB Local
     * counts a table's items for every DescribeTable, which the provisioner calls at each start, and that takes
     * minutes on a kept table of a million items (135 s at 1.5 million), where the HTTP client's default gives up
     * after 30 s.
     */
    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), dynamoDbEndpoint, DYNAMODB_READ_TIMEOUT)
                .overrideConfiguration(c -> dynamoDbInterceptors.forEach(c::addExecutionInterceptor)).build();
    }

    private static final Duration DYNAMODB_READ_TIMEOUT = Duration.ofMinutes(10);

    /** A new client whose calls pass through {@code interceptor} (tests count or fail them); the caller closes it. */
    public DynamoDbClient dynamoDb(ExecutionInterceptor interceptor) {
        return configure(DynamoDbClient.builder(), dynamoDbEndpoint, DYNAMODB_READ_TIMEOUT)
                .overrideConfiguration(c -> {
                    dynamoDbInterceptors.forEach(c::addExecutionInterceptor);
                    c.addExecutionInterceptor(interceptor);
                }).build();
    }

    /** A new client; the caller closes it. */
    public DynamoDbStreamsClient dynamoDbStreams() {
        return configure(DynamoDbStreamsClient.builder(), dynamoDbEndpoint).build();
    }

    /** A new client; the caller closes it. */
    public SqsClient sqs() {
        return configure(SqsClient.builder(), sqsEndpoint).build();
    }

    /** A new path-style client (emulators serve no virtual hosts); the caller closes it. */
    public S3Client s3() {
        return configure(S3Client.builder(), s3Endpoint).forcePathStyle(true).build();
    }

    /** A new path-style presigner; the caller closes it. */
    public S3Presigner s3Presigner() {
        return S3Presigner.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        return configure(builder, endpoint, DEFAULT_READ_TIMEOUT);
    }

    /** The URL-connection client's own default. */
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint,
                                                                                       Duration readTimeout) {
        builder.endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)));
        builder.httpClient(UrlConnectionHttpClient.builder().socketTimeout(readTimeout).build());
        return builder;
    }
}
