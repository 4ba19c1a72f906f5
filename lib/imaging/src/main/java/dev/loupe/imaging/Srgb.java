package dev.loupe.imaging;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * The one way decoded pixels become sRGB, for every output Loupe makes (thumbnails and other sized copies of a stored
 * image through {@link #thumbnail}, the processing tools through {@code ToolImage}): the colours a browser shows for
 * the original, so that a thumbnail, a tool's output and the original in the lightbox agree.
 *
 * <ul>
 * <li><b>An embedded ICC profile</b> (a CMYK file's press profile, Display P3, Adobe RGB...) is what the file's
 * colours mean: converted with it (lcms, libvips' icc_transform), as Chromium and ImageMagick's {@code -profile} do.
 * <li><b>CMYK without a profile</b> says nothing about its inks, and browsers (Chromium's Skia, Firefox) and
 * ImageMagick ({@code -colorspace sRGB}) all read it the plain way: R = (1 - C)(1 - K), G = (1 - M)(1 - K),
 * B = (1 - Y)(1 - K). libvips instead assumes its fallback CMYK profile ("Chemical proof", a press profile by Graeme
 * Gill, which models real inks on paper: 100% cyan prints as a muted teal, not as (0, 255, 255)), both in
 * icc_transform and inside vips_thumbnail. That made thumbnails and tool outputs of such files disagree with the
 * original shown in a browser by about 20 to 27 of 255 on average (docs/DESIGN.md, "Colour"), so the plain
 * conversion is done here, with libvips arithmetic, and libvips never sees such a file's CMYK.
 * <li><b>No profile, RGB or grey</b>: taken as sRGB, left alone. Other spaces (Lab, XYZ...) go through libvips'
 * colourspace.
 * </ul>
 *
 * 16-bit values stay 16-bit and alpha is kept; flattening and scaling to 8 bits are for the encoder.
 */
public final class Srgb {
    private static final String ICC_FIELD = "icc-profile-data";
    private static final Set<Integer> TAKEN_AS_SRGB = Set.of(Vips.INTERPRETATION_SRGB, Vips.INTERPRETATION_RGB,
            Vips.INTERPRETATION_B_W, Vips.INTERPRETATION_RGB16, Vips.INTERPRETATION_GREY16);

    private Srgb() {
    }

    /** Whether the image is CMYK without a profile of its own: the case libvips gets wrong (class comment). */
    public static boolean plainCmyk(MemorySegment image, Arena arena) {
        return Vips.interpretation(image) == Vips.INTERPRETATION_CMYK && !Vips.hasField(image, ICC_FIELD, arena);
    }

    /**
     * The image in sRGB (class comment), as a new reference the caller owns; the input is borrowed. Pixels are
     * converted lazily, as they are read.
     */
    public static MemorySegment convert(MemorySegment image, Arena arena) {
        boolean sixteen = Vips.bandFormat(image) == Vips.FORMAT_USHORT;
        if (plainCmyk(image, arena)) {
            return plainCmykToSrgb(image, sixteen, arena);
        }
        if (Vips.hasField(image, ICC_FIELD, arena) || Vips.interpretation(image) == Vips.INTERPRETATION_CMYK) {
            return Vips.iccTransform(image, "srgb", sixteen ? 16 : 8, arena);
        }
        if (TAKEN_AS_SRGB.contains(Vips.interpretation(image))) {
            return Vips.copy(image, arena);
        }
        return Vips.colourspace(image, sixteen ? Vips.INTERPRETATION_RGB16 : Vips.INTERPRETATION_SRGB, arena);
    }

    /**
     * Loads and shrinks into width x height (aspect kept, never enlarged, EXIF orientation applied, first page) in
     * sRGB: {@link Vips#thumbnail} (shrink-on-load), asked to export to sRGB when an RGB file has a profile (else
     * vips_thumbnail leaves a Display P3 or Adobe RGB photo's pixels as they are, and they lose their profile in the
     * JPEG: 15.7 of 255 off in the colour test), except for CMYK without a profile, where vips_thumbnail would assume
     * libvips' fallback profile: that is shrunk on load here (JPEG), turned upright, converted by {@link #convert}
     * and resized with the same thumbnail pipeline. The buffer must outlive the
     * returned image, which the caller owns.
     */
    public static MemorySegment thumbnail(MemorySegment buffer, int width, int height, String loadOptions,
            Arena arena) {
        MemorySegment header = Vips.imageFromBuffer(buffer, loadOptions, arena);
        boolean plain;
        boolean profiled;
        boolean jpeg;
        boolean turned;
        int uprightWidth;
        int uprightHeight;
        try {
            plain = plainCmyk(header, arena);
            // vips_thumbnail converts CMYK with its embedded profile by itself (1.45 of 255 from ImageMagick at
            // 150 px; 2.80 when also asked to export, which converts after the shrink).
            profiled = Vips.hasField(header, ICC_FIELD, arena)
                    && Vips.interpretation(header) != Vips.INTERPRETATION_CMYK;
            jpeg = "jpeg".equals(ImageInfo.formatOfLoader(Vips.metadataString(header, "vips-loader", arena)));
            int orientation = Vips.metadataInt(header, "orientation", arena).orElse(1);
            turned = orientation >= 2 && orientation <= 8;
            boolean sideways = orientation >= 5 && orientation <= 8;
            uprightWidth = sideways ? Vips.height(header) : Vips.width(header);
            uprightHeight = sideways ? Vips.width(header) : Vips.height(header);
        } finally {
            Vips.unref(header);
        }
        if (profiled) {
            return Vips.thumbnail(buffer, width, height, loadOptions, "srgb", arena);
        }
        if (!plain) {
            return Vips.thumbnail(buffer, width, height, loadOptions, arena);
        }
        int shrink = jpeg ? jpegShrink(uprightWidth, uprightHeight, width, height) : 1;
        String options = shrink > 1 ? join(loadOptions, "shrink=" + shrink) : loadOptions;
        MemorySegment loaded = Vips.imageFromBuffer(buffer, options, arena);
        MemorySegment upright = MemorySegment.NULL;
        MemorySegment srgb = MemorySegment.NULL;
        try {
            if (turned) {
                // A turn reads rows out of order, which a sequential load can't give: decode first (shrunk already).
                MemorySegment decoded = Vips.copyMemory(loaded);
                Vips.unref(loaded);
                loaded = decoded;
            }
            upright = Vips.autorot(loaded, arena);
            srgb = convert(upright, arena);
            return Vips.thumbnailImage(srgb, width, height, Vips.SIZE_DOWN, Vips.INTERESTING_NONE, arena);
        } finally {
            Vips.unref(srgb);
            Vips.unref(upright);
            Vips.unref(loaded);
        }
    }

    /**
     * JPEG's shrink-on-load factor (1, 2, 4 or 8) for a fit into width x height that still leaves the Lanczos
     * resize at least a factor of 2 to work on, so that the result looks like a resize from the full image.
     */
    static int jpegShrink(int imageWidth, int imageHeight, int width, int height) {
        double factor = Math.max((double) imageWidth / width, (double) imageHeight / height);
        int shrink = 1;
        while (shrink < 8 && shrink * 2 * 2 <= factor) {
            shrink *= 2;
        }
        return shrink;
    }

    /**
     * R = (1 - C)(1 - K) and so on, in floats, then back to the input's 8 or 16 bits (rounded); any bands after the
     * fourth (alpha) are kept as they are.
     */
    private static MemorySegment plainCmykToSrgb(MemorySegment image, boolean sixteen, Arena arena) {
        double max = sixteen ? 65535 : 255;
        int bands = Vips.bands(image);
        MemorySegment cmy = MemorySegment.NULL;
        MemorySegment k = MemorySegment.NULL;
        MemorySegment inkLeftCmy = MemorySegment.NULL;
        MemorySegment inkLeftK = MemorySegment.NULL;
        MemorySegment product = MemorySegment.NULL;
        MemorySegment scaled = MemorySegment.NULL;
        MemorySegment rgb = MemorySegment.NULL;
        MemorySegment alpha = MemorySegment.NULL;
        MemorySegment joined = MemorySegment.NULL;
        try {
            cmy = Vips.extractBands(image, 0, 3, arena);
            k = Vips.extractBands(image, 3, 1, arena);
            inkLeftCmy = Vips.linear(cmy, -1, max, arena);
            inkLeftK = Vips.linear(k, -1, max, arena);
            product = Vips.multiply(inkLeftCmy, inkLeftK, arena);
            if (sixteen) {
                scaled = Vips.linear(product, 1 / max, 0.5, arena); // + 0.5: the cast truncates
                rgb = Vips.cast(scaled, Vips.FORMAT_USHORT, arena);
            } else {
                rgb = Vips.linearUchar(product, 1 / max, 0, arena);
            }
            if (bands > 4) {
                alpha = Vips.extractBands(image, 4, bands - 4, arena);
                joined = Vips.bandjoin(rgb, alpha, arena);
            }
            return Vips.withInterpretation(bands > 4 ? joined : rgb,
                    sixteen ? Vips.INTERPRETATION_RGB16 : Vips.INTERPRETATION_SRGB, arena);
        } finally {
            for (MemorySegment step : new MemorySegment[] {cmy, k, inkLeftCmy, inkLeftK, product, scaled, rgb,
                    alpha, joined}) {
                Vips.unref(step);
            }
        }
    }

    private static String join(String options, String more) {
        return options == null || options.isEmpty() ? more : options + "," + more;
    }
}
