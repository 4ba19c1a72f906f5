package dev.loupe.imaging.tools;

import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.Vips;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * resizeimage (iLoveIMG's "Resize extra parameters"): by pixels into a width and/or height, or by a percentage;
 * the output keeps the input's format.
 *
 * <p>Sizes apply to the image as seen: after its EXIF orientation and the file's {@code rotate}. With
 * {@code maintain_ratio} (the default) the image fits inside pixels_width x pixels_height (one of them alone bounds
 * that side only); without it the image is stretched to exactly that size (a side not given keeps its size).
 * {@code no_enlarge_if_smaller} (default true) never makes a side larger than it was: a fitting scale is capped at
 * 1, a stretched side at its own size. Sizes are rounded to whole pixels, at least 1.
 *
 * <p>Quality and speed: libvips' thumbnail pipeline (block shrink, then Lanczos-3, alpha premultiplied); a JPEG
 * reduced twice or more is decoded at 1/2, 1/4 or 1/8 of its size first (libjpeg's DCT scaling; sharp's default
 * rule, {@link #jpegShrink}). An animation is resized frame by frame.
 * 16-bit images go through vips_resize instead (Lanczos-3 too), which keeps their depth. The image is streamed
 * (ToolImage, "Streamed loading"): decoded while the resize and the encoder run, never whole in memory.
 */
public final class ResizeImage implements ImageTool {
    public static final String NAME = "resizeimage";
    /** The largest side or percentage accepted: beyond any sensible image; the pixel limit applies as well. */
    static final int MAX_SIDE = 65_535;
    static final int MAX_PERCENTAGE = 1_000;

    public enum Mode { PIXELS, PERCENTAGE }

    /**
     * The task API's parameters with its defaults: resize_mode pixels, maintain_ratio true, no_enlarge_if_smaller
     * true. pixels_width and pixels_height have no default (pixels mode needs at least one), nor has percentage
     * (percentage mode needs it).
     */
    public record Options(Mode resizeMode, Integer pixelsWidth, Integer pixelsHeight, Integer percentage,
            boolean maintainRatio, boolean noEnlargeIfSmaller) {

        public Options {
            if (resizeMode == Mode.PIXELS && pixelsWidth == null && pixelsHeight == null) {
                throw ToolParams.invalid("pixels_width",
                        "resize_mode pixels needs pixels_width or pixels_height (or both)");
            }
            if (resizeMode == Mode.PERCENTAGE && percentage == null) {
                throw ToolParams.invalid("percentage", "resize_mode percentage needs percentage");
            }
        }

        public static Options parse(Map<String, ?> params) {
            ToolParams p = new ToolParams(params);
            Mode mode = p.choice("resize_mode", "pixels", "pixels", "percentage").equals("pixels")
                    ? Mode.PIXELS : Mode.PERCENTAGE;
            return new Options(mode,
                    p.integer("pixels_width", 1, MAX_SIDE).orElse(null),
                    p.integer("pixels_height", 1, MAX_SIDE).orElse(null),
                    p.integer("percentage", 1, MAX_PERCENTAGE).orElse(null),
                    p.bool("maintain_ratio", true),
                    p.bool("no_enlarge_if_smaller", true));
        }

        /** The output size for an image of width x height as seen. */
        public int[] target(int width, int height) {
            double scaleX;
            double scaleY;
            if (resizeMode == Mode.PERCENTAGE) {
                scaleX = scaleY = percentage / 100.0;
            } else if (maintainRatio) {
                double fitX = pixelsWidth == null ? Double.MAX_VALUE : pixelsWidth / (double) width;
                double fitY = pixelsHeight == null ? Double.MAX_VALUE : pixelsHeight / (double) height;
                scaleX = scaleY = Math.min(fitX, fitY);
            } else {
                scaleX = pixelsWidth == null ? 1 : pixelsWidth / (double) width;
                scaleY = pixelsHeight == null ? 1 : pixelsHeight / (double) height;
            }
            if (noEnlargeIfSmaller) {
                scaleX = Math.min(scaleX, 1);
                scaleY = Math.min(scaleY, 1);
            }
            // Exact sizes where they were asked for, so that rounding never makes a 500-wide request 499.
            int outWidth = resizeMode == Mode.PIXELS && pixelsWidth != null && scaleX == pixelsWidth / (double) width
                    ? pixelsWidth : side(width * scaleX);
            int outHeight = resizeMode == Mode.PIXELS && pixelsHeight != null
                    && scaleY == pixelsHeight / (double) height ? pixelsHeight : side(height * scaleY);
            return new int[] {outWidth, outHeight};
        }

        private static int side(double exact) {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(exact)));
        }
    }

    private final long maxPixels;

    public ResizeImage(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(Map<String, ?> params) {
        Options options = Options.parse(params);
        return inputs -> PerFile.run(NAME, inputs, input -> resize(input, options));
    }

    public ToolOutput resize(ToolInput input, Options options) {
        ImageInfo info = ToolImage.probe(input.bytes());
        // A pixel bomb is the input's fault, whatever the mode asks of it: DamagedFile, as in every tool, before the
        // output's own limit (OutOfRange) is looked at.
        ToolImage.refuseBomb(info, maxPixels);
        boolean quarter = info.turnsQuarter() ^ (input.rotate() == 90 || input.rotate() == 270);
        int seenWidth = quarter ? info.height() : info.width();
        int seenHeight = quarter ? info.width() : info.height();
        int[] target = options.target(seenWidth, seenHeight);
        PerFile.refuseLargeOutput(target[0], target[1], info.animated() ? info.pages() : 1, maxPixels);
        double reduction = Math.min(seenWidth / (double) target[0], seenHeight / (double) target[1]);
        ToolImage.Load load = ToolImage.Load.rotated(input.rotate()).withMaxPixels(maxPixels)
                .withJpegShrink(jpegShrink(reduction)).withStream(ToolImage.Stream.EVERY_ROW);
        try (ToolImage image = ToolImage.load(input.bytes(), load)) {
            if (image.width() != target[0] || image.height() != target[1]) {
                boolean sixteen = image.sixteenBit();
                image.mapFrames((frame, arena) -> sixteen
                        ? resizeKeepingDepth(frame, target[0], target[1], arena)
                        : Vips.thumbnailImage(frame, target[0], target[1], Vips.SIZE_FORCE, Vips.INTERESTING_NONE,
                                arena));
            }
            return image.save(OutputFormat.keeping(image.sourceFormat()));
        }
    }

    /**
     * For 16-bit images, which libvips' thumbnail would bring down to 8 bits: the same Lanczos-3 through
     * vips_resize, alpha premultiplied around it, back to 16-bit values.
     */
    private static MemorySegment resizeKeepingDepth(MemorySegment frame, int width, int height, Arena arena) {
        boolean alpha = Vips.hasAlpha(frame);
        MemorySegment in = alpha ? Vips.premultiply(frame, arena) : Vips.copy(frame, arena);
        MemorySegment resized = MemorySegment.NULL;
        MemorySegment straight = MemorySegment.NULL;
        try {
            resized = Vips.resize(in, width / (double) Vips.width(frame), height / (double) Vips.height(frame),
                    arena);
            straight = alpha ? Vips.unpremultiply(resized, arena) : Vips.copy(resized, arena);
            return Vips.cast(straight, Vips.FORMAT_USHORT, arena);
        } finally {
            Vips.unref(straight);
            Vips.unref(resized);
            Vips.unref(in);
        }
    }

    /**
     * sharp's default rule (fastShrinkOnLoad; issue 19): a JPEG whose output is at least 2x smaller is decoded at
     * 1/2, 1/4 or 1/8 of its size, the largest that the reduction reaches, then Lanczos-3 does the rest. As in sharp,
     * one step less when the reduction's whole part is the factor itself (a reduction of 2 to 2.99 with 2, and so on):
     * libjpeg rounds a scaled size up, which would leave the Lanczos step nothing or an enlargement to do. Against
     * libvips thumbnail's rule (leave at least 2x to Lanczos) it halves the decode's work where the reduction is 2 to 4
     * (a 12-megapixel photo to 1024 px: 3.9), and costs nothing that shows: the bench's SSIM against a Lanczos-3
     * resize from the full-size decode is the same on both sides (docs/PERFORMANCE.md, "Processing tools against
     * sharp").
     */
    static int jpegShrink(double reduction) {
        int shrink = reduction >= 8 ? 8 : reduction >= 4 ? 4 : reduction >= 2 ? 2 : 1;
        if (shrink > 1 && (int) reduction == shrink) {
            shrink /= 2;
        }
        return shrink;
    }
}
