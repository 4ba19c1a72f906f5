package dev.loupe.sqs;

import dev.loupe.core.config.AwsClientSettings;
import dev.loupe.core.config.Env;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS's client factory ({@link AwsClientSettings} describes the pattern). */
public final class SqsClients {
    private SqsClients() {
    }

    public static SqsClient client() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        static final SqsClient CLIENT = AwsClientSettings.configure(SqsClient.builder(), Env.AWS_ENDPOINT_URL_SQS)
                .build();
    }
}
