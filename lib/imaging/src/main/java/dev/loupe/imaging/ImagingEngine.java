package dev.loupe.imaging;

import dev.loupe.core.http.ApiError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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

    /**
     * The bytes as libvips will read them: a BMP (which libvips can't load) becomes a TIFF, refused first if its
     * header announces a pixel bomb; anything else as it is.
     */
    private byte[] libvipsReadable(byte[] bytes) {
        if (!BmpFallback.isBmp(bytes)) {
            return bytes;
        }
        refusePixelBomb(BmpFallback.probe(bytes));
        return BmpFallback.toTiff(bytes);
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
        bytes = libvipsReadable(bytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = nativeCopy(bytes, arena);
            refusePixelBomb(probe(buffer, arena));
            MemorySegment thumbnail = MemorySegment.NULL;
            try {
                thumbnail = decodeUpright(buffer, maxWidth, maxHeight, arena);
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

    /**
     * The one decode of every picture made at ingest (thumbnails, renditions, the sharing crop, the placeholder's
     * pixels): first page, shrunk on load into maxWidth x maxHeight, never enlarged, upright by its EXIF orientation.
     * Whatever the colours need (profiles, CMYK) belongs here, so that every output agrees with the others.
     */
    private static MemorySegment decodeUpright(MemorySegment buffer, int maxWidth, int maxHeight, Arena arena) {
        // Through Srgb: what a browser shows for the original (a CMYK file without a profile, a P3 photo), not
        // libvips' own guess; every thumbnail and rendition comes from here.
        return Srgb.thumbnail(buffer, maxWidth, maxHeight, LOAD_OPTIONS, arena);
    }

    /** Larger than any side Loupe takes: a box this tall (or wide) constrains only the other side. */
    private static final int UNBOUNDED = 1_000_000;

    /**
     * The image at each of {@code widths} that it reaches (never enlarged; an image narrower than the widest asked
     * for also gets one at its own width, so that the largest screens see every pixel it has), in each format.
     * Decoded once, at the widest, then shrunk for each smaller width. JPEG flattens transparency onto white; WebP
     * and AVIF keep it. Quality: each format's setting for photos of about the same look (JPEG 82, WebP 80, AVIF 55).
     * Refusals as {@link #thumbnailJpeg}.
     */
    public List<Rendition> renditions(byte[] bytes, List<Integer> widths, List<Rendition.Format> formats) {
        widths.forEach(w -> requirePositive("width", w));
        bytes = libvipsReadable(bytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = nativeCopy(bytes, arena);
            ImageInfo info = probe(buffer, arena);
            refusePixelBomb(info);
            TreeSet<Integer> made = new TreeSet<>();
            for (int w : widths) {
                made.add(Math.min(w, info.displayWidth()));
            }
            MemorySegment widest = MemorySegment.NULL;
            List<Rendition> out = new ArrayList<>();
            try {
                MemorySegment decoded = decodeUpright(buffer, made.last(), UNBOUNDED, arena);
                try {
                    widest = Vips.copyMemory(decoded); // decoded once, shrunk many times
                } finally {
                    Vips.unref(decoded);
                }
                for (int w : made.descendingSet()) {
                    MemorySegment sized = w == Vips.width(widest) ? widest
                            : Vips.thumbnailImage(widest, w, UNBOUNDED, Vips.SIZE_DOWN, Vips.INTERESTING_NONE, arena);
                    try {
                        for (Rendition.Format format : formats) {
                            out.add(new Rendition(Vips.width(sized), Vips.height(sized), format,
                                    encode(sized, format, arena)));
                        }
                    } finally {
                        if (sized != widest) {
                            Vips.unref(sized);
                        }
                    }
                }
                return out;
            } catch (VipsException e) {
                throw damaged(e);
            } finally {
                Vips.unref(widest);
            }
        }
    }

    private static byte[] encode(MemorySegment image, Rendition.Format format, Arena arena) {
        return switch (format) {
            case JPEG -> Vips.jpeg(image, 82, JPEG_BACKGROUND, arena);
            case WEBP -> Vips.encode(image, ".webp[Q=80,effort=4,keep=none]", arena);
            // effort 2 of 9: about half the time of the default 4 for a file a few per cent larger (docs/PERFORMANCE.md)
            case AVIF -> Vips.encode(image, ".avif[Q=55,effort=2,keep=none]", arena);
        };
    }

    /**
     * A JPEG of exactly width x height for link previews (og:image): the image scaled to cover the box, then cut to
     * the box around its most interesting part ({@link Vips#smartcrop} with attention). Small images are enlarged:
     * sites that show previews want this size.
     */
    public byte[] smartCropJpeg(byte[] bytes, int width, int height, int quality) {
        requirePositive("width", width);
        requirePositive("height", height);
        bytes = libvipsReadable(bytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = nativeCopy(bytes, arena);
            ImageInfo info = probe(buffer, arena);
            refusePixelBomb(info);
            // Scaled to cover the box: the image's tighter side meets the box's, the other runs past it.
            boolean wider = (long) info.displayWidth() * height > (long) info.displayHeight() * width;
            int coverWidth = wider ? UNBOUNDED : width;
            int coverHeight = wider ? height : UNBOUNDED;
            MemorySegment decoded = MemorySegment.NULL;
            MemorySegment covering = MemorySegment.NULL;
            MemorySegment cropped = MemorySegment.NULL;
            try {
                MemorySegment streamed = decodeUpright(buffer, coverWidth, coverHeight, arena);
                try {
                    decoded = Vips.copyMemory(streamed); // the crop looks at the whole image, not line by line
                } finally {
                    Vips.unref(streamed);
                }
                // decodeUpright never enlarges; this step does, for an image smaller than the box.
                covering = Vips.thumbnailImage(decoded, coverWidth, coverHeight, Vips.SIZE_BOTH,
                        Vips.INTERESTING_NONE, arena);
                cropped = Vips.smartcrop(covering, width, height, Vips.INTERESTING_ATTENTION, arena);
                return Vips.jpeg(cropped, quality, JPEG_BACKGROUND, arena);
            } catch (VipsException e) {
                throw damaged(e);
            } finally {
                Vips.unref(cropped);
                Vips.unref(covering);
                Vips.unref(decoded);
            }
        }
    }

    /**
     * The image within maxSide x maxSide as 8-bit sRGB pixels (transparency on white), through the same path as the
     * thumbnails: what a placeholder is computed from.
     */
    public SmallPixels smallPixels(byte[] bytes, int maxSide) {
        byte[] jpeg = thumbnailJpeg(bytes, maxSide, maxSide, 95);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = MemorySegment.NULL;
            try {
                image = Vips.imageFromBuffer(nativeCopy(jpeg, arena), arena);
                int w = Vips.width(image);
                int h = Vips.height(image);
                byte[] values = Vips.pixels(image, arena);
                int bands = Vips.bands(image);
                byte[] rgb = new byte[w * h * 3];
                for (int i = 0; i < w * h; i++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[i * 3 + c] = values[i * bands + (bands == 1 ? 0 : c)]; // grey: one value for all three
                    }
                }
                return new SmallPixels(w, h, rgb);
            } catch (VipsException e) {
                throw damaged(e);
            } finally {
                Vips.unref(image);
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
