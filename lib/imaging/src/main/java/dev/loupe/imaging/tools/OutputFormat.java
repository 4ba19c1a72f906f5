package dev.loupe.imaging.tools;

import java.util.Optional;

/**
 * The formats the tools write, with the file extension they get and the libvips save options every tool uses for
 * them unless it asks for others (compress does). Options are libvips' command-line form, "name=value,...".
 */
public enum OutputFormat {
    // JPEG: Q 90 keeps a re-encode close to the original (libvips turns chroma subsampling off from Q 90 on);
    // Huffman tables optimised, which costs little and saves a few percent.
    JPG("jpg", ".jpg", "Q=90,optimize_coding=true"),
    PNG("png", ".png", "compression=6"),
    GIF("gif", ".gif", ""),
    WEBP("webp", ".webp", "Q=90"),
    TIFF("tiff", ".tif", "compression=deflate,predictor=horizontal");

    private final String extension;
    private final String suffix;
    private final String defaultOptions;

    OutputFormat(String extension, String suffix, String defaultOptions) {
        this.extension = extension;
        this.suffix = suffix;
        this.defaultOptions = defaultOptions;
    }

    /** The file extension without a dot: "jpg", "png"... */
    public String extension() {
        return extension;
    }

    /** The suffix that names the saver to libvips. */
    String suffix() {
        return suffix;
    }

    String defaultOptions() {
        return defaultOptions;
    }

    /** Whether the format holds one frame only: an animation's first frame is what gets written. */
    boolean singleFrame() {
        return this == JPG || this == PNG;
    }

    /** Whether the format holds 8 bits per value at most: 16-bit images are scaled down first. */
    boolean eightBit() {
        return this == JPG || this == GIF || this == WEBP;
    }

    /**
     * The format to write an input back in, from libvips' loader name ("jpeg", "png"...): the tools that keep the
     * input's format (resize, crop, rotate, compress, repair) use it. BMP comes back as PNG (libvips can't write BMP,
     * and PNG is as lossless); formats that have no writer here (HEIF, SVG...) come back as JPEG.
     */
    public static OutputFormat keeping(String sourceFormat) {
        return switch (sourceFormat) {
            case "png", "bmp" -> PNG;
            case "gif" -> GIF;
            case "webp" -> WEBP;
            case "tiff" -> TIFF;
            default -> JPG;
        };
    }

    public static Optional<OutputFormat> ofExtension(String extension) {
        for (OutputFormat format : values()) {
            if (format.extension.equals(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
