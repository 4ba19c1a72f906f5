package dev.loupe.core.http;

/** AWS's payload limits, which the request parser, the renderers and the local cloud all apply. */
public final class PayloadLimits {
    /** API Gateway refuses request bodies above 10 MB. */
    public static final int API_GATEWAY_BODY_BYTES = 10 * 1024 * 1024;
    /** A synchronous Lambda invocation's request or response payload is at most 6 MB (6,291,456 bytes). */
    public static final int LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private PayloadLimits() {
    }
}
