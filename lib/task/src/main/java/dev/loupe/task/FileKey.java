package dev.loupe.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import dev.loupe.s3.SseCustomerKey;

/**
 * A task's {@code file_encryption_key} (the task API: 16, 24 or 32 characters), turned into what S3's SSE-C needs.
 * SSE-C takes exactly a 256-bit AES key, so the S3 key is SHA-256 of the client's key (with a fixed label); S3 keeps
 * only a salted HMAC of it and refuses to read the objects without it. The task item stores a check value (SHA-256
 * over the task id and the key) so that a call with another key is refused before S3 is asked; neither the key nor
 * the derived S3 key is ever stored.
 */
public final class FileKey {
    public static final String PARAM = "file_encryption_key";

    private final byte[] aesKey;

    private FileKey(byte[] aesKey) {
        this.aesKey = aesKey;
    }

    /** The key a client sent, or a 400 naming the rule. */
    public static FileKey of(String key) {
        int length = key.length();
        if (length != 16 && length != 24 && length != 32) {
            throw TaskErrors.processing(400, "bad_file_encryption_key",
                    "file_encryption_key must be 16, 24 or 32 characters long, not " + length, PARAM);
        }
        return new FileKey(sha256("loupe-sse-c:v1:" + key));
    }

    /** What the task item keeps to recognize the key again; bound to the task, so it says nothing across tasks. */
    public static String check(String taskId, String key) {
        return Base64.getEncoder().withoutPadding().encodeToString(sha256("loupe-key-check:v1:" + taskId + ":" + key));
    }

    /** The key as S3's SSE-C headers carry it. */
    public SseCustomerKey sse() {
        return new SseCustomerKey(algorithm(), base64Key(), base64KeyMd5());
    }

    /** The 256-bit key itself, for {@link SealedKey} only. */
    byte[] raw() {
        return aesKey.clone();
    }

    /** A key {@link SealedKey} opened again. */
    static FileKey ofRaw(byte[] aesKey) {
        if (aesKey.length != 32) {
            throw new IllegalArgumentException("an SSE-C key is 256 bits");
        }
        return new FileKey(aesKey.clone());
    }

    public String algorithm() {
        return "AES256";
    }

    /** The base64 key for SSE-C headers. */
    public String base64Key() {
        return Base64.getEncoder().encodeToString(aesKey);
    }

    /** The base64 MD5 of the key, which S3 uses to check the key arrived intact. */
    public String base64KeyMd5() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(aesKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "FileKey[redacted]";
    }
}
