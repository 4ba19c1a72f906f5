package dev.loupe.core.config;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one client-factory pattern, which each service's factory ({@code DynamoDbClients}, {@code S3Clients},
 * {@code SqsClients}) applies: each client is built once per container, on first use (a holder class each, so a
 * function loads only the SDK services it touches), with the region, credentials and HTTP client set explicitly: no
 * provider chain probing the environment on a cold start. The endpoint override (the SDK's own
 * {@code AWS_ENDPOINT_URL_*} names) is the only thing that differs in the local cloud.
 */
public final class AwsClientSettings {
    private AwsClientSettings() {
    }

    /** Sets the URL-connection HTTP client, the region, the credentials and {@code endpoint}'s override if set. */
    public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder,
                                                                                              Env endpoint) {
        builder.httpClient(UrlConnectionHttpClient.create());
        builder.region(region());
        builder.credentialsProvider(credentials());
        endpoint.optional().map(URI::create).ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * The one endpoint a regional service's client talks to: {@code endpoint}'s override if set (the local cloud), else
     * the service's regional endpoint ({@code https://<prefix>.<region>.<partition domain>}). A client given this as a
     * fixed endpoint provider skips the SDK's endpoint-rules evaluation on every request. Empty, so that the rules
     * decide, for a region the SDK has no metadata for and when FIPS or dual-stack endpoints are asked for
     * ({@code AWS_USE_FIPS_ENDPOINT}, {@code AWS_USE_DUALSTACK_ENDPOINT}, which the SDK reads itself and a fixed
     * endpoint would ignore). The client builder still creates the default rules provider (its classes and partitions
     * data load at build: docs/PERFORMANCE.md).
     */
    public static java.util.Optional<URI> regionalEndpoint(String prefix, Env endpoint) {
        java.util.Optional<URI> override = endpoint.optional().map(URI::create);
        if (override.isPresent()) {
            return override;
        }
        if (isTrue(Env.AWS_USE_FIPS_ENDPOINT) || isTrue(Env.AWS_USE_DUALSTACK_ENDPOINT)) {
            return java.util.Optional.empty();
        }
        return regionalEndpoint(prefix, region());
    }

    /** {@code https://<prefix>.<region>.<partition domain>}, or empty for a region the SDK has no metadata for. */
    static java.util.Optional<URI> regionalEndpoint(String prefix, Region region) {
        return java.util.Optional.ofNullable(region.metadata())
                .map(metadata -> URI.create("https://" + prefix + "." + region.id() + "." + metadata.domain()));
    }

    private static boolean isTrue(Env variable) {
        return variable.optional().map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    }

    public static Region region() {
        return Region.of(Env.AWS_REGION.required());
    }

    /**
     * Lambda hands SnapStart functions their credentials through the container endpoint (which refreshes them after a
     * restore), other functions through variables; a host such as the local cloud uses the variables.
     */
    public static AwsCredentialsProvider credentials() {
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
