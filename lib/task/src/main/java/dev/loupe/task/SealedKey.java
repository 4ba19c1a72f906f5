package dev.loupe.task;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an encrypted task's key reaches its file workers: sealed inside the TaskFileQueue message, never stored.
 *
 * <p>The workers of a task with a {@code file_encryption_key} must read and write its files with that key, and only
 * the process request carries it. Loupe keeps no copy: the process request seals the SSE-C key (AES-256-GCM) under a
 * key derived from the project's secret key, bound to the task id, and puts the sealed value in the messages of that
 * task. A message is deleted once its file is done (and dead-lettered ones are consumed by the dead-letter function),
 * SQS encrypts messages at rest, and whoever reads the queue still needs the project's secret key to open it. A
 * sealed key opens only for the task it was sealed for.
 */
public final class SealedKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private SealedKey() {
    }

    /** The key sealed for one task of the project whose secret key is {@code projectSecret}. */
    public static String seal(FileKey key, String projectSecret, String taskId) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] raw = key.raw();
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, projectSecret, taskId, iv);
            byte[] sealed = cipher.doFinal(raw);
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a task key", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The key again; an {@link IllegalArgumentException} when it was sealed for another task or project, or altered. */
    public static FileKey open(String sealed, String projectSecret, String taskId) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed key is not base64", e);
        }
        if (in.length <= IV_BYTES) {
            throw new IllegalArgumentException("the sealed key is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, projectSecret, taskId, Arrays.copyOf(in, IV_BYTES));
            byte[] raw = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            try {
                return FileKey.ofRaw(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed key does not open for this task and project", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a task key", e);
        }
    }

    private static Cipher cipher(int mode, String projectSecret, String taskId, byte[] iv)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(projectSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] wrapping = mac.doFinal("loupe-task-key-seal:v1".getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(wrapping, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        // The task id as associated data: a sealed key copied into another task's message does not open.
        cipher.updateAAD(taskId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
