package dev.loupe.imaging.tools;

import dev.loupe.imaging.ImageInfo;
import java.util.Map;

/**
 * compressimage (iLoveIMG's "Compress extra parameters"): {@code compression_level} extreme, recommended (the
 * default) or low; the output keeps the input's format (BMP comes back as PNG), size and frames.
 *
 * <p>What each level does, by format (measured figures in docs/PERFORMANCE.md, "Processing tools: compression"):
 * <ul>
 * <li>JPEG: re-encoded with mozjpeg's settings, which sharp's libvips is built with: trellis quantisation, overshoot
 * deringing, progressive with optimised scans, the ImageMagick quantisation table (mozjpeg's default), optimised
 * Huffman tables, 4:2:0 chroma; quality 85 (low), 72 (recommended), 50 (extreme).
 * <li>PNG: palette quantisation (at most 256 colours, alpha kept, dithered), zlib level 9; quantiser quality 100
 * (low), 80 (recommended), 50 (extreme), which lets the quantiser use fewer colours. 16-bit input becomes 8-bit.
 * <li>GIF: re-quantised to 256 (low), 128 (recommended) or 64 colours (extreme); recommended and extreme let an
 * animation's frames reuse the previous frame's pixels within a small error.
 * <li>WebP: lossy at quality 85, 72, 50, with sharp chroma subsampling. TIFF: lossless deflate at every level.
 * </ul>
 * A result that is not smaller than the input is replaced by the input itself when the input needed no turning
 * (no EXIF orientation, rotate 0) and is already in the output format: a compressed file never grows. That one case
 * keeps the input's metadata as it was.
 */
public final class CompressImage implements ImageTool {
    public static final String NAME = "compressimage";
    /** Formats that come out as they came in (BMP becomes PNG, HEIF and the like JPEG). */
    private static final java.util.Set<String> WRITTEN_AS_READ = java.util.Set.of("jpeg", "png", "gif", "webp", "tiff");

    public enum Level {
        EXTREME, RECOMMENDED, LOW;

        /** The libvips save options of this level for a format. */
        String options(OutputFormat format) {
            return switch (format) {
                case JPG -> "Q=" + pick(50, 72, 85) + ",optimize_coding=true,trellis_quant=true,"
                        + "overshoot_deringing=true,interlace=true,optimize_scans=true,quant_table=3,subsample_mode=on";
                case PNG -> "palette=true,compression=9,effort=7,dither=1.0,Q=" + pick(50, 80, 100);
                case GIF -> "effort=7,interframe_maxerror=" + pick(16, 8, 0) + ",bitdepth=" + pick(6, 7, 8);
                case WEBP -> "Q=" + pick(50, 72, 85) + ",effort=4,smart_subsample=true";
                case TIFF -> "compression=deflate,predictor=horizontal";
            };
        }

        private int pick(int extreme, int recommended, int low) {
            return switch (this) {
                case EXTREME -> extreme;
                case RECOMMENDED -> recommended;
                case LOW -> low;
            };
        }
    }

    /** The task API's one parameter with its default: compression_level recommended. */
    public record Options(Level compressionLevel) {

        public static Options parse(Map<String, ?> params) {
            String level = new ToolParams(params).choice("compression_level", "recommended", "extreme", "recommended",
                    "low");
            return new Options(Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private final long maxPixels;

    public CompressImage(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(Map<String, ?> params) {
        Options options = Options.parse(params);
        return inputs -> PerFile.run(NAME, inputs, input -> compress(input, options));
    }

    public ToolOutput compress(ToolInput input, Options options) {
        ImageInfo info = ToolImage.probe(input.bytes());
        // Streamed (ToolImage, "Streamed loading"): the encoder reads every row.
        try (ToolImage image = ToolImage.load(input.bytes(), ToolImage.Load.rotated(input.rotate())
                .withMaxPixels(maxPixels).withStream(ToolImage.Stream.EVERY_ROW))) {
            OutputFormat format = OutputFormat.keeping(image.sourceFormat());
            ToolOutput out = image.save(format, options.compressionLevel().options(format));
            boolean unturned = info.orientation() == 1 && input.rotate() == 0;
            boolean sameFormat = WRITTEN_AS_READ.contains(info.format());
            if (out.bytes().length >= input.bytes().length && unturned && sameFormat) {
                return new ToolOutput(input.bytes(), format.extension(), out.width(), out.height());
            }
            return out;
        }
    }
}
