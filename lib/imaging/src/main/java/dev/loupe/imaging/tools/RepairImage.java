package dev.loupe.imaging.tools;

import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.Vips;
import dev.loupe.imaging.tools.FileStatus;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * repairimage (iLoveIMG: "Repair tool has no options"): a file cut short or partly corrupt is decoded as far as
 * its decoder can go and written again whole, in its own format (BMP as PNG), so that any program opens it.
 *
 * <p>A file that decodes cleanly is simply written again. Otherwise libvips decodes leniently (fail_on=none): a
 * truncated JPEG comes back at its full size with every row
 * that was in the file intact and the rest filled by libjpeg (the last decoded colours carried on, grey where there
 * was nothing); a PNG cut short keeps its complete rows; a GIF its complete frames. A file with nothing to decode is
 * DamagedFile: not an image, a header unreadable, a header with no image data at all (a JPEG that ends before its
 * first scan, a PNG with no IDAT chunk), or a damaged file whose lenient decode is one flat colour (a PNG cut
 * before its first complete row decodes as all black): a decoder would otherwise "repair" it into a blank picture.
 * Interlaced files (progressive JPEG, interlaced PNG and GIF) cut short come back whole in size but blurred or
 * partly blank, as far as their passes got.
 */
public final class RepairImage implements ImageTool {
    public static final String NAME = "repairimage";

    private final long maxPixels;

    public RepairImage(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(Map<String, ?> params) {
        return inputs -> PerFile.run(NAME, inputs, this::repair);
    }

    public ToolOutput repair(ToolInput input) {
        byte[] bytes = input.bytes();
        ImageInfo info = ToolImage.probe(bytes);
        if (info.format().equals("jpeg") && !jpegHasScanData(bytes)) {
            throw new ToolFailure(FileStatus.DAMAGED_FILE, "nothing to repair: the JPEG ends before its image data");
        }
        if (info.format().equals("png") && !pngHasImageData(bytes)) {
            throw new ToolFailure(FileStatus.DAMAGED_FILE, "nothing to repair: the PNG has no image data");
        }
        ToolImage.Load load = ToolImage.Load.rotated(input.rotate()).withMaxPixels(maxPixels);
        ToolImage image;
        try {
            // An intact file (the usual case) is decoded once, streamed into the encoder (ToolImage, "Streamed
            // loading"); damage met on the way, at load or while saving, is a DamagedFile, and leads to the lenient
            // decode below. Nothing of the strict attempt's output is kept.
            try (ToolImage strict = ToolImage.load(bytes, load.withStream(ToolImage.Stream.EVERY_ROW))) {
                return strict.save(OutputFormat.keeping(strict.sourceFormat()));
            }
        } catch (ToolFailure damaged) {
            if (damaged.status() != FileStatus.DAMAGED_FILE) {
                throw damaged;
            }
            image = ToolImage.load(bytes, load.withLenient(true));
            try (Arena arena = Arena.ofConfined()) {
                if (Vips.deviation(image.vipsImage(), arena) == 0) {
                    image.close();
                    throw new ToolFailure(FileStatus.DAMAGED_FILE, "nothing to repair: no pixel of the file could be"
                            + " decoded (" + damaged.getMessage() + ")");
                }
            }
        }
        try (ToolImage repaired = image) {
            return repaired.save(OutputFormat.keeping(repaired.sourceFormat()));
        }
    }

    /**
     * Whether a JPEG has a start-of-scan segment followed by at least one byte of entropy-coded data: the markers
     * before it are walked by their lengths (each FFxx marker but the standalone ones has a 2-byte length).
     */
    static boolean jpegHasScanData(byte[] jpeg) {
        int at = 2; // after SOI
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xff) != 0xff) {
                return false; // not a marker where one must be: the header itself is corrupt
            }
            int marker = jpeg[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xd9) {
                return false; // end of image before any scan
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                at += 2; // standalone markers
                continue;
            }
            int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            int next = at + 2 + length;
            if (marker == 0xda) {
                return next < jpeg.length;
            }
            at = next;
        }
        return false;
    }

    /** Whether a PNG has an IDAT chunk with data in it, walking the chunks after the 8-byte signature. */
    static boolean pngHasImageData(byte[] png) {
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int at = 8;
        while (at + 8 <= png.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(at));
            int type = buffer.getInt(at + 4);
            if (type == 0x49444154) { // "IDAT"
                return length > 0 && at + 8 < png.length;
            }
            if (type == 0x49454e44) { // "IEND"
                return false;
            }
            at += 12 + (int) Math.min(length, Integer.MAX_VALUE - 12L);
            if (at < 0) {
                return false;
            }
        }
        return false;
    }
}
