package dev.loupe.shared.imaging.tools;

import dev.loupe.shared.imaging.Vips;
import dev.loupe.shared.imaging.VipsException;
import dev.loupe.shared.task.FileStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watermarkimage tool (reference 003): stamps text and images on a file, each element at its gravity (moved by
 * its adjustment percentages) or nine times in a 3x3 grid (mosaic), turned by its rotation and made see-through by
 * its transparency (which the reference means as opacity: 100 is opaque).
 *
 * <p>Text is rendered by libvips (Pango, HarfBuzz, FreeType) as an 8-bit coverage mask in one of the shipped fonts
 * ({@link WatermarkFont}); the mask, rotated, becomes the alpha of a plane of font_color, so the colour is exact and
 * only the edges blend. Images are decoded, turned sRGB with alpha, shrunk to fit (the base image, or a mosaic cell)
 * when larger, rotated and faded the same way. Everything is drawn with Porter-Duff "over".
 */
public final class Watermark {
    /** A stamp image larger than this (about 200 MB decoded as RGBA) is refused before decoding. */
    static final long MAX_STAMP_PIXELS = 50_000_000L;
    private static final int DPI = 72; // a point is a pixel, so font_size is in pixels of the image
    private static final int MOSAIC = 3; // 3x3: the reference's "9 times per page"

    /** Where an image element's bytes come from: the task's uploaded files, by server_filename. */
    @FunctionalInterface
    public interface StampImages {
        Optional<byte[]> bytes(String serverFilename);
    }

    private Watermark() {
    }

    /**
     * Stamps a whole file and encodes the result: PNG for a PNG, else JPEG. (Loading and saving move to the tools'
     * shared image type.) A file libvips can't read is a {@link ToolFailure} DamagedFile; a bad element, such as a
     * stamp image that isn't there, a 400 ProcessingError naming it.
     */
    public static ToolOutput apply(byte[] file, WatermarkOptions options, StampImages stamps) {
        boolean png = file.length > 8 && (file[0] & 0xFF) == 0x89 && file[1] == 'P' && file[2] == 'N' && file[3] == 'G';
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(file.length);
            MemorySegment.copy(file, 0, buffer, ValueLayout.JAVA_BYTE, 0, file.length);
            MemorySegment base;
            try {
                base = Vips.imageFromBufferRandom(buffer, arena);
            } catch (VipsException e) {
                throw new ToolFailure(FileStatus.DAMAGED_FILE, "The file is not an image that can be read", e);
            }
            MemorySegment out = MemorySegment.NULL;
            try {
                out = stamp(base, options, stamps, arena);
                byte[] bytes;
                try {
                    bytes = Vips.encode(out, png ? ".png" : ".jpg[Q=90]", arena);
                } catch (VipsException e) {
                    throw new ToolFailure(FileStatus.DAMAGED_FILE, "The file is damaged", e);
                }
                return new ToolOutput(bytes, png ? "png" : "jpg", Vips.width(out), Vips.height(out));
            } finally {
                Vips.unref(out);
                Vips.unref(base);
            }
        }
    }

    /**
     * The base image with every element stamped, the same size; an image without alpha stays without. The caller
     * owns the result (and still owns base); the images an element needs are read through stamps.
     */
    public static MemorySegment stamp(MemorySegment base, WatermarkOptions options, StampImages stamps, Arena arena) {
        int width = Vips.width(base);
        int height = Vips.height(base);
        Handles handles = new Handles();
        try {
            MemorySegment canvas = base;
            List<WatermarkElement> elements = options.elements();
            for (int i = 0; i < elements.size(); i++) {
                WatermarkElement element = elements.get(i);
                int boxWidth = element.mosaic() ? Math.max(1, width / MOSAIC) : width;
                int boxHeight = element.mosaic() ? Math.max(1, height / MOSAIC) : height;
                MemorySegment overlay = handles.own(element.type() == WatermarkElement.Type.TEXT
                        ? textOverlay(element, handles, arena)
                        : imageOverlay(element, "elements[" + i + "][image]", stamps, boxWidth, boxHeight, handles,
                                arena));
                int w = Vips.width(overlay);
                int h = Vips.height(overlay);
                for (int[] at : positions(element, width, height, w, h)) {
                    canvas = handles.own(Vips.compositeOver(canvas, overlay, at[0], at[1], arena));
                }
            }
            if (canvas.equals(base)) {
                throw new IllegalStateException("no element was stamped");
            }
            // Composite always adds alpha; a file that had none keeps none (a PNG would otherwise grow a band).
            if (!Vips.hasAlpha(base)) {
                canvas = handles.own(Vips.extractBands(canvas, 0, Vips.bands(canvas) - 1, arena));
            }
            return handles.keep(canvas);
        } finally {
            handles.release();
        }
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
    private static MemorySegment textOverlay(WatermarkElement element, Handles handles, Arena arena) {
        WatermarkFont.configure();
        MemorySegment mask = handles.own(Vips.text(markup(element.text()),
                element.fontFamily().description(element.fontStyle(), element.fontSize()), DPI, arena));
        if (element.rotation() % 360 != 0) {
            // New corners are 0: transparent once the mask is the alpha.
            mask = handles.own(Vips.rotate(mask, element.rotation(), arena));
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
    }

    /**
     * An uploaded JPG or PNG as sRGB with alpha, shrunk to fit maxWidth x maxHeight when larger (aspect kept),
     * rotated, faded by transparency.
     */
    private static MemorySegment imageOverlay(WatermarkElement element, String param, StampImages stamps, int maxWidth,
            int maxHeight, Handles handles, Arena arena) {
        byte[] bytes = stamps.bytes(element.image()).orElseThrow(() -> WatermarkOptions.error(param,
                "No uploaded file '" + element.image() + "' in this task to stamp"));
        boolean jpeg = bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
        boolean png = bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N';
        if (!jpeg && !png) {
            throw WatermarkOptions.error(param, "The image to stamp must be a JPG or PNG: '" + element.image() + "'");
        }
        MemorySegment buffer = arena.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
        MemorySegment image;
        try {
            image = handles.own(Vips.imageFromBufferRandom(buffer, arena));
        } catch (VipsException e) {
            throw WatermarkOptions.error(param, "The image to stamp can't be read: '" + element.image() + "'");
        }
        int w = Vips.width(image);
        int h = Vips.height(image);
        if ((long) w * h > MAX_STAMP_PIXELS) {
            throw WatermarkOptions.error(param, "The image to stamp is too large: " + w + "x" + h);
        }
        try {
            if (Vips.interpretation(image) != Vips.INTERPRETATION_SRGB) {
                image = handles.own(Vips.colourspace(image, Vips.INTERPRETATION_SRGB, arena)); // grey, CMYK, 16-bit
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
                    image = handles.own(Vips.resize(image, scale, arena));
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
     * The images one stamp makes. libvips operations hold references to their inputs, so intermediates can be
     * released together once the result exists; only the result is handed on.
     */
    private static final class Handles {
        private final List<MemorySegment> owned = new ArrayList<>();
        private MemorySegment kept = MemorySegment.NULL;

        MemorySegment own(MemorySegment image) {
            owned.add(image);
            return image;
        }

        MemorySegment keep(MemorySegment image) {
            kept = image;
            return image;
        }

        void release() {
            for (MemorySegment image : owned) {
                if (!image.equals(kept)) {
                    Vips.unref(image);
                }
            }
        }
    }
}
