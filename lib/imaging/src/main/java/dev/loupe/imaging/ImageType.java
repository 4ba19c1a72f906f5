package dev.loupe.imaging;

import dev.loupe.core.http.HttpRequest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The six formats the image library accepts: what a file really is (its first bytes), and which file extensions and
 * declared content types stand for it. Anything else (HEIC, AVIF, SVG, PDF, text...) is refused at upload.
 */
public enum ImageType {
    JPEG("jpg", "image/jpeg", "JPG", List.of("jpg", "jpeg", "jpe"), List.of("image/jpeg", "image/jpg", "image/pjpeg")),
    PNG("png", "image/png", "PNG", List.of("png"), List.of("image/png", "image/x-png")),
    GIF("gif", "image/gif", "GIF", List.of("gif"), List.of("image/gif")),
    WEBP("webp", "image/webp", "WEBP", List.of("webp"), List.of("image/webp")),
    BMP("bmp", "image/bmp", "BMP", List.of("bmp"), List.of("image/bmp", "image/x-ms-bmp", "image/x-bmp")),
    TIFF("tiff", "image/tiff", "TIFF", List.of("tiff", "tif"), List.of("image/tiff"));

    /** Bytes {@link #detect} needs at most: a BMP's file header and the size field of its DIB header. */
    public static final int HEAD_BYTES = 18;

    private final String extension;
    private final String mimeType;
    private final String fileTypeLabel;
    private final List<String> extensions;
    private final List<String> contentTypes;

    ImageType(String extension, String mimeType, String fileTypeLabel, List<String> extensions,
              List<String> contentTypes) {
        this.extension = extension;
        this.mimeType = mimeType;
        this.fileTypeLabel = fileTypeLabel;
        this.extensions = extensions;
        this.contentTypes = contentTypes;
    }

    /** The extension Loupe stores the file under, without the dot. */
    public String extension() {
        return extension;
    }

    /** The content type Loupe serves the file with. */
    public String mimeType() {
        return mimeType;
    }

    /** Constant Contact's FileType value (JPG, PNG, GIF, WEBP, BMP, TIFF). */
    public String fileTypeLabel() {
        return fileTypeLabel;
    }

    /** Extensions (lower case, no dot) that name this type: jpg, jpeg and jpe are one type. */
    public List<String> extensions() {
        return extensions;
    }

    /** Declared content types taken for this type, including the old non-standard ones browsers still send. */
    public List<String> contentTypes() {
        return contentTypes;
    }

    /** The type the first bytes show (the whole file, or its first {@link #HEAD_BYTES}); empty for anything else. */
    public static Optional<ImageType> detect(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (startsWith(head, 0, 'B', 'M') && isBmpInfoHeaderSize(head)) {
            return Optional.of(BMP);
        }
        if (startsWith(head, 0, 'I', 'I', 42, 0) || startsWith(head, 0, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        return Optional.empty();
    }

    /** The type a file name's extension names (case-insensitive; a path before the name is ignored). */
    public static Optional<ImageType> fromExtension(String fileName) {
        return extensionOf(fileName).flatMap(ext -> Arrays.stream(values())
                .filter(type -> type.extensions.contains(ext))
                .findFirst());
    }

    /** The type a declared content type names; parameters (";charset=...") and case are ignored. */
    public static Optional<ImageType> fromContentType(String contentType) {
        String media = HttpRequest.mediaType(contentType);
        return Arrays.stream(values()).filter(type -> type.contentTypes.contains(media)).findFirst();
    }

    /** The extension of a file name, lower case and without the dot; empty when the name has none. */
    public static Optional<String> extensionOf(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        // Old browsers send the whole client path ("C:\photos\a.jpg"): only the last segment is the name.
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).strip();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** "JPEG, PNG, GIF, WEBP, BMP, TIFF": for messages that say what is accepted. */
    public static String supportedList() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }

    /**
     * "BM" alone is two letters that text can start with too: a real BMP's DIB header, right after the 14-byte file
     * header, starts with its own size, one of the few sizes the versions of the format define.
     */
    private static boolean isBmpInfoHeaderSize(byte[] head) {
        if (head.length < 18) {
            return false;
        }
        int size = (head[14] & 0xFF) | (head[15] & 0xFF) << 8 | (head[16] & 0xFF) << 16 | (head[17] & 0xFF) << 24;
        return size == 12 || size == 16 || size == 40 || size == 52 || size == 56 || size == 64 || size == 108
                || size == 124;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
