package dev.loupe.s3;

/**
 * The three values of S3's SSE-C headers (algorithm, base64 key, base64 MD5 of the key): what a writer or reader of
 * an object encrypted with a customer key passes on every request, since S3 keeps no copy of the key.
 */
public record SseCustomerKey(String algorithm, String key, String keyMd5) {
    @Override
    public String toString() {
        return "SseCustomerKey[redacted]";
    }
}
