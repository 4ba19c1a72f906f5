package dev.loupe.imaging.tools;

import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.Vips;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Inputs for the tools' tests, made on the spot: ImageIO where it can write the format, libvips for what it can't
 * (CMYK JPEG, 16-bit PNG, WebP); the one real photograph is a committed resource (see its README).
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Four quadrants, red, green, blue and white, over a gradient: where pixels went is easy to check. */
    static BufferedImage quadrants(int width, int height) {
        BufferedImage image = TestImages.gradient(width, height);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(Color.GREEN);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(Color.WHITE);
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        return TestImages.encode(image, "jpg");
    }

    static byte[] png(BufferedImage image) {
        return TestImages.encode(image, "png");
    }

    /** A PNG with transparency: the left half opaque red, the right half fully transparent. */
    static byte[] alphaPng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? 0xFFFF0000 : 0x000000FF);
            }
        }
        return png(image);
    }

    /** The image as a CMYK JPEG, converted by libvips with its CMYK profile (which it also embeds). */
    static byte[] cmykJpeg(BufferedImage image) {
        return viaVips(png(image), (in, arena) -> Vips.colourspace(in, Vips.INTERPRETATION_CMYK, arena),
                ".jpg[Q=95]");
    }

    /** The image as a 16-bit RGB PNG. */
    static byte[] png16(BufferedImage image) {
        return viaVips(png(image), (in, arena) -> Vips.colourspace(in, Vips.INTERPRETATION_RGB16, arena), ".png");
    }

    static byte[] webp(BufferedImage image) {
        return TestImages.viaVips(png(image), ".webp[Q=90]");
    }

    private static byte[] viaVips(byte[] bytes, BiFunction<MemorySegment, Arena, MemorySegment> operation,
            String suffix) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment image = Vips.imageFromBuffer(buffer, arena);
            MemorySegment out = MemorySegment.NULL;
            try {
                out = operation.apply(image, arena);
                return Vips.encode(out, suffix, arena);
            } finally {
                Vips.unref(out);
                Vips.unref(image);
            }
        }
    }

    static byte[] corruptMiddle(byte[] jpeg) {
        return TestImages.corruptMiddle(jpeg);
    }

    static byte[] extraneousBytesBeforeEnd(byte[] jpeg) {
        return TestImages.extraneousBytesBeforeEnd(jpeg);
    }

    /** The real photograph (lib/imaging/src/test/resources/photos/README.md). */
    static byte[] photo() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/photos/wood.jpg")) {
            if (in == null) {
                throw new IllegalStateException("photos/wood.jpg is missing from the test resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decode(byte[] bytes) {
        BufferedImage image = TestImages.decode(bytes);
        if (image == null) {
            throw new AssertionError("ImageIO can't decode the output");
        }
        return image;
    }

    /** The format ImageIO reads the bytes as ("jpeg", "png", "gif"...), lower case. */
    static String formatOf(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return "unknown";
            }
            ImageReader reader = readers.next();
            return reader.getFormatName().toLowerCase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frames ImageIO finds in a GIF. */
    static int gifFrames(byte[] gif) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            reader.dispose();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The largest difference of any colour channel (alpha ignored) between two colours. */
    static int distance(int rgb1, int rgb2) {
        int max = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            max = Math.max(max, Math.abs(((rgb1 >>> shift) & 0xff) - ((rgb2 >>> shift) & 0xff)));
        }
        return max;
    }
}
