package dev.loupe.local;

/**
 * AWS's own payload limits, which the local cloud enforces as AWS does (facts about the services, not about any one
 * application's code).
 */
public final class AwsLimits {
    private AwsLimits() {
    }

    /** An HTTP API request body; API Gateway answers 413 above it. */
    public static final int API_GATEWAY_BODY_BYTES = 10 * 1024 * 1024;

    /** A synchronous Lambda invocation's request and response payloads. */
    public static final int LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
}
