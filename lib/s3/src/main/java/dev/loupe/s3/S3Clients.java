package dev.loupe.s3;

import java.net.URI;

import dev.loupe.core.config.AwsClientSettings;
import dev.loupe.core.config.Env;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** S3's client factory ({@link AwsClientSettings} describes the pattern), with its presigner. */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3Client client() {
        return Holder.CLIENT;
    }

    /** Presigned GETs (image URLs, downloads) and PUTs (large uploads): signed locally, no request is sent. */
    public static S3Presigner presigner() {
        return PresignerHolder.PRESIGNER;
    }

    /**
     * An endpoint override names an S3-compatible store (the local cloud's S3Proxy), which needs path-style
     * addresses; AWS itself gets the default virtual-hosted style.
     */
    private static boolean pathStyle() {
        return Env.AWS_ENDPOINT_URL_S3.optional().isPresent();
    }

    private static final class Holder {
        static final S3Client CLIENT = AwsClientSettings.configure(S3Client.builder(), Env.AWS_ENDPOINT_URL_S3)
                .forcePathStyle(pathStyle()).build();
    }

    /** Apart from the client's holder: a function that only presigns never builds a client (its cold start). */
    private static final class PresignerHolder {
        static final S3Presigner PRESIGNER = presigner();

        private static S3Presigner presigner() {
            S3Presigner.Builder builder = S3Presigner.builder()
                    .region(AwsClientSettings.region())
                    .credentialsProvider(AwsClientSettings.credentials())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle()).build());
            Env.AWS_ENDPOINT_URL_S3.optional().map(URI::create).ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }
}
