package dev.loupe.library;

import dev.loupe.imaging.ImageType;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks an uploaded file passes before anything is stored, one error code each, in this order: there is a file,
 * its name has an extension, its bytes are one of the six {@link ImageType}s, the extension and the declared content
 * type name that same type, and the declared MD5 is well-formed and matches the bytes. The bytes decide what the file
 * is; the name and the declared type only have to agree with them.
 */
public final class UploadValidation {
    /** Whether a client must declare the file's MD5. Constant Contact's XML always has one; Loupe's JSON may not. */
    public enum Md5Check {
        REQUIRED,
        /** Checked when declared; absent or blank means not checked. */
        IF_DECLARED
    }

    private UploadValidation() {
    }

    /**
     * Checks the file and returns what it is. fileName: as the client declared it (the metadata's or the part's);
     * contentType: the file part's declared type, if any; md5: the declared MD5 in hex, if any.
     */
    public static ValidUpload validate(String fileName, Optional<String> contentType, Optional<String> md5,
                                       Md5Check md5Check, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ApiError(400, "missing_file", "no file was uploaded, or it is empty", "file");
        }
        String extension = ImageType.extensionOf(fileName).orElseThrow(() -> new ApiError(400, "missing_extension",
                "the file name " + quoted(fileName) + " has no extension; give one of "
                        + allExtensions(), "file_name"));
        ImageType type = ImageType.detect(bytes)
                .orElseThrow(() -> new ApiError(415, "unsupported_type", "the file is not an image Loupe accepts"
                        + lookalike(bytes) + "; supported formats: " + ImageType.supportedList(), "file"));
        Optional<ImageType> named = ImageType.fromExtension(fileName);
        if (named.isEmpty()) {
            throw new ApiError(400, "extension_mismatch", "the extension ." + extension + " is not an image extension;"
                    + " the file is " + type + ", so name it ." + type.extension(), "file_name");
        }
        if (named.get() != type) {
            throw new ApiError(400, "extension_mismatch", "the file name says " + named.get() + " (." + extension
                    + ") but the file is " + type + "; name it ." + type.extension(), "file_name");
        }
        Optional<String> declaredType = contentType.map(HttpRequest::mediaType).filter(UploadValidation::isDeclared);
        if (declaredType.isPresent() && ImageType.fromContentType(declaredType.get()).orElse(null) != type) {
            throw new ApiError(400, "content_type_mismatch", "the declared content type " + declaredType.get()
                    + " does not match the file, which is " + type + " (" + type.mimeType() + ")", "content_type");
        }
        String computed = Md5.hex(bytes);
        Optional<String> declaredMd5 = md5.map(String::strip).filter(s -> !s.isEmpty());
        if (declaredMd5.isEmpty()) {
            if (md5Check == Md5Check.REQUIRED) {
                throw new ApiError(400, "missing_md5", "the file's MD5 (32 hex digits) is required", "md5");
            }
        } else if (!Md5.isHex(declaredMd5.get())) {
            throw new ApiError(400, "bad_md5", "the declared MD5 " + quoted(declaredMd5.get())
                    + " is not 32 hex digits", "md5");
        } else if (!declaredMd5.get().toLowerCase(Locale.ROOT).equals(computed)) {
            throw new ApiError(400, "md5_mismatch", "the file's MD5 is " + computed + " but " + declaredMd5.get()
                    + " was declared: the file changed on the way, or the wrong one was sent", "md5");
        }
        return new ValidUpload(type, computed, bytes.length);
    }

    /**
     * Clients that don't know a file's type send application/octet-stream (curl and browsers do for unknown
     * extensions): that says nothing about the file, so it is not held against it.
     */
    private static boolean isDeclared(String mediaType) {
        return !mediaType.isEmpty() && !mediaType.equals("application/octet-stream");
    }

    /** A hint for the formats people most often try, so the refusal says what the file looked like. */
    private static String lookalike(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.ISO_8859_1);
        if (head.length() >= 12 && head.startsWith("ftyp", 4)) {
            String brand = head.substring(8, 12);
            if (brand.startsWith("avi")) {
                return " (it looks like AVIF)";
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.startsWith("mif")
                    || brand.startsWith("msf")) {
                return " (it looks like HEIC/HEIF)";
            }
        }
        if (head.startsWith("%PDF")) {
            return " (it looks like PDF)";
        }
        if (head.contains("<svg")) {
            return " (it looks like SVG)";
        }
        return "";
    }

    private static String allExtensions() {
        return String.join(", ", Arrays.stream(ImageType.values()).flatMap(t -> t.extensions().stream())
                .map(e -> "." + e).toList());
    }

    private static String quoted(String text) {
        return text == null ? "(none)" : "\"" + text + "\"";
    }
}
