package dev.loupe.imaging.tools;

import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.BmpFallback;
import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.imaging.Srgb;
import dev.loupe.imaging.Vips;
import dev.loupe.imaging.VipsException;
import dev.loupe.imaging.tools.FileStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One input of a processing tool, decoded and made ready for any tool: the file's own EXIF orientation applied once,
 * then the per-file {@code rotate}, the colours in sRGB; every tool starts from here and ends in {@link #save}.
 *
 * <p><b>Loading.</b> The header is read first (about a millisecond) and a file that would decode to more than
 * {@code maxPixels} (every frame counted, for an animation) is refused before any pixel is decoded. Then (but for
 * a streamed load, below) the whole image is decoded into memory at once, so that a damaged file fails here, as {@link FileStatus#DAMAGED_FILE}, and
 * not halfway through a tool. Too many pixels is DamagedFile too: the task API defines it as a file "we were unable
 * to read", which is what a refused bomb is to its sender; NonConformant is not in the task API's table (the client
 * libraries know it from the PDF tools' conformance checks) and would tell them nothing. The message says which.
 * JPEGs can be shrunk while decoding ({@link Load#jpegShrink}, for resize). BMP, which sharp's libvips can't read,
 * goes through {@link BmpFallback}.
 *
 * <p><b>Streamed loading</b> ({@link Load#stream}, for every tool but rotate: resize, compress, convert (but to an
 * animation), watermark, repair's first, strict attempt, crop; docs/PERFORMANCE.md):
 * the image is not decoded here but stays libvips' lazy, sequential image (libvips' demand-driven pipeline, as sharp
 * runs it), and its pixels are decoded strip by strip as {@link #save} encodes them, the decoder, the tool's
 * operation and the encoder running side by side, without a whole copy of the image in memory between them. The tool
 * image then owns the native copy of the file's bytes that the decoder reads, until {@link #close}. The complete
 * decode is still guaranteed: the load is strict (fail_on=warning: the first decode warning fails it, so a damaged
 * file is decoded once, not verified and then decoded again), every row is read, and a decode error met in
 * {@link #save} is the same DamagedFile as here; the encoder writes into memory, so a failure leaves no partial output
 * (nothing is returned, nothing can be stored). Only where that changes nothing: a still JPEG or PNG (an animation's
 * frames are cut apart, which needs them all in memory), upright as stored (EXIF orientation 1, rotate 0: a turn reads
 * the rows out of order), not lenient (repair's second attempt), and only for a tool that reads every row
 * ({@link Stream#EVERY_ROW}) or whose rows below what it reads {@link #save} decodes after the encode
 * ({@link Stream#THEN_THE_REST}: a crop that stops above the bottom edge), so that damage anywhere in the file is
 * still met, while saving. A turn decodes the whole file at load.
 *
 * <p><b>What is kept.</b> Alpha is kept (JPEG alone flattens it, onto white). 16-bit PNGs and TIFFs stay 16-bit as
 * long as the output can hold it (PNG, TIFF); JPEG, GIF and WebP get them scaled to 8 bits. An animated GIF or WebP
 * keeps every frame (libvips' n=-1: the frames stacked, page-height high each), with its delays and loop count;
 * {@link #mapFrames} applies an operation frame by frame. A multi-page TIFF gives its first page.
 *
 * <p><b>Colour and metadata, on purpose.</b> Images with an embedded ICC profile (a CMYK press profile, Display P3,
 * Adobe RGB...) are converted to sRGB with that profile and leave with libvips' sRGB profile attached:
 * colour-managed viewers then show them as before and the others can't go wrong, since the pixels are sRGB. CMYK
 * without a profile gets the plain conversion browsers use, and images without a profile are taken as sRGB; both
 * leave without one ({@link Srgb}, the one conversion every output passes).
 * Every other piece of metadata (EXIF with its camera, GPS position and thumbnail; XMP; IPTC; comments) is dropped:
 * the orientation is already in the pixels, a stale EXIF thumbnail or size would contradict the output, and
 * location data should not travel on by accident through a processing service.
 *
 * <p>Owns one libvips image (and, streamed, the bytes it decodes from); {@link #close} releases them. Not for use by
 * several threads at once; a streamed one is closed on the thread that loaded it.
 */
public final class ToolImage implements AutoCloseable {
    public static final long DEFAULT_MAX_PIXELS = ImagingEngine.DEFAULT_MAX_PIXELS;

    private static final String ICC_FIELD = "icc-profile-data";

    /**
     * How to load. {@code rotate}: 0, 90, 180 or 270 degrees clockwise after the EXIF orientation. {@code maxPixels}:
     * the most pixels decoding may produce. {@code lenient}: decode what can be decoded of a damaged file (repair)
     * rather than fail. {@code jpegShrink}: 1, 2, 4 or 8, a JPEG decoded at that fraction of its size (much faster
     * for a large reduction); other formats ignore it. {@code stream}: whether the image may be left lazy and decoded
     * while it is saved (class comment, "Streamed loading").
     */
    public record Load(int rotate, long maxPixels, boolean lenient, int jpegShrink, Stream stream) {
        public Load {
            java.util.Objects.requireNonNull(stream, "stream");
            if (rotate != 0 && rotate != 90 && rotate != 180 && rotate != 270) {
                throw new IllegalArgumentException("rotate must be 0, 90, 180 or 270: " + rotate);
            }
            if (maxPixels <= 0) {
                throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
            }
            if (jpegShrink != 1 && jpegShrink != 2 && jpegShrink != 4 && jpegShrink != 8) {
                throw new IllegalArgumentException("jpegShrink must be 1, 2, 4 or 8: " + jpegShrink);
            }
        }

        public static Load rotated(int rotate) {
            return new Load(rotate, DEFAULT_MAX_PIXELS, false, 1, Stream.NO);
        }

        public Load withMaxPixels(long max) {
            return new Load(rotate, max, lenient, jpegShrink, stream);
        }

        public Load withLenient(boolean value) {
            return new Load(rotate, maxPixels, value, jpegShrink, stream);
        }

        public Load withJpegShrink(int shrink) {
            return new Load(rotate, maxPixels, lenient, shrink, stream);
        }

        public Load withStream(Stream value) {
            return new Load(rotate, maxPixels, lenient, jpegShrink, value);
        }
    }

    /** Whether a load may stay lazy (class comment, "Streamed loading"). */
    public enum Stream {
        /** Decode the whole image at load (rotate, an animation's frames). */
        NO,
        /** The tool reads every row of the image, so any damage surfaces while it saves. */
        EVERY_ROW,
        /**
         * The tool may stop reading above the bottom edge (a crop, which says where with {@link #restStartsAt}):
         * {@link #save} encodes what the tool reads and decodes the rows below it, down to the last, before it
         * returns, so any damage still surfaces while it saves.
         */
        THEN_THE_REST
    }

    /** An operation on one frame: it borrows the frame and returns a new image that the caller then owns. */
    @FunctionalInterface
    public interface FrameOperation {
        MemorySegment apply(MemorySegment frame, Arena arena);
    }

    private MemorySegment image;
    private final String sourceFormat;
    private int frames;
    /**
     * A streamed image's encoded bytes in native memory, which libvips reads as it decodes; null when decoded at load.
     * Confined: loaded and closed on one thread, as every tool does (try-with-resources around one file).
     */
    private Arena source;
    /**
     * For {@link Stream#THEN_THE_REST}: the loader's own sequential image (a reference of ours), whose rows below what
     * the tool read {@link #save} decodes; null otherwise.
     */
    private MemorySegment rest = MemorySegment.NULL;
    /**
     * For {@link Stream#THEN_THE_REST}: the file (in {@link #source}) and the options it was loaded with, should it
     * have to be decoded again.
     */
    private MemorySegment restBytes = MemorySegment.NULL;
    private String restLoadOptions;
    /** The decode of the rows below the area, started at the encode's posteval; null before it. */
    private CompletableFuture<Void> restDecode;
    /**
     * Whether {@link #encode} connects its posteval handler: always, but in the test of its guard
     * ({@link #encodeWithoutPostevalHandler}), which stands for a libvips that never signals.
     */
    private boolean postevalHandler = true;
    /** The first row the tool does not read ({@link #restStartsAt}); -1: unknown. */
    private int restFrom = -1;
    /** Rows per request of the rest: a multiple of every sequential loader's strip (JPEG 8, PNG 16). */
    private static final int REST_CHUNK = 128;
    /** Decodes the rows below a crop's area while its encoder finishes (daemon threads: none outlives the work). */
    private static final ExecutorService REST_DECODER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "loupe-crop-rest");
        thread.setDaemon(true);
        return thread;
    });

    private ToolImage(MemorySegment image, String sourceFormat, int frames) {
        this(image, sourceFormat, frames, null);
    }

    private ToolImage(MemorySegment image, String sourceFormat, int frames, Arena source) {
        this.image = image;
        this.sourceFormat = sourceFormat;
        this.frames = frames;
        this.source = source;
    }

    /** Loads with the default limits, rotated by the file's {@code rotate} after its EXIF orientation. */
    public static ToolImage load(ToolInput input) {
        return load(input.bytes(), Load.rotated(input.rotate()));
    }

    public static ToolImage load(byte[] bytes, int rotate) {
        return load(bytes, Load.rotated(rotate));
    }

    /**
     * Decodes the file: NoImages when no image format recognises it; DamagedFile when it is empty, damaged (unless
     * lenient), or larger than
     * {@code maxPixels}; nothing is decoded in that last case.
     */
    public static ToolImage load(byte[] bytes, Load options) {
        String sourceFormat = null;
        if (bytes != null && bytes.length > 0 && BmpFallback.isBmp(bytes)) {
            try {
                refuseBomb(BmpFallback.probe(bytes), options.maxPixels());
                bytes = BmpFallback.toTiff(bytes);
            } catch (ApiError e) {
                throw new ToolFailure(FileStatus.DAMAGED_FILE, e.getMessage(), e);
            }
            sourceFormat = "bmp";
        }
        ImageInfo info = probe(bytes);
        refuseBomb(info, options.maxPixels());
        boolean animated = info.animated();
        List<String> loadOptions = new ArrayList<>();
        // Strict: the engine's fail_on=warning (ImagingEngine's class comment), so that a file with garbage inside
        // a scan is DamagedFile, not a success painted grey. Lenient (repair): whatever can be decoded.
        loadOptions.add(options.lenient() ? "fail_on=none" : ImagingEngine.LOAD_OPTIONS);
        if (animated) {
            loadOptions.add("n=-1");
        }
        if (options.jpegShrink() > 1 && info.format().equals("jpeg")) {
            loadOptions.add("shrink=" + options.jpegShrink());
        }
        boolean streamed = options.stream() != Stream.NO && !animated && !options.lenient() && sourceFormat == null
                && (info.format().equals("jpeg") || info.format().equals("png"))
                && info.orientation() == 1 && options.rotate() == 0;
        if (streamed) {
            Arena source = Arena.ofConfined();
            MemorySegment lazy;
            MemorySegment rest = MemorySegment.NULL;
            MemorySegment nativeBytes = source.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            try {
                lazy = Vips.imageFromBuffer(nativeBytes, String.join(",", loadOptions), source);
                if (options.stream() == Stream.THEN_THE_REST) {
                    rest = Vips.copy(lazy, source); // shares the loader: its rows are the ones the tool reads
                }
            } catch (RuntimeException e) {
                source.close();
                throw e instanceof VipsException v ? damaged(v) : e;
            }
            ToolImage streamedImage = new ToolImage(lazy, info.format(), 1, source);
            streamedImage.rest = rest;
            streamedImage.restBytes = nativeBytes;
            streamedImage.restLoadOptions = String.join(",", loadOptions);
            return prepared(streamedImage, options);
        }
        MemorySegment decoded;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment lazy = MemorySegment.NULL;
            try {
                lazy = Vips.imageFromBuffer(buffer, String.join(",", loadOptions), arena);
                decoded = Vips.copyMemory(lazy);
            } catch (VipsException e) {
                throw damaged(e);
            } finally {
                Vips.unref(lazy);
            }
        }
        return prepared(new ToolImage(decoded, sourceFormat == null ? info.format() : sourceFormat,
                animated ? info.pages() : 1), options);
    }

    /** Upright and in sRGB; closed on failure. */
    private static ToolImage prepared(ToolImage loaded, Load options) {
        try {
            loaded.upright(options.rotate());
            loaded.toSrgb();
            return loaded;
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * What the header says (format, size of one frame, frames, orientation); NoImages when no image format recognises
     * the bytes, DamagedFile when the header can't be read.
     */
    public static ImageInfo probe(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ToolFailure(FileStatus.DAMAGED_FILE, "the file is empty");
        }
        if (BmpFallback.isBmp(bytes)) {
            try {
                return BmpFallback.probe(bytes);
            } catch (ApiError e) {
                throw new ToolFailure(FileStatus.DAMAGED_FILE, e.getMessage(), e);
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment header;
            try {
                header = Vips.imageFromBuffer(buffer, arena);
            } catch (VipsException e) {
                throw noLoaderKnowsIt(e) ? noImages() : damaged(e);
            }
            try {
                String format = ImageInfo.formatOfLoader(Vips.metadataString(header, "vips-loader", arena));
                return new ImageInfo(format, Vips.width(header), Vips.height(header), Vips.pages(header),
                        Vips.metadataInt(header, "orientation", arena).orElse(1));
            } finally {
                Vips.unref(header);
            }
        }
    }

    /** The engine's rule ({@link ImageInfo#decodedPixels}): every frame of an animation counts. */
    static void refuseBomb(ImageInfo info, long maxPixels) {
        boolean animated = info.animated();
        long pixels = info.decodedPixels();
        if (pixels > maxPixels) {
            throw new ToolFailure(FileStatus.DAMAGED_FILE, "too many pixels: the image is " + info.width() + " x "
                    + info.height() + (animated ? " x " + info.pages() + " frames" : "") + " = " + pixels
                    + " pixels; at most " + maxPixels + " are processed");
        }
    }

    /**
     * libvips picks its loader by the file's first bytes: when none claims them (text, PDF, anything else that is not
     * an image format Loupe reads), the file holds no image at all, which the task API calls NoImages. A file that a
     * loader claims but can't read (a broken JPEG, a PNG cut short) is DamagedFile.
     */
    private static boolean noLoaderKnowsIt(VipsException e) {
        return String.valueOf(e.getMessage()).contains("not in a known format");
    }

    private static ToolFailure noImages() {
        return new ToolFailure(FileStatus.NO_IMAGES, "the file holds no image: no image format Loupe reads "
                + "recognises its bytes (JPEG, PNG, GIF, WebP, TIFF, BMP, HEIF...)");
    }

    private static ToolFailure damaged(VipsException e) {
        return new ToolFailure(FileStatus.DAMAGED_FILE, ImagingEngine.damagedMessage(e), e);
    }

    /** EXIF orientation (the tag is removed with it, so it can't be applied twice), then the file's rotate. */
    private void upright(int rotate) {
        int angle = switch (rotate) {
            case 90 -> Vips.ANGLE_D90;
            case 180 -> Vips.ANGLE_D180;
            case 270 -> Vips.ANGLE_D270;
            default -> Vips.ANGLE_D0;
        };
        mapFrames((frame, arena) -> {
            MemorySegment upright = Vips.autorot(frame, arena);
            if (angle == Vips.ANGLE_D0) {
                return upright;
            }
            try {
                return Vips.rot(upright, angle, arena);
            } finally {
                Vips.unref(upright);
            }
        });
    }

    /** See the class comment: the one conversion every output passes ({@link Srgb}). */
    private void toSrgb() {
        try (Arena arena = Arena.ofConfined()) {
            replace(Srgb.convert(image, arena), frames);
        }
    }

    /** Whether the pixels are still to be decoded, as {@link #save} encodes them (class comment). */
    boolean streamed() {
        return source != null;
    }

    /** The format the file came in, as libvips names its loader: "jpeg", "png", "gif", "webp", "tiff", "bmp"... */
    public String sourceFormat() {
        return sourceFormat;
    }

    public int width() {
        return Vips.width(image);
    }

    /** The height of one frame. */
    public int height() {
        return Vips.height(image) / frames;
    }

    /** Frames of an animation; 1 for a still image. */
    public int frames() {
        return frames;
    }

    public boolean hasAlpha() {
        return Vips.hasAlpha(image);
    }

    /** Whether values are 16-bit (a 16-bit PNG or TIFF). */
    public boolean sixteenBit() {
        return Vips.bandFormat(image) == Vips.FORMAT_USHORT;
    }

    /** Milliseconds each frame shows (libvips' "delay"), one per frame; empty for a still image. */
    public int[] delays() {
        try (Arena arena = Arena.ofConfined()) {
            return Vips.intArray(image, "delay", arena);
        }
    }

    /**
     * The libvips image, borrowed: for reading it or giving it to an operation; the tool image still owns it.
     * Frames are stacked top to bottom, {@link #height()} each.
     */
    public MemorySegment vipsImage() {
        return image;
    }

    /**
     * Applies an operation to every frame (to the image itself when it has one frame) and keeps its result. Every
     * frame's result must have the same size; the frames are stacked again with the new page height.
     */
    public void mapFrames(FrameOperation operation) {
        try (Arena arena = Arena.ofConfined()) {
            if (frames == 1) {
                replace(operation.apply(image, arena), 1);
                return;
            }
            int width = width();
            int frameHeight = height();
            MemorySegment[] results = new MemorySegment[frames];
            try {
                for (int i = 0; i < frames; i++) {
                    MemorySegment frame = Vips.extractArea(image, 0, i * frameHeight, width, frameHeight, arena);
                    try {
                        results[i] = operation.apply(frame, arena);
                    } finally {
                        Vips.unref(frame);
                    }
                }
                int outWidth = Vips.width(results[0]);
                int outHeight = Vips.height(results[0]);
                for (MemorySegment result : results) {
                    if (Vips.width(result) != outWidth || Vips.height(result) != outHeight) {
                        throw new IllegalStateException("the frames came out in different sizes");
                    }
                }
                replace(stack(results, arena), frames);
            } finally {
                for (MemorySegment result : results) {
                    Vips.unref(result);
                }
            }
        }
    }

    /** Frames of one size stacked into one image with their page height set; the frames stay the caller's. */
    static MemorySegment stack(MemorySegment[] frames, Arena arena) {
        MemorySegment joined = Vips.joinVertically(frames, arena);
        try {
            MemorySegment stacked = Vips.copy(joined, arena);
            Vips.setInt(stacked, "page-height", Vips.height(frames[0]), arena);
            return stacked;
        } finally {
            Vips.unref(joined);
        }
    }

    /** Makes several still or animated images one animation, frames in order, each shown {@code delayMs}. */
    static ToolImage animation(List<ToolImage> parts, int delayMs, int loop) {
        try (Arena arena = Arena.ofConfined()) {
            List<MemorySegment> all = new ArrayList<>();
            try {
                for (ToolImage part : parts) {
                    for (int i = 0; i < part.frames; i++) {
                        all.add(Vips.extractArea(part.image, 0, i * part.height(), part.width(), part.height(),
                                arena));
                    }
                }
                MemorySegment stacked = stack(all.toArray(MemorySegment[]::new), arena);
                int[] delays = new int[all.size()];
                Arrays.fill(delays, delayMs);
                Vips.setIntArray(stacked, "delay", delays, arena);
                Vips.setInt(stacked, "loop", loop, arena);
                return new ToolImage(stacked, "gif", all.size());
            } finally {
                all.forEach(Vips::unref);
            }
        }
    }

    /**
     * Takes a new image of {@code newFrames} stacked frames in place of the current one, which is released. The page
     * height is set anew: an operation's result can carry its input's, which would be wrong once the size changed
     * (and savers would cut a still image into "frames" by it).
     */
    void replace(MemorySegment replacement, int newFrames) {
        MemorySegment old = image;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment own = Vips.copy(replacement, arena);
            Vips.unref(replacement);
            Vips.setInt(own, "page-height", Vips.height(own) / newFrames, arena);
            image = own;
            frames = newFrames;
        }
        Vips.unref(old);
    }

    /** Encodes with the format's usual options. */
    public ToolOutput save(OutputFormat format) {
        return save(format, "");
    }

    /**
     * Encodes; {@code options} in libvips' "name=value,..." form add to or override the format's usual ones. JPEG and
     * PNG get the first frame of an animation; JPEG, GIF and WebP get 16-bit values scaled to 8 bits; JPEG gets alpha
     * flattened onto white. Metadata: the sRGB profile when the image has one, nothing else (class comment).
     */
    public ToolOutput save(OutputFormat format, String options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = Vips.copy(image, arena); // a reference of our own, released below whatever happens
            try {
                if (format.singleFrame() && frames > 1) {
                    out = swap(out, Vips.extractArea(out, 0, 0, width(), height(), arena));
                }
                if (format.eightBit() && Vips.bandFormat(out) == Vips.FORMAT_USHORT) {
                    boolean grey = Vips.interpretation(out) == Vips.INTERPRETATION_GREY16;
                    out = swap(out, Vips.colourspace(out,
                            grey ? Vips.INTERPRETATION_B_W : Vips.INTERPRETATION_SRGB, arena));
                }
                if (format == OutputFormat.GIF && Vips.hasAlpha(out)) {
                    out = swap(out, whiteMatte(out, arena));
                }
                boolean keepIcc = Vips.hasField(out, ICC_FIELD, arena);
                StringBuilder all = new StringBuilder(format.defaultOptions());
                append(all, "keep=" + (keepIcc ? "icc" : "none"));
                if (format == OutputFormat.JPG) {
                    append(all, "background=255");
                }
                append(all, options);
                byte[] bytes;
                try {
                    bytes = encode(out, format.suffix() + "[" + all + "]", arena);
                } catch (VipsException e) {
                    if (source != null) {
                        throw damaged(e); // decoded only now: the same failure as a damaged file at load
                    }
                    throw e;
                }
                int outFrames = format.singleFrame() ? 1 : frames;
                return new ToolOutput(bytes, format.extension(), Vips.width(out), Vips.height(out) / outFrames);
            } finally {
                Vips.unref(out);
            }
        }
    }

    /**
     * GIF's transparency is all or nothing: a pixel half transparent came out either fully transparent or at its full
     * colour, so soft edges and shadows turned into hard, dark fringes (32 of 255 from the original on a white page,
     * docs/DESIGN.md "Colour"). As image editors save GIFs (a white matte), every pixel that is not fully transparent
     * is blended onto white and made opaque; only fully transparent pixels stay transparent. 8-bit input.
     */
    private static MemorySegment whiteMatte(MemorySegment image, Arena arena) {
        MemorySegment alpha = MemorySegment.NULL;
        MemorySegment opaque = MemorySegment.NULL;
        MemorySegment flat = MemorySegment.NULL;
        try {
            alpha = Vips.extractBands(image, Vips.bands(image) - 1, 1, arena);
            opaque = Vips.linearUchar(alpha, 255, 0, arena); // any alpha above 0 becomes 255 (clipped)
            flat = Vips.flatten(image, 255, arena);
            return Vips.bandjoin(flat, opaque, arena);
        } finally {
            Vips.unref(alpha);
            Vips.unref(opaque);
            Vips.unref(flat);
        }
    }

    /**
     * Encodes; for {@link Stream#THEN_THE_REST}, also decodes the rows below what the encoder read, down to the last,
     * so that damage or a cut anywhere in the file fails as it would at load (a VipsException, DamagedFile to the
     * caller). The rows are asked for from the same sequential image, whose loader reads on, in order, with
     * fail_on=warning, from where the encoder stopped, starting at the encode's posteval (libvips' signal that every
     * pixel of the image has been computed, emitted on this thread from inside the encode). Not later: right after
     * posteval the encoder's sink releases the pipeline's caches, among them the loader's strip that holds the
     * encoder's last row and the next few; asked for after that, those rows are behind the loader and libvips refuses
     * them ("out of order read"). "vips-no-minimise" keeps the encoder's thread pool from releasing them even before
     * posteval. Should libvips not signal (it always does after an encode; this is a guard), the file is decoded once
     * more, whole, rather than trusted.
     */
    private byte[] encode(MemorySegment out, String target, Arena arena) {
        if (rest.equals(MemorySegment.NULL)) {
            return Vips.encode(out, target, arena);
        }
        restDecode = null;
        Vips.setInt(out, "vips-no-minimise", 1, arena);
        byte[] bytes;
        try {
            bytes = postevalHandler
                    ? Vips.whenEvaluated(out, this::decodeTheRest, () -> Vips.encode(out, target, arena))
                    : Vips.encode(out, target, arena);
        } catch (RuntimeException e) {
            awaitTheRest(); // its decoder reads the file's bytes, which close() frees
            throw e;
        }
        if (restDecode == null) {
            decodeTheWholeFile();
        } else {
            Throwable failure = awaitTheRest();
            if (failure instanceof RuntimeException e) {
                throw e; // a VipsException: damaged below the area
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
        return bytes;
    }

    /**
     * At the encode's posteval, on its thread (the caches still whole): the rows from where the tool stopped to the
     * next multiple of {@link #REST_CHUNK}, here, then the others on {@link #REST_DECODER} while the encoder finishes
     * its file (libjpeg's Huffman pass, the copy out), in chunks that start on a loader strip's edge (8 rows for
     * JPEG, 16 for PNG: both divide the chunk), so that no row the decoder needs is one libvips may release meanwhile.
     * Where the tool stopped is unknown ({@link #restStartsAt} not called): every row here.
     */
    private void decodeTheRest() {
        int height = Vips.height(rest);
        try {
            int aligned = restFrom < 0 ? height
                    : Math.min(height, (restFrom + REST_CHUNK - 1) / REST_CHUNK * REST_CHUNK);
            if (aligned > restFrom) {
                Vips.computeArea(rest, 0, aligned - 1, 1, 1);
            }
            restDecode = aligned >= height ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> {
                        for (int top = aligned; top < height; top += REST_CHUNK) {
                            Vips.computeArea(rest, 0, top, 1, Math.min(REST_CHUNK, height - top));
                        }
                    }, REST_DECODER);
        } catch (RuntimeException e) {
            restDecode = CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the rows below the area; what failed, or null. */
    private Throwable awaitTheRest() {
        if (restDecode == null) {
            return null;
        }
        try {
            restDecode.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    /**
     * {@link Stream#THEN_THE_REST}: the tool reads the loaded image's rows above {@code row} and none below (a crop's
     * bottom edge), so the encode's posteval knows where the rows it must still decode start.
     */
    void restStartsAt(int row) {
        restFrom = row;
    }

    /** For the test of {@link #encode}'s guard: this image's saves encode as if libvips never signalled posteval. */
    void encodeWithoutPostevalHandler() {
        postevalHandler = false;
    }

    /** The guard of {@link #encode}: the file decoded again into memory, strictly, to the last row. */
    private void decodeTheWholeFile() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment again = Vips.imageFromBuffer(restBytes, restLoadOptions, arena);
            try {
                Vips.unref(Vips.copyMemory(again));
            } finally {
                Vips.unref(again);
            }
        }
    }

    private static MemorySegment swap(MemorySegment old, MemorySegment replacement) {
        Vips.unref(old);
        return replacement;
    }

    private static void append(StringBuilder options, String more) {
        if (more == null || more.isEmpty()) {
            return;
        }
        if (!options.isEmpty()) {
            options.append(',');
        }
        options.append(more);
    }

    @Override
    public void close() {
        Vips.unref(image);
        image = MemorySegment.NULL;
        Vips.unref(rest);
        rest = MemorySegment.NULL;
        if (source != null) {
            source.close(); // after the image, the last reader of these bytes
            source = null;
        }
    }
}
