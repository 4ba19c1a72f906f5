package dev.loupe.library;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * MD5 of a file, in the two spellings Loupe meets: lower-case hex (Constant Contact's MD5Hash and what clients declare)
 * and base64 of the 16 bytes (S3's Content-MD5 header, which makes S3 itself check the bytes it stores).
 */
public final class Md5 {
    private Md5() {
    }

    public static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** 32 lower-case hex digits. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /** The form S3's Content-MD5 header takes. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(digest(bytes));
    }

    /** The Content-MD5 form of an MD5 given as hex (either case); IllegalArgumentException if it isn't one. */
    public static String hexToBase64(String hex) {
        if (!isHex(hex)) {
            throw new IllegalArgumentException("not an MD5 in hex: " + hex);
        }
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    /** Whether the text is an MD5 in hex: 32 hex digits, either case. */
    public static boolean isHex(String text) {
        if (text == null || text.length() != 32) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) { // ASCII only, unlike Character.digit
                return false;
            }
        }
        return true;
    }
}
