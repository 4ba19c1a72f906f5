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
 * to be huge would otherwise take the function's memory before anything noticed. The limit applies to the pixels an
 * operation decodes: a thumbnail decodes the first page only, so an animation of many small frames is not refused
 * for the frames it doesn't touch (operations that keep every frame must count them all: {@link ImageInfo#pixels}).
 *
 * <p>BMP goes through {@link BmpFallback} first, since sharp's libvips can't read it.
 */
public final class ImagingEngine {
    /** 100 megapixels (about 300 MB decoded as RGB): beyond any camera a gallery sees, far below a bomb. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    // A thumbnail of a file cut short would come out half grey or black: refuse it as damaged instead. "truncated"
    // is not enough: libtiff reports an uncompressed TIFF cut short as a read error, which only "error" fails on.
    // (sharp's default is stricter still, "warning", which also refuses JPEGs with stray bytes that browsers show.)
    private static final String THUMBNAIL_LOAD_OPTIONS = "fail_on=error";
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
     * transparency flattened onto white; of an animation or a multi-page file, the first page. 400 too_many_pixels
     * before any decoding when that page is larger than this engine allows, 400 damaged_file when it can't be read.
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
                thumbnail = Vips.thumbnail(buffer, maxWidth, maxHeight, THUMBNAIL_LOAD_OPTIONS, arena);
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

    /** For operations that decode one page: the first frame of an animation, the first page of a TIFF. */
    private void refusePixelBomb(ImageInfo info) {
        if (info.pagePixels() > maxPixels) {
            throw new ApiError(400, "too_many_pixels", "the image is " + info.width() + " x " + info.height()
                    + " = " + info.pagePixels() + " pixels; at most " + maxPixels + " are allowed");
        }
    }

    private static MemorySegment nativeCopy(byte[] bytes, Arena arena) {
        if (bytes == null || bytes.length == 0) {
            throw new ApiError(400, "damaged_file", "the file is empty");
        }
        return arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
    }

    private static ApiError damaged(VipsException e) {
        return new ApiError(400, "damaged_file", "the file can't be read as an image (" + e.getMessage() + ")");
    }

    private static void requirePositive(String param, int value) {
        if (value <= 0) {
            throw ApiError.badParameter(param, param + " must be positive, not " + value);
        }
    }
}
