package dev.loupe.imaging;

import dev.loupe.core.http.ApiError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The image operations Loupe offers, on encoded bytes in and out, on top of libvips ({@link Vips}). Each call works
 * in its own confined arena (the input's native copy, out-pointers, strings), which closes when the call returns;
 * images libvips made are unreferenced before that, in finally blocks.
 *
 * <p>Every operation that decodes pixels first reads the header and refuses pixel bombs: a small file that claims
 * to be huge would otherwise take the function's memory before anything noticed. The limit counts what loading the
 * image decodes anywhere ({@link ImageInfo#decodedPixels}): every frame of an animation, since a stored animation can
 * go on to the processing tools, which keep every frame; a thumbnail alone would decode only the first.
 *
 * <p>Every accepted image is decoded completely, and damage is a refusal: libvips' loaders run with
 * {@code fail_on=warning}, so what libjpeg, libpng and the others report as corrupt or truncated data (a premature end
 * of a segment or of the file, a bad Huffman code, a CRC error) fails the decode instead of being logged and painted
 * grey. Notices about bytes outside the image data (libjpeg's "extraneous bytes before marker 0xd9", which browsers
 * ignore too) are not damage: libvips stops reading at the end of the last scan and never meets them.
 *
 * <p>BMP goes through {@link BmpFallback} first, since sharp's libvips can't read it.
 */
public final class ImagingEngine {
    /** 100 megapixels (about 300 MB decoded as RGB): beyond any camera a gallery sees, far below a bomb. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    // A thumbnail of a damaged file would come out partly grey or black: refuse it as damaged instead. "error" is not
    // enough: libjpeg reports garbage inside a scan ("Corrupt JPEG data: premature end of data segment", "bad Huffman
    // code") as warnings, which only "warning" fails on (the class comment says why stray bytes after the image data
    // still pass). sharp's default is the same.
    public static final String LOAD_OPTIONS = "fail_on=warning";
    // JPEG has no transparency: transparent pixels become white, as a browser shows them on a white page.
    private static final double JPEG_BACKGROUND = 255;

    private final long maxPixels;

    public ImagingEngine() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** maxPixels: the most pixels an operation may decode, beyond which it refuses the image before decoding. */
    public ImagingEngine(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** Format, size, pages and orientation from the header alone (about a millisecond); 400 damaged_file if bad. */
    public ImageInfo probe(byte[] bytes) {
        if (BmpFallback.isBmp(bytes)) {
            return BmpFallback.probe(bytes);
        }
        try (Arena arena = Arena.ofConfined()) {
            return probe(nativeCopy(bytes, arena), arena);
        }
    }

    /**
     * A JPEG that fits in maxWidth x maxHeight, aspect kept, never enlarged, turned upright by its EXIF orientation,
     * transparency flattened onto white, colours in sRGB as a browser shows the original ({@link Srgb}); of an
     * animation or a multi-page file, the first page. 400 too_many_pixels
     * before any decoding when the image (every frame of an animation) is larger than this engine allows, 400
     * damaged_file when it can't be read or is damaged anywhere in the page decoded.
     */
    public byte[] thumbnailJpeg(byte[] bytes, int maxWidth, int maxHeight, int quality) {
        requirePositive("maxWidth", maxWidth);
        requirePositive("maxHeight", maxHeight);
        if (quality < 1 || quality > 100) {
            throw ApiError.badParameter("quality", "quality must be 1 to 100, not " + quality);
        }
        if (BmpFallback.isBmp(bytes)) {
            refusePixelBomb(BmpFallback.probe(bytes));
            bytes = BmpFallback.toTiff(bytes);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = nativeCopy(bytes, arena);
            refusePixelBomb(probe(buffer, arena));
            MemorySegment thumbnail = MemorySegment.NULL;
            try {
                thumbnail = Srgb.thumbnail(buffer, maxWidth, maxHeight, LOAD_OPTIONS, arena);
                // libvips is lazy: pixels are decoded while the JPEG is written, so a file damaged after its header
                // fails here, in the save, and that too is a damaged file.
                return Vips.jpeg(thumbnail, quality, JPEG_BACKGROUND, arena);
            } catch (VipsException e) {
                throw damaged(e);
            } finally {
                Vips.unref(thumbnail);
            }
        }
    }

    private static ImageInfo probe(MemorySegment buffer, Arena arena) {
        MemorySegment image;
        try {
            image = Vips.imageFromBuffer(buffer, arena);
        } catch (VipsException e) {
            throw damaged(e);
        }
        try {
            String format = ImageInfo.formatOfLoader(Vips.metadataString(image, "vips-loader", arena));
            return new ImageInfo(format, Vips.width(image), Vips.height(image), Vips.pages(image),
                    Vips.metadataInt(image, "orientation", arena).orElse(1));
        } finally {
            Vips.unref(image);
        }
    }

    /** 400 too_many_pixels when the image decodes to more pixels than this engine allows ({@link ImageInfo#decodedPixels}). */
    public void refusePixelBomb(ImageInfo info) {
        if (info.decodedPixels() > maxPixels) {
            throw new ApiError(400, "too_many_pixels", "The image is " + info.width() + " x " + info.height()
                    + (info.animated() ? " x " + info.pages() + " frames" : "") + " = " + info.decodedPixels()
                    + " pixels; at most " + maxPixels + " are allowed");
        }
    }

    /** The most pixels an image may decode to. */
    public long maxPixels() {
        return maxPixels;
    }

    private static MemorySegment nativeCopy(byte[] bytes, Arena arena) {
        if (bytes == null || bytes.length == 0) {
            throw new ApiError(400, "damaged_file", "the file is empty");
        }
        return arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
    }

    private static ApiError damaged(VipsException e) {
        return new ApiError(400, "damaged_file", damagedMessage(e));
    }

    /**
     * The one sentence for a file that can't be decoded, at ingest and in the tools: what the decoder said, each line
     * once, without the libvips step that happened to meet it ("can't encode JPEG" is how a lazy decode fails).
     */
    public static String damagedMessage(VipsException e) {
        return e.details().isEmpty() ? "The file is damaged or is not an image."
                : "The file is damaged or is not an image: " + e.details() + ".";
    }

    private static void requirePositive(String param, int value) {
        if (value <= 0) {
            throw ApiError.badParameter(param, param + " must be positive, not " + value);
        }
    }
}
