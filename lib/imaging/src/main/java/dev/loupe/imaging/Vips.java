package dev.loupe.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.loupe.core.config.Env;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Loupe's own binding to libvips through the FFM API: only the calls the engine uses, each typed. Pointers stay
 * {@link MemorySegment}s; the caller owns what it gets back ({@link #unref} images, {@link #free} buffers).
 *
 * <p>The library is {@code libvips-cpp.so} from sharp's npm package: one file that exports libvips, GLib and GObject.
 * It is loaded from {@code LOUPE_LIBVIPS_PATH}, else from the Lambda layer's {@code /opt/lib}. libvips' C API ends
 * option lists with NULL, so every call with options is a variadic downcall ending in {@link MemorySegment#NULL}.
 *
 * <p>Public for the processing tools ({@code imaging.tools}), which build on these calls; nothing outside imaging
 * should need it. Operations that make an image take their input as borrowed (the caller still owns it) and return a
 * new reference that the caller owns, or throw {@link VipsException} with libvips' error text.
 */
public final class Vips {
    /** The file that {@code @img/sharp-libvips-linux-x64} contains (see libvips.version in the parent pom). */
    static final String LIBRARY_FILE = "libvips-cpp.so.8.18.7";
    /** Where a Lambda layer's {@code lib/} folder ends up. */
    static final Path LAYER_PATH = Path.of("/opt/lib", LIBRARY_FILE);

    // VipsAccess and VipsSize, from libvips' headers.
    static final int ACCESS_SEQUENTIAL = 1;
    static final int SIZE_DOWN = 2;
    // VipsForeignKeep: keep no metadata (EXIF, XMP, ICC...) in thumbnails; thumbnail already made the pixels sRGB.
    static final int KEEP_NONE = 0;

    // VipsAngle (clockwise), VipsSize, VipsInteresting, VipsInterpretation and VipsBandFormat values the tools use.
    public static final int ANGLE_D0 = 0;
    public static final int ANGLE_D90 = 1;
    public static final int ANGLE_D180 = 2;
    public static final int ANGLE_D270 = 3;
    public static final int SIZE_BOTH = 0;
    public static final int SIZE_FORCE = 3;
    public static final int INTERESTING_NONE = 0;
    public static final int INTERESTING_CENTRE = 1;
    // VipsCompassDirection and VipsExtend, for centreIn.
    static final int COMPASS_CENTRE = 0;
    static final int EXTEND_BACKGROUND = 5;
    public static final int INTERESTING_ATTENTION = 3;
    public static final int INTERPRETATION_B_W = 1;
    public static final int INTERPRETATION_CMYK = 15;
    public static final int INTERPRETATION_RGB = 17;
    public static final int INTERPRETATION_SRGB = 22;
    public static final int INTERPRETATION_RGB16 = 25;
    public static final int INTERPRETATION_GREY16 = 26;
    public static final int FORMAT_UCHAR = 0;
    public static final int FORMAT_USHORT = 2;

    private Vips() {
    }

    /** The path that the library is (or would be) loaded from. */
    public static Path libraryPath() {
        return Env.LOUPE_LIBVIPS_PATH.optional().map(Path::of).orElse(LAYER_PATH);
    }

    /**
     * Opens an image from an encoded buffer. With sequential access libvips reads only the header here; pixels are
     * decoded when something asks for them. The buffer is not copied: it must outlive the image.
     */
    public static MemorySegment imageFromBuffer(MemorySegment buffer, Arena arena) {
        return imageFromBuffer(buffer, "", arena);
    }

    public static int width(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_WIDTH, image);
    }

    public static int height(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_HEIGHT, image);
    }

    /** Frames or pages in the file (1 when the format has none). */
    public static int pages(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_N_PAGES, image);
    }

    /** A string field of the image's metadata, or null when it has none. The string belongs to the image. */
    public static String metadataString(MemorySegment image, String name, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.IMAGE_GET_STRING, image, arena.allocateFrom(name), out);
        if (status != 0) {
            clearErrors(); // a missing field is an answer, not an error that should leak into the next message
            return null;
        }
        return out.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** An int field of the image's metadata (such as "orientation"), or empty when it has none. */
    public static OptionalInt metadataInt(MemorySegment image, String name, Arena arena) {
        MemorySegment field = arena.allocateFrom(name);
        if ((long) call(Library.IMAGE_GET_TYPEOF, image, field) == 0) {
            return OptionalInt.empty();
        }
        MemorySegment out = arena.allocate(JAVA_INT);
        if ((int) call(Library.IMAGE_GET_INT, image, field, out) != 0) {
            clearErrors();
            return OptionalInt.empty();
        }
        return OptionalInt.of(out.get(JAVA_INT, 0));
    }

    /**
     * Loads and shrinks in one step (shrink-on-load for JPEG, WebP, HEIF...), into a width x height box, keeping the
     * aspect ratio, never enlarging, with EXIF orientation applied (thumbnail's default). The buffer must outlive the
     * returned image. {@code loadOptions} goes to the loader, e.g. {@code fail_on=truncated}. Colours as libvips
     * leaves them (an RGB file's embedded profile is not applied, a CMYK file without one gets libvips' press
     * profile): {@link Srgb#thumbnail} is what makes pictures.
     */
    public static MemorySegment thumbnail(MemorySegment buffer, int width, int height, String loadOptions, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.THUMBNAIL_BUFFER, buffer, buffer.byteSize(), out, width,
                arena.allocateFrom("height"), height,
                arena.allocateFrom("size"), SIZE_DOWN,
                arena.allocateFrom("option_string"), arena.allocateFrom(loadOptions),
                MemorySegment.NULL);
        if (status != 0) {
            throw VipsException.fromErrorBuffer("can't make a thumbnail");
        }
        return out.get(ADDRESS, 0);
    }

    /**
     * {@link #thumbnail}, its pixels converted from the file's embedded profile to {@code exportProfile} ("srgb",
     * libvips' built-in one) by lcms, which vips_thumbnail does only when asked for an export profile.
     */
    public static MemorySegment thumbnail(MemorySegment buffer, int width, int height, String loadOptions,
            String exportProfile, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.THUMBNAIL_BUFFER_PROFILE, buffer, buffer.byteSize(), out, width,
                arena.allocateFrom("height"), height,
                arena.allocateFrom("size"), SIZE_DOWN,
                arena.allocateFrom("option_string"), arena.allocateFrom(loadOptions),
                arena.allocateFrom("export_profile"), arena.allocateFrom(exportProfile),
                MemorySegment.NULL);
        if (status != 0) {
            throw VipsException.fromErrorBuffer("can't make a thumbnail");
        }
        return out.get(ADDRESS, 0);
    }

    /**
     * Encodes as JPEG without metadata; the bytes are copied to the Java heap and libvips' buffer is freed. JPEG has
     * no alpha: transparent pixels are flattened onto {@code background} (0 black to 255 white, for every band).
     */
    public static byte[] jpeg(MemorySegment image, int quality, double background, Arena arena) {
        MemorySegment bufferOut = arena.allocate(ADDRESS);
        MemorySegment lengthOut = arena.allocate(JAVA_LONG);
        // One value stands for every band, whether the image is grey or colour.
        MemorySegment backgroundArray = (MemorySegment) call(Library.ARRAY_DOUBLE_NEW,
                arena.allocateFrom(JAVA_DOUBLE, background), 1);
        try {
            int status = (int) call(Library.JPEGSAVE_BUFFER, image, bufferOut, lengthOut,
                    arena.allocateFrom("Q"), quality,
                    arena.allocateFrom("keep"), KEEP_NONE,
                    arena.allocateFrom("background"), backgroundArray,
                    MemorySegment.NULL);
            if (status != 0) {
                throw VipsException.fromErrorBuffer("can't encode JPEG");
            }
        } finally {
            call(Library.AREA_UNREF, backgroundArray);
        }
        return takeBuffer(bufferOut, lengthOut);
    }

    /**
     * Encodes in the format a file suffix names, with options in brackets as libvips' command line takes them
     * (".webp[Q=80]", ".tif[compression=lzw]", ".gif").
     */
    public static byte[] encode(MemorySegment image, String suffix, Arena arena) {
        MemorySegment bufferOut = arena.allocate(ADDRESS);
        MemorySegment lengthOut = arena.allocate(JAVA_LONG);
        int status = (int) call(Library.IMAGE_WRITE_TO_BUFFER, image, arena.allocateFrom(suffix), bufferOut, lengthOut,
                MemorySegment.NULL);
        if (status != 0) {
            throw VipsException.fromErrorBuffer("can't encode " + suffix);
        }
        return takeBuffer(bufferOut, lengthOut);
    }

    /**
     * Opens an image from an encoded buffer with loader options as libvips' command line takes them ("n=-1",
     * "fail_on=error", "shrink=2", comma-separated), with sequential access: only the header is read here. The
     * buffer is not copied: it must outlive the image (or {@link #copyMemory} it).
     */
    public static MemorySegment imageFromBuffer(MemorySegment buffer, String options, Arena arena) {
        MemorySegment image = (MemorySegment) call(Library.IMAGE_NEW_FROM_BUFFER, buffer, buffer.byteSize(),
                arena.allocateFrom(options), arena.allocateFrom("access"), ACCESS_SEQUENTIAL, MemorySegment.NULL);
        if (image.equals(MemorySegment.NULL)) {
            throw VipsException.fromErrorBuffer("can't read the image");
        }
        return image;
    }

    /**
     * Decodes every pixel into memory now: a damaged file fails here rather than at some later step, and the result
     * no longer needs the buffer it was loaded from.
     */
    public static MemorySegment copyMemory(MemorySegment image) {
        MemorySegment out = (MemorySegment) call(Library.IMAGE_COPY_MEMORY, image);
        if (out.equals(MemorySegment.NULL)) {
            throw VipsException.fromErrorBuffer("can't decode the image");
        }
        return out;
    }

    /** Turns the image upright by its EXIF orientation and removes the tag, so it is applied once. */
    public static MemorySegment autorot(MemorySegment image, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.AUTOROT, image, out, MemorySegment.NULL), "can't apply the EXIF orientation");
        return out.get(ADDRESS, 0);
    }

    /** Rotates by a multiple of 90 degrees clockwise ({@link #ANGLE_D90}...): exact, pixels are only moved. */
    public static MemorySegment rot(MemorySegment image, int angle, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.ROT, image, out, angle, MemorySegment.NULL), "can't rotate");
        return out.get(ADDRESS, 0);
    }

    /**
     * Converts the pixels to an ICC profile (such as "srgb", libvips' built-in one) from the embedded profile, or
     * from libvips' fallback for the interpretation (CMYK, sRGB) when there is none; depth 8 or 16. The output
     * profile is attached to the result.
     */
    public static MemorySegment iccTransform(MemorySegment image, String outputProfile, int depth, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.ICC_TRANSFORM, image, out, arena.allocateFrom(outputProfile),
                arena.allocateFrom("embedded"), 1, arena.allocateFrom("depth"), depth, MemorySegment.NULL),
                "can't convert the colours to " + outputProfile);
        return out.get(ADDRESS, 0);
    }

    /** Converts to another interpretation ({@link #INTERPRETATION_SRGB}...), scaling 16-bit values to 8 and back. */
    public static MemorySegment colourspace(MemorySegment image, int interpretation, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.COLOURSPACE, image, out, interpretation, MemorySegment.NULL),
                "can't convert the colour space");
        return out.get(ADDRESS, 0);
    }

    /**
     * Resizes an image already loaded to exactly width x height ({@link #SIZE_FORCE}) or into that box, with
     * libvips' thumbnail pipeline: block shrink then a Lanczos-3 reduce, alpha premultiplied so that transparent
     * pixels don't bleed their colour. {@code crop} ({@link #INTERESTING_CENTRE}) fills the box and cuts the rest.
     * The EXIF orientation is left alone (no_rotate): the tools apply it themselves, once.
     */
    public static MemorySegment thumbnailImage(MemorySegment image, int width, int height, int size, int crop,
            Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.THUMBNAIL_IMAGE, image, out, width, arena.allocateFrom("height"), height,
                arena.allocateFrom("size"), size, arena.allocateFrom("no_rotate"), 1, arena.allocateFrom("crop"), crop,
                MemorySegment.NULL), "can't resize");
        return out.get(ADDRESS, 0);
    }

    /**
     * Resamples by scale across and vscale down with a Lanczos-3 kernel (libvips' default), keeping the band format
     * (16-bit stays 16-bit, unlike the thumbnail pipeline). Alpha is not premultiplied here: see {@link #premultiply}.
     */
    public static MemorySegment resize(MemorySegment image, double scale, double vscale, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.RESIZE, image, out, scale, arena.allocateFrom("vscale"), vscale, MemorySegment.NULL),
                "can't resize");
        return out.get(ADDRESS, 0);
    }

    /** Colour multiplied by alpha (as floats), so that resampling doesn't bleed transparent pixels' colour. */
    public static MemorySegment premultiply(MemorySegment image, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.PREMULTIPLY, image, out, MemorySegment.NULL), "can't premultiply");
        return out.get(ADDRESS, 0);
    }

    public static MemorySegment unpremultiply(MemorySegment image, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.UNPREMULTIPLY, image, out, MemorySegment.NULL), "can't unpremultiply");
        return out.get(ADDRESS, 0);
    }

    /** Converts the values to a band format ({@link #FORMAT_USHORT}...), clipping to its range. */
    public static MemorySegment cast(MemorySegment image, int bandFormat, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.CAST, image, out, bandFormat, MemorySegment.NULL), "can't cast");
        return out.get(ADDRESS, 0);
    }

    /** The width x height area at left, top. */
    public static MemorySegment extractArea(MemorySegment image, int left, int top, int width, int height,
            Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.EXTRACT_AREA, image, out, left, top, width, height, MemorySegment.NULL),
                "can't extract an area");
        return out.get(ADDRESS, 0);
    }

    /** The images one below the other (one column), as libvips stacks the frames of an animation. */
    public static MemorySegment joinVertically(MemorySegment[] images, Arena arena) {
        MemorySegment array = arena.allocate(ADDRESS, images.length);
        for (int i = 0; i < images.length; i++) {
            array.setAtIndex(ADDRESS, i, images[i]);
        }
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.ARRAYJOIN, array, out, images.length, arena.allocateFrom("across"), 1,
                MemorySegment.NULL), "can't join the frames");
        return out.get(ADDRESS, 0);
    }

    /** A new image that shares the pixels: its metadata can be changed without touching the original's. */
    public static MemorySegment copy(MemorySegment image, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.COPY, image, out, MemorySegment.NULL), "can't copy");
        return out.get(ADDRESS, 0);
    }

    /** Sets an int field; only on an image nothing else shares ({@link #copy}). */
    public static void setInt(MemorySegment image, String name, int value, Arena arena) {
        call(Library.IMAGE_SET_INT, image, arena.allocateFrom(name), value);
    }

    /** Sets an int array field such as "delay" (ms per frame); only on an image nothing else shares. */
    public static void setIntArray(MemorySegment image, String name, int[] values, Arena arena) {
        call(Library.IMAGE_SET_ARRAY_INT, image, arena.allocateFrom(name), arena.allocateFrom(JAVA_INT, values),
                values.length);
    }

    /** An int array field such as "delay", or an empty array when the image has none. */
    public static int[] intArray(MemorySegment image, String name, Arena arena) {
        MemorySegment field = arena.allocateFrom(name);
        if ((long) call(Library.IMAGE_GET_TYPEOF, image, field) == 0) {
            return new int[0];
        }
        MemorySegment valuesOut = arena.allocate(ADDRESS);
        MemorySegment countOut = arena.allocate(JAVA_INT);
        if ((int) call(Library.IMAGE_GET_ARRAY_INT, image, field, valuesOut, countOut) != 0) {
            clearErrors();
            return new int[0];
        }
        int count = countOut.get(JAVA_INT, 0);
        return valuesOut.get(ADDRESS, 0).reinterpret(4L * count).toArray(JAVA_INT);
    }

    /** Removes a metadata field; only on an image nothing else shares. */
    public static void remove(MemorySegment image, String name, Arena arena) {
        call(Library.IMAGE_REMOVE, image, arena.allocateFrom(name));
    }

    /** Whether the image has a metadata field of this name ("icc-profile-data"...). */
    public static boolean hasField(MemorySegment image, String name, Arena arena) {
        return (long) call(Library.IMAGE_GET_TYPEOF, image, arena.allocateFrom(name)) != 0;
    }

    public static int bands(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_BANDS, image);
    }

    /** The VipsBandFormat of each value ({@link #FORMAT_UCHAR}, {@link #FORMAT_USHORT}...). */
    public static int bandFormat(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_FORMAT, image);
    }

    /** The VipsInterpretation ({@link #INTERPRETATION_SRGB}, {@link #INTERPRETATION_CMYK}...). */
    public static int interpretation(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_INTERPRETATION, image);
    }

    public static boolean hasAlpha(MemorySegment image) {
        return (int) call(Library.IMAGE_HASALPHA, image) != 0;
    }

    /** The height of one frame when the image is a stack of frames (page-height), else the whole height. */
    public static int pageHeight(MemorySegment image) {
        return (int) call(Library.IMAGE_GET_PAGE_HEIGHT, image);
    }

    // renditions
    /**
     * The width x height area of the image that libvips' saliency measure finds most interesting: with
     * {@link #INTERESTING_ATTENTION}, where skin tones, saturated colours and edges gather (vips_smartcrop).
     */
    public static MemorySegment smartcrop(MemorySegment image, int width, int height, int interesting, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.SMARTCROP, image, out, width, height, arena.allocateFrom("interesting"), interesting,
                MemorySegment.NULL), "can't crop");
        return out.get(ADDRESS, 0);
    }

    // renditions
    /** Every pixel as packed bytes (band after band within a pixel, row after row); the image must be uchar. */
    public static byte[] pixels(MemorySegment image, Arena arena) {
        MemorySegment lengthOut = arena.allocate(JAVA_LONG);
        MemorySegment buffer = (MemorySegment) call(Library.IMAGE_WRITE_TO_MEMORY, image, lengthOut);
        if (buffer.equals(MemorySegment.NULL)) {
            throw VipsException.fromErrorBuffer("can't read the pixels");
        }
        try {
            return buffer.reinterpret(lengthOut.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
        } finally {
            free(buffer);
        }
    }

    /** The mean of every value in every band. */
    public static double average(MemorySegment image, Arena arena) {
        MemorySegment out = arena.allocate(JAVA_DOUBLE);
        check((int) call(Library.AVG, image, out, MemorySegment.NULL), "can't average");
        return out.get(JAVA_DOUBLE, 0);
    }

    /** The standard deviation of every value in every band: 0 for a flat image. */
    public static double deviation(MemorySegment image, Arena arena) {
        MemorySegment out = arena.allocate(JAVA_DOUBLE);
        check((int) call(Library.DEVIATE, image, out, MemorySegment.NULL), "can't measure the deviation");
        return out.get(JAVA_DOUBLE, 0);
    }

    // colour
    /** Every band times a plus b, as floats (the format libvips' arithmetic works in). */
    public static MemorySegment linear(MemorySegment image, double a, double b, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.LINEAR1_FLOAT, image, out, a, b, MemorySegment.NULL), "can't scale the pixels");
        return out.get(ADDRESS, 0);
    }

    // colour
    /** Band by band product; a one-band operand is used for every band of the other. */
    public static MemorySegment multiply(MemorySegment left, MemorySegment right, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        check((int) call(Library.MULTIPLY, left, right, out, MemorySegment.NULL), "can't multiply");
        return out.get(ADDRESS, 0);
    }

    // colour
    /** Alpha removed: every pixel blended onto a background of one value for every band (255: white). */
    public static MemorySegment flatten(MemorySegment image, double background, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment backgroundArray = (MemorySegment) call(Library.ARRAY_DOUBLE_NEW,
                arena.allocateFrom(JAVA_DOUBLE, background), 1);
        try {
            check((int) call(Library.FLATTEN, image, out, arena.allocateFrom("background"), backgroundArray,
                    MemorySegment.NULL), "can't flatten");
        } finally {
            call(Library.AREA_UNREF, backgroundArray);
        }
        return out.get(ADDRESS, 0);
    }

    // letterbox
    /**
     * The image centred in a width x height canvas (at least its own size) whose new pixels are {@code background},
     * one value per band.
     */
    public static MemorySegment centreIn(MemorySegment image, int width, int height, double[] background,
            Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment backgroundArray = (MemorySegment) call(Library.ARRAY_DOUBLE_NEW,
                arena.allocateFrom(JAVA_DOUBLE, background), background.length);
        try {
            check((int) call(Library.GRAVITY, image, out, COMPASS_CENTRE, width, height,
                    arena.allocateFrom("extend"), EXTEND_BACKGROUND, arena.allocateFrom("background"),
                    backgroundArray, MemorySegment.NULL), "can't centre the image");
        } finally {
            call(Library.AREA_UNREF, backgroundArray);
        }
        return out.get(ADDRESS, 0);
    }

    private static void check(int status, String what) {
        if (status != 0) {
            throw VipsException.fromErrorBuffer(what);
        }
    }

    /** Copies a buffer libvips allocated to the Java heap, and frees it. */
    private static byte[] takeBuffer(MemorySegment bufferOut, MemorySegment lengthOut) {
        MemorySegment buffer = bufferOut.get(ADDRESS, 0);
        try {
            return buffer.reinterpret(lengthOut.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
        } finally {
            free(buffer);
        }
    }

    /** Drops a reference to a GObject (a VipsImage); NULL is ignored. */
    public static void unref(MemorySegment object) {
        if (object != null && !object.equals(MemorySegment.NULL)) {
            call(Library.G_OBJECT_UNREF, object);
        }
    }

    /** Frees memory that libvips allocated with g_malloc; NULL is fine. */
    public static void free(MemorySegment memory) {
        call(Library.G_FREE, memory);
    }

    /** The text libvips collected since the last clear (it is process-wide), then clears it. */
    public static String takeErrors() {
        MemorySegment text = (MemorySegment) call(Library.ERROR_BUFFER);
        String errors = text.equals(MemorySegment.NULL) ? "" : text.reinterpret(Long.MAX_VALUE).getString(0);
        clearErrors();
        return errors.strip();
    }

    public static void clearErrors() {
        call(Library.ERROR_CLEAR);
    }

    private static Object call(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    // streamed crop (ToolImage, Stream.THEN_THE_REST)
    /** The action {@link #whenEvaluated} runs on this thread at the posteval of its image; null outside that call. */
    private static final ThreadLocal<Runnable> AT_POSTEVAL = new ThreadLocal<>();

    /**
     * Calls {@code call} (which computes {@code image}, an encode for example) and runs {@code atPosteval} on this
     * thread from inside it, at libvips' "posteval" signal: the sink has computed every pixel of the image (every tile
     * is done) and has not yet released its pipeline's caches (vips_sink_disc minimises them right after; an encoder
     * may still be finishing its file). Runs it at most once; whether it ran is for the action to record. The action
     * must not throw (an upcall can't: the JVM would stop), and is not run if libvips signals on another image (an
     * image that already inherits progress from upstream) or from another thread.
     */
    public static <T> T whenEvaluated(MemorySegment image, Runnable atPosteval,
            java.util.function.Supplier<T> call) {
        call(Library.IMAGE_SET_PROGRESS, image, 1);
        long handler;
        try (Arena arena = Arena.ofConfined()) {
            handler = (long) call(Library.G_SIGNAL_CONNECT_DATA, image, arena.allocateFrom("posteval"),
                    Library.POSTEVAL_STUB, MemorySegment.NULL, MemorySegment.NULL, 0);
        }
        AT_POSTEVAL.set(atPosteval);
        try {
            return call.get();
        } finally {
            AT_POSTEVAL.remove();
            call(Library.G_SIGNAL_HANDLER_DISCONNECT, image, handler);
            call(Library.IMAGE_SET_PROGRESS, image, 0);
        }
    }

    /** The posteval handler (an upcall): runs this thread's action once. Never throws. */
    @SuppressWarnings("unused") // called by libvips through Library.POSTEVAL_STUB
    private static void posteval(MemorySegment image, MemorySegment progress, MemorySegment data) {
        Runnable action = AT_POSTEVAL.get();
        if (action == null) {
            return;
        }
        AT_POSTEVAL.remove();
        try {
            action.run();
        } catch (Throwable e) {
            // the action records its own outcome; nothing may leave an upcall
        }
    }

    /**
     * Computes the pixels of one area of the image here, on this thread (a VipsRegion, as a sink's worker would), and
     * keeps none of them: for a sequential image, its loader decodes every row down to the area.
     */
    public static void computeArea(MemorySegment image, int left, int top, int width, int height) {
        MemorySegment region = (MemorySegment) call(Library.REGION_NEW, image);
        if (region.equals(MemorySegment.NULL)) {
            throw VipsException.fromErrorBuffer("can't read the image");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rect = arena.allocate(JAVA_INT, 4); // VipsRect: left, top, width, height
            rect.setAtIndex(JAVA_INT, 0, left);
            rect.setAtIndex(JAVA_INT, 1, top);
            rect.setAtIndex(JAVA_INT, 2, width);
            rect.setAtIndex(JAVA_INT, 3, height);
            check((int) call(Library.REGION_PREPARE, region, rect), "can't decode the image");
        } finally {
            unref(region);
        }
    }

    // watermark
    // VipsBlendMode, from libvips' headers.
    public static final int BLEND_OVER = 2;

    // watermark
    /**
     * The fonts folder that travels with the library: {@code /opt/fonts} beside the layer's {@code /opt/lib}, and
     * {@code package/fonts} beside {@code package/lib} where the build fetched libvips (lib/imaging/fetch-fonts.sh).
     */
    public static Path fontsDirectory() {
        Path library = libraryPath().toAbsolutePath();
        return library.getParent().resolveSibling("fonts");
    }

    // watermark
    /**
     * Sets an environment variable in the process itself (GLib's setenv), where libraries that libvips carries read
     * it: fontconfig's {@code FONTCONFIG_FILE}. Java can't change its own process environment. overwrite: replace a
     * value that is already set.
     */
    public static void setenv(String name, String value, boolean overwrite) {
        try (Arena arena = Arena.ofConfined()) {
            int ok = (int) call(Library.G_SETENV, arena.allocateFrom(name), arena.allocateFrom(value), overwrite ? 1 : 0);
            if (ok == 0) {
                throw new IllegalStateException("can't set " + name);
            }
        }
    }

    // watermark
    /**
     * Renders Pango markup as a one-band 8-bit mask (255 where the ink is) in the font a Pango description names
     * ("Liberation Sans Bold 14"), at dpi dots per inch (72: a point is a pixel). Fonts come from fontconfig.
     */
    public static MemorySegment text(String markup, String font, int dpi, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.TEXT, out, arena.allocateFrom(markup),
                arena.allocateFrom("font"), arena.allocateFrom(font),
                arena.allocateFrom("dpi"), dpi, MemorySegment.NULL);
        return result(status, out, "can't render the text");
    }

    // watermark
    /** Rotates by any angle, clockwise, in a box that grows to hold the result; new pixels are 0 in every band. */
    public static MemorySegment rotate(MemorySegment image, double degrees, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.ROTATE, image, out, degrees, MemorySegment.NULL);
        return result(status, out, "can't rotate");
    }

    // watermark
    /** Every band times a plus b, kept as 8-bit (rounded, clipped). */
    public static MemorySegment linearUchar(MemorySegment image, double a, double b, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.LINEAR1, image, out, a, b, arena.allocateFrom("uchar"), 1, MemorySegment.NULL);
        return result(status, out, "can't scale the pixels");
    }

    // watermark
    /** An image of image's size and format whose every pixel is the given band values. */
    public static MemorySegment constantLike(MemorySegment image, double[] bands, Arena arena) {
        MemorySegment out = (MemorySegment) call(Library.IMAGE_NEW_FROM_IMAGE, image,
                arena.allocateFrom(JAVA_DOUBLE, bands), bands.length);
        if (out.equals(MemorySegment.NULL)) {
            throw VipsException.fromErrorBuffer("can't make a constant image");
        }
        return out;
    }

    // watermark
    /** The bands of first, then those of second, as one image. */
    public static MemorySegment bandjoin(MemorySegment first, MemorySegment second, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.BANDJOIN2, first, second, out, MemorySegment.NULL);
        return result(status, out, "can't join bands");
    }

    // watermark
    /** Appends a band of one value (255: an opaque alpha). */
    public static MemorySegment bandjoinConstant(MemorySegment image, double value, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.BANDJOIN_CONST1, image, out, value, MemorySegment.NULL);
        return result(status, out, "can't add a band");
    }

    // watermark
    /** n bands starting at first. */
    public static MemorySegment extractBands(MemorySegment image, int first, int n, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.EXTRACT_BAND, image, out, first, arena.allocateFrom("n"), n, MemorySegment.NULL);
        return result(status, out, "can't extract bands");
    }

    // watermark
    /** The same pixels, labelled with another interpretation (no conversion). */
    public static MemorySegment withInterpretation(MemorySegment image, int interpretation, Arena arena) {
        MemorySegment out = arena.allocate(ADDRESS);
        int status = (int) call(Library.COPY_INTERPRETATION, image, out, arena.allocateFrom("interpretation"),
                interpretation, MemorySegment.NULL);
        return result(status, out, "can't copy");
    }

    // watermark
    /**
     * Draws overlays over base in one pass (Porter-Duff "over", in order), overlay i with its top-left corner at
     * xs[i], ys[i], which may lie outside base: what falls outside is cut off. Everything is converted to space
     * ({@link #INTERPRETATION_SRGB}, or {@link #INTERPRETATION_RGB16} to keep 16 bits) and so is the result, which
     * has base's size and an alpha band.
     */
    public static MemorySegment compositeOver(MemorySegment base, MemorySegment[] overlays, int[] xs, int[] ys,
            int space, Arena arena) {
        int n = overlays.length;
        MemorySegment images = arena.allocate(ADDRESS, n + 1);
        images.setAtIndex(ADDRESS, 0, base);
        for (int i = 0; i < n; i++) {
            images.setAtIndex(ADDRESS, i + 1, overlays[i]);
        }
        int[] modes = new int[n];
        java.util.Arrays.fill(modes, BLEND_OVER);
        MemorySegment xArray = (MemorySegment) call(Library.ARRAY_INT_NEW, arena.allocateFrom(JAVA_INT, xs), n);
        MemorySegment yArray = (MemorySegment) call(Library.ARRAY_INT_NEW, arena.allocateFrom(JAVA_INT, ys), n);
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            int status = (int) call(Library.COMPOSITE, images, out, n + 1, arena.allocateFrom(JAVA_INT, modes),
                    arena.allocateFrom("x"), xArray, arena.allocateFrom("y"), yArray,
                    arena.allocateFrom("compositing_space"), space, MemorySegment.NULL);
            return result(status, out, "can't composite");
        } finally {
            call(Library.AREA_UNREF, xArray);
            call(Library.AREA_UNREF, yArray);
        }
    }

    // watermark
    /** The image an operation wrote to out, or a {@link VipsException} when it failed. */
    private static MemorySegment result(int status, MemorySegment out, String what) {
        if (status != 0) {
            throw VipsException.fromErrorBuffer(what);
        }
        return out.get(ADDRESS, 0);
    }

    /**
     * The library, loaded on first use. Each class loader that holds a copy of Loupe (the local cloud runs several)
     * gets here once: {@code libraryLookup} dlopens the same file again, which the dynamic linker counts but does not
     * load twice (System.load would refuse a second class loader), and vips_init returns at once when libvips is
     * already started. The global arena: the library stays loaded for the JVM's life.
     */
    private static final class Library {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup SYMBOLS = open();

        static final MethodHandle IMAGE_NEW_FROM_BUFFER = variadic("vips_image_new_from_buffer",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle IMAGE_GET_WIDTH = function("vips_image_get_width",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_GET_HEIGHT = function("vips_image_get_height",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_GET_N_PAGES = function("vips_image_get_n_pages",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_GET_STRING = function("vips_image_get_string",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle THUMBNAIL_BUFFER = variadic("vips_thumbnail_buffer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT,
                        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 4);
        static final MethodHandle THUMBNAIL_BUFFER_PROFILE = variadic("vips_thumbnail_buffer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT,
                        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 4);
        static final MethodHandle JPEGSAVE_BUFFER = variadic("vips_jpegsave_buffer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 3);
        static final MethodHandle IMAGE_GET_TYPEOF = function("vips_image_get_typeof",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        static final MethodHandle IMAGE_GET_INT = function("vips_image_get_int",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle IMAGE_WRITE_TO_BUFFER = variadic("vips_image_write_to_buffer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 4);
        static final MethodHandle ARRAY_DOUBLE_NEW = function("vips_array_double_new",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle AREA_UNREF = function("vips_area_unref", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle IMAGE_COPY_MEMORY = function("vips_image_copy_memory",
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        static final MethodHandle AUTOROT = variadic("vips_autorot",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle ROT = variadic("vips_rot",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle ICC_TRANSFORM = variadic("vips_icc_transform",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                        ADDRESS), 3);
        static final MethodHandle COLOURSPACE = variadic("vips_colourspace",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle THUMBNAIL_IMAGE = variadic("vips_thumbnail_image",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle EXTRACT_AREA = variadic("vips_extract_area",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), 6);
        static final MethodHandle ARRAYJOIN = variadic("vips_arrayjoin",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle COPY = variadic("vips_copy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle IMAGE_SET_INT = function("vips_image_set_int",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle IMAGE_SET_ARRAY_INT = function("vips_image_set_array_int",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle IMAGE_GET_ARRAY_INT = function("vips_image_get_array_int",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle IMAGE_REMOVE = function("vips_image_remove",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle IMAGE_GET_BANDS = function("vips_image_get_bands",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_GET_FORMAT = function("vips_image_get_format",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_GET_INTERPRETATION = function("vips_image_get_interpretation",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_HASALPHA = function("vips_image_hasalpha",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle IMAGE_GET_PAGE_HEIGHT = function("vips_image_get_page_height",
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle AVG = variadic("vips_avg",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle DEVIATE = variadic("vips_deviate",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle RESIZE = variadic("vips_resize",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, JAVA_DOUBLE, ADDRESS), 3);
        static final MethodHandle PREMULTIPLY = variadic("vips_premultiply",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle UNPREMULTIPLY = variadic("vips_unpremultiply",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle CAST = variadic("vips_cast",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle LINEAR1_FLOAT = variadic("vips_linear1",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, JAVA_DOUBLE, ADDRESS), 4);
        static final MethodHandle MULTIPLY = variadic("vips_multiply",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 3);
        static final MethodHandle FLATTEN = variadic("vips_flatten",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 2);
        static final MethodHandle GRAVITY = variadic("vips_gravity",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT,
                        ADDRESS, ADDRESS, ADDRESS), 5);
        static final MethodHandle SMARTCROP = variadic("vips_smartcrop",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 4);
        static final MethodHandle IMAGE_WRITE_TO_MEMORY = function("vips_image_write_to_memory",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle ERROR_BUFFER = function("vips_error_buffer", FunctionDescriptor.of(ADDRESS));
        static final MethodHandle ERROR_CLEAR = function("vips_error_clear", FunctionDescriptor.ofVoid());
        static final MethodHandle G_OBJECT_UNREF = function("g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
        static final MethodHandle G_FREE = function("g_free", FunctionDescriptor.ofVoid(ADDRESS));

        // streamed crop
        static final MethodHandle IMAGE_SET_PROGRESS = function("vips_image_set_progress",
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        static final MethodHandle G_SIGNAL_CONNECT_DATA = function("g_signal_connect_data",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle G_SIGNAL_HANDLER_DISCONNECT = function("g_signal_handler_disconnect",
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        static final MethodHandle REGION_NEW = function("vips_region_new", FunctionDescriptor.of(ADDRESS, ADDRESS));
        static final MethodHandle REGION_PREPARE = function("vips_region_prepare",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        /** void (*)(VipsImage *image, VipsProgress *progress, void *data): {@link Vips#posteval}. */
        static final MemorySegment POSTEVAL_STUB = upcall();

        private static MemorySegment upcall() {
            try {
                MethodHandle target = MethodHandles.lookup().findStatic(Vips.class, "posteval",
                        MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class,
                                MemorySegment.class));
                return LINKER.upcallStub(target, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS),
                        Arena.global());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        // watermark
        static final MethodHandle G_SETENV = function("g_setenv",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle TEXT = variadic("vips_text",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 2);
        static final MethodHandle ROTATE = variadic("vips_rotate",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS), 3);
        static final MethodHandle LINEAR1 = variadic("vips_linear1",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS), 4);
        static final MethodHandle IMAGE_NEW_FROM_IMAGE = function("vips_image_new_from_image",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle BANDJOIN2 = variadic("vips_bandjoin2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 3);
        static final MethodHandle BANDJOIN_CONST1 = variadic("vips_bandjoin_const1",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS), 3);
        static final MethodHandle EXTRACT_BAND = variadic("vips_extract_band",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        static final MethodHandle COPY_INTERPRETATION = variadic("vips_copy",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 2);
        static final MethodHandle COMPOSITE = variadic("vips_composite",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                        ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 4);
        static final MethodHandle ARRAY_INT_NEW = function("vips_array_int_new",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));

        static {
            try (Arena arena = Arena.ofConfined()) {
                int status = (int) function("vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS))
                        .invokeExact(arena.allocateFrom("loupe"));
                if (status != 0) {
                    throw new IllegalStateException("vips_init failed: " + takeErrors());
                }
                // No operation cache: images are opened from buffers that are freed right after each call, and a
                // cached operation could otherwise hand out an image that points at freed memory. Loupe never asks
                // the same operation twice in one call, so the cache would gain nothing.
                function("vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT)).invokeExact(0);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        private static SymbolLookup open() {
            Path path = libraryPath();
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("libvips not found at " + path
                        + ": set LOUPE_LIBVIPS_PATH, or deploy the libvips layer (lib/" + LIBRARY_FILE + ")");
            }
            return SymbolLookup.libraryLookup(path, Arena.global());
        }

        private static MethodHandle function(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(symbol(name), descriptor);
        }

        /** firstVariadic: the index of the first argument that C's "..." receives. */
        private static MethodHandle variadic(String name, FunctionDescriptor descriptor, int firstVariadic) {
            return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.firstVariadicArg(firstVariadic));
        }

        private static MemorySegment symbol(String name) {
            return SYMBOLS.find(name).orElseThrow(() -> new IllegalStateException("libvips has no " + name));
        }
    }
}
