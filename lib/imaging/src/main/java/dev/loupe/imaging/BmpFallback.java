package dev.loupe.imaging;

import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.ImageType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * BMP, the one accepted format that sharp's libvips can't read (BMP needs libvips' ImageMagick loader, which sharp's
 * build leaves out). The header gives the size, so the engine can refuse a pixel bomb before anything is decoded;
 * then the JDK's ImageIO decodes the pixels, handed on to libvips as an uncompressed TIFF, so that every operation
 * after this works as for any other file.
 *
 * <p>Why TIFF rather than PNG: for a 12-megapixel BMP (measured here, Java 25), ImageIO decodes it in about 0.11 s and
 * writes an uncompressed TIFF in 0.25 s, but a PNG in 1.8 s (0.55 s even without compression), and libvips reads the
 * TIFF back at the cost of a copy. Both are lossless and keep palettes. Streams are memory-backed: ImageIO's default
 * would cache in temporary files.
 */
public final class BmpFallback {
    private BmpFallback() {
    }

    /** Whether the bytes are a BMP, which has to come through here. */
    public static boolean isBmp(byte[] bytes) {
        return ImageType.detect(bytes).filter(type -> type == ImageType.BMP).isPresent();
    }

    /**
     * Width and height from the header, read here rather than by ImageIO: its reader builds a sample model as it reads
     * the header, and refuses any image beyond 2^31 pixels as an unreadable header, which would call a bomb damaged.
     * The DIB header follows the 14-byte file header: OS/2's 12-byte one has 16-bit sizes, every later one 32-bit sizes
     * (a negative height means rows stored top-down). 400 damaged_file when the sizes are missing or zero.
     */
    public static ImageInfo probe(byte[] bytes) {
        if (bytes.length < 26) {
            throw damaged("the header is cut short");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long width;
        long height;
        if (header.getInt(14) == 12) {
            width = Short.toUnsignedInt(header.getShort(18));
            height = Short.toUnsignedInt(header.getShort(20));
        } else {
            width = header.getInt(18);
            height = Math.abs((long) header.getInt(22));
        }
        if (width <= 0 || height == 0 || height > Integer.MAX_VALUE) { // abs of -2^31 doesn't fit an int
            throw damaged("the header says " + width + " x " + height);
        }
        return new ImageInfo("bmp", (int) width, (int) height, 1);
    }

    /** The BMP's pixels as an uncompressed TIFF; 400 damaged_file when they can't be read (a file cut short...). */
    public static byte[] toTiff(byte[] bytes) {
        BufferedImage image;
        ImageReader reader = reader();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw damaged(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            reader.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("can't write a TIFF in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static ImageReader reader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("bmp");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK's ImageIO has no BMP reader");
        }
        return readers.next();
    }

    private static ApiError damaged(String reason) {
        return new ApiError(400, "damaged_file", "the file can't be read as a BMP image (" + reason + ")");
    }
}
