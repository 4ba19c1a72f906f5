package dev.loupe.imaging.tools;

import dev.loupe.imaging.Vips;
import dev.loupe.imaging.VipsException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watermarkimage tool (the task API): stamps text and images on a file, each element at its gravity (moved by
 * its adjustment percentages) or nine times in a 3x3 grid (mosaic), turned by its rotation and made see-through by
 * its transparency (which the task API means as opacity: 100 is opaque). The file keeps its format; every frame
 * of an animation is stamped.
 *
 * <p>Text is rendered by libvips (Pango, HarfBuzz, FreeType) as an 8-bit coverage mask in one of the shipped fonts
 * ({@link WatermarkFont}); the mask, rotated, becomes the alpha of a plane of font_color, so the colour is exact and
 * only the edges blend. Images are decoded like any tool input ({@link ToolImage}), made sRGB with alpha, shrunk to
 * fit (the base image, or a mosaic cell) when larger, rotated and faded the same way. Each element is made once per
 * file and drawn with Porter-Duff "over" on every frame.
 */
public final class Watermark {
    /** A stamp image larger than this (about 200 MB decoded as RGBA) is refused before decoding. */
    static final long MAX_STAMP_PIXELS = 50_000_000L;
    /**
     * A rendered text larger than this is refused: held as RGBA once per file, it would take 100 MB (500 characters
     * at font_size 500 on one line would be about 75 megapixels, before rotation).
     */
    static final long MAX_TEXT_PIXELS = 25_000_000L;
    private static final int DPI = 72; // a point is a pixel, so font_size is in pixels of the image
    private static final int MOSAIC = 3; // 3x3: the task API's "9 times per page"

    /** Where an image element's bytes come from: the task's uploaded files, by server_filename. */
    @FunctionalInterface
    public interface StampImages {
        Optional<byte[]> bytes(String serverFilename);
    }

    private Watermark() {
    }

    /**
     * Checks what the elements refer to before any file is processed: every image element's file is there, a JPG
     * or PNG that can be read. A 400 ProcessingError naming the element otherwise, as for any bad parameter.
     */
    public static void check(WatermarkOptions options, StampImages stamps) {
        List<WatermarkElement> elements = options.elements();
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).type() == WatermarkElement.Type.IMAGE) {
                loadStamp(elements.get(i), imageParam(i), stamps).close();
            }
        }
    }

    /**
     * Stamps one file and encodes it in its own format ({@link OutputFormat#keeping}). The file's failures are its
     * own ({@link ToolFailure}: DamagedFile...); a bad element is a 400 ProcessingError naming it.
     */
    public static ToolOutput apply(ToolInput input, WatermarkOptions options, StampImages stamps, long maxPixels) {
        // Streamed (ToolImage, "Streamed loading"): the composite is as large as the image, so every row is read.
        try (ToolImage image = ToolImage.load(input.bytes(), ToolImage.Load.rotated(input.rotate())
                .withMaxPixels(maxPixels).withStream(ToolImage.Stream.EVERY_ROW))) {
            stamp(image, options, stamps);
            return image.save(OutputFormat.keeping(image.sourceFormat()));
        }
    }

    /** Stamps the elements on every frame of image, in place. */
    public static void stamp(ToolImage image, WatermarkOptions options, StampImages stamps) {
        int width = image.width();
        int height = image.height();
        boolean hadAlpha = image.hasAlpha();
        // 16-bit images are composited in 16 bits, so that a watermark doesn't cost them their depth.
        int space = image.sixteenBit() ? Vips.INTERPRETATION_RGB16 : Vips.INTERPRETATION_SRGB;
        List<MemorySegment> overlays = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            List<WatermarkElement> elements = options.elements();
            for (int i = 0; i < elements.size(); i++) {
                WatermarkElement element = elements.get(i);
                MemorySegment lazy = element.type() == WatermarkElement.Type.TEXT
                        ? textOverlay(element, "elements[" + i + "][font_size]", arena)
                        : imageOverlay(element, imageParam(i), stamps, element.mosaic() ? cell(width) : width,
                                element.mosaic() ? cell(height) : height, arena);
                // Computed once into memory: otherwise every frame, and every tile it touches, would rotate and
                // resample it again.
                try {
                    overlays.add(Vips.copyMemory(lazy));
                } finally {
                    Vips.unref(lazy);
                }
            }
            // Every copy of every element, drawn in one composite per frame.
            List<MemorySegment> drawn = new ArrayList<>();
            List<int[]> corners = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                MemorySegment overlay = overlays.get(i);
                for (int[] at : positions(elements.get(i), width, height, Vips.width(overlay), Vips.height(overlay))) {
                    drawn.add(overlay);
                    corners.add(at);
                }
            }
            MemorySegment[] layers = drawn.toArray(MemorySegment[]::new);
            int[] xs = corners.stream().mapToInt(at -> at[0]).toArray();
            int[] ys = corners.stream().mapToInt(at -> at[1]).toArray();
            image.mapFrames((frame, frameArena) -> {
                MemorySegment stamped = Vips.compositeOver(frame, layers, xs, ys, space, frameArena);
                if (hadAlpha) {
                    return stamped;
                }
                // Composite always adds alpha; a file that had none keeps none (a PNG would grow a band).
                try {
                    return Vips.extractBands(stamped, 0, Vips.bands(stamped) - 1, frameArena);
                } finally {
                    Vips.unref(stamped);
                }
            });
        } finally {
            overlays.forEach(Vips::unref);
        }
    }

    private static int cell(int size) {
        return Math.max(1, size / MOSAIC);
    }

    private static String imageParam(int index) {
        return "elements[" + index + "][image]";
    }

    /** Top-left corners of the element's copies: one at its gravity, or nine centred in a 3x3 grid. */
    static List<int[]> positions(WatermarkElement element, int width, int height, int w, int h) {
        List<int[]> at = new ArrayList<>();
        if (element.mosaic()) {
            for (int row = 0; row < MOSAIC; row++) {
                for (int column = 0; column < MOSAIC; column++) {
                    int centreX = (int) ((2L * column + 1) * width / (2L * MOSAIC));
                    int centreY = (int) ((2L * row + 1) * height / (2L * MOSAIC));
                    at.add(new int[] {centreX - w / 2, centreY - h / 2});
                }
            }
            return at;
        }
        WatermarkGravity gravity = element.gravity();
        int x = gravity.x(width, w) + (int) Math.round(width * element.horizontalAdjustmentPercent() / 100.0);
        int y = gravity.y(height, h) + (int) Math.round(height * element.verticalAdjustmentPercent() / 100.0);
        at.add(new int[] {x, y});
        return at;
    }

    /** The text as font_color with its coverage (times transparency) as alpha, rotated: sRGB with alpha. */
    private static MemorySegment textOverlay(WatermarkElement element, String param, Arena arena) {
        WatermarkFont.configure();
        Handles handles = new Handles();
        try {
            MemorySegment mask;
            try {
                mask = handles.own(Vips.text(markup(element.text()),
                        element.fontFamily().description(element.fontStyle(), element.fontSize()), DPI, arena));
            } catch (VipsException e) {
                // Cairo draws at most 32767 pixels a side: a long line in a large size is more.
                throw WatermarkOptions.error(param, "The text can't be rendered at this size: make it smaller or"
                        + " shorter (" + e.getMessage() + ")");
            }
            if (element.rotation() % 360 != 0) {
                // New corners are 0: transparent once the mask is the alpha.
                mask = handles.own(Vips.rotate(mask, element.rotation(), arena));
            }
            long pixels = (long) Vips.width(mask) * Vips.height(mask);
            if (pixels > MAX_TEXT_PIXELS) {
                throw WatermarkOptions.error(param, "The text would be " + Vips.width(mask) + " x "
                        + Vips.height(mask) + " pixels, more than " + MAX_TEXT_PIXELS + ": make it smaller or shorter");
            }
            if (element.transparency() < 100) {
                mask = handles.own(Vips.linearUchar(mask, element.transparency() / 100.0, 0, arena));
            }
            int rgb = element.fontColor();
            MemorySegment colour = handles.own(Vips.constantLike(mask,
                    new double[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF}, arena));
            MemorySegment rgba = handles.own(Vips.bandjoin(colour, mask, arena));
            // The mask is labelled black-and-white; said to be sRGB, composite takes the bands as they are.
            return Vips.withInterpretation(rgba, Vips.INTERPRETATION_SRGB, arena);
        } finally {
            handles.release();
        }
    }

    /** An image element's file, decoded as any input is; a 400 naming the element when it can't be used. */
    private static ToolImage loadStamp(WatermarkElement element, String param, StampImages stamps) {
        byte[] bytes = stamps.bytes(element.image()).orElseThrow(() -> WatermarkOptions.error(param,
                "No uploaded file '" + element.image() + "' in this task to stamp"));
        boolean jpeg = bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
        boolean png = bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N';
        if (!jpeg && !png) {
            throw WatermarkOptions.error(param, "The image to stamp must be a JPG or PNG: '" + element.image() + "'");
        }
        try {
            return ToolImage.load(bytes, ToolImage.Load.rotated(0).withMaxPixels(MAX_STAMP_PIXELS));
        } catch (ToolFailure e) {
            throw WatermarkOptions.error(param, "The image to stamp can't be used ('" + element.image() + "'): "
                    + e.getMessage());
        }
    }

    /**
     * An uploaded JPG or PNG as sRGB with alpha, shrunk to fit maxWidth x maxHeight when larger (aspect kept),
     * rotated, faded by transparency.
     */
    private static MemorySegment imageOverlay(WatermarkElement element, String param, StampImages stamps, int maxWidth,
            int maxHeight, Arena arena) {
        Handles handles = new Handles();
        try (ToolImage stamp = loadStamp(element, param, stamps)) {
            MemorySegment image = stamp.vipsImage();
            int w = Vips.width(image);
            int h = Vips.height(image);
            if (Vips.interpretation(image) != Vips.INTERPRETATION_SRGB) {
                image = handles.own(Vips.colourspace(image, Vips.INTERPRETATION_SRGB, arena)); // grey, 16-bit
            }
            image = handles.own(Vips.cast(image, Vips.FORMAT_UCHAR, arena));
            if (!Vips.hasAlpha(image)) {
                image = handles.own(Vips.bandjoinConstant(image, 255, arena));
            }
            double scale = Math.min(1.0, Math.min((double) maxWidth / w, (double) maxHeight / h));
            boolean rotate = element.rotation() % 360 != 0;
            if (scale < 1.0 || rotate) {
                // Resampled with colour times alpha, so transparent pixels' colour doesn't bleed into the edges.
                image = handles.own(Vips.premultiply(image, arena));
                if (scale < 1.0) {
                    image = handles.own(Vips.resize(image, scale, scale, arena));
                }
                if (rotate) {
                    image = handles.own(Vips.rotate(image, element.rotation(), arena));
                }
                image = handles.own(Vips.unpremultiply(image, arena));
                image = handles.own(Vips.cast(image, Vips.FORMAT_UCHAR, arena));
            }
            if (element.transparency() < 100) {
                MemorySegment colour = handles.own(Vips.extractBands(image, 0, 3, arena));
                MemorySegment alpha = handles.own(Vips.extractBands(image, 3, 1, arena));
                alpha = handles.own(Vips.linearUchar(alpha, element.transparency() / 100.0, 0, arena));
                image = handles.own(Vips.bandjoin(colour, alpha, arena));
            }
            return Vips.withInterpretation(image, Vips.INTERPRETATION_SRGB, arena);
        } catch (VipsException e) {
            throw WatermarkOptions.error(param, "The image to stamp can't be used: '" + element.image() + "'");
        } finally {
            handles.release();
        }
    }

    /**
     * vips_text reads Pango markup: the text is escaped so that it is stamped as written. Control characters other
     * than line breaks and tabs are dropped (Pango refuses them).
     */
    static String markup(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /**
     * The intermediate images of one overlay. libvips operations hold references to their inputs, so these can be
     * released together once the result exists; the result itself is not among them.
     */
    private static final class Handles {
        private final List<MemorySegment> owned = new ArrayList<>();

        MemorySegment own(MemorySegment image) {
            owned.add(image);
            return image;
        }

        void release() {
            owned.forEach(Vips::unref);
        }
    }
}
