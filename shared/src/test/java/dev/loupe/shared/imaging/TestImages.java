package dev.loupe.shared.imaging;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images made on the spot with ImageIO, so no binary fixture is committed. */
final class TestImages {
    private TestImages() {
    }

    static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** A photo-like image: a gradient with noise, so JPEG can't compress it to nothing. */
    static BufferedImage noisyGradient(int width, int height) {
        BufferedImage image = gradient(width, height);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(32) - 16;
                int r = clamp(((rgb >> 16) & 0xff) + noise);
                int gr = clamp(((rgb >> 8) & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("ImageIO has no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A tiny valid PNG whose IHDR claims width x height: a decompression bomb's header. The IHDR chunk sits right
     * after the 8-byte signature (length, "IHDR", width, height, ...), and its CRC is fixed so readers trust it.
     */
    static byte[] pngClaiming(int width, int height) {
        byte[] png = encode(gradient(8, 8), "png");
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int ihdrType = 12;
        if (buffer.getInt(ihdrType) != 0x49484452) { // "IHDR"
            throw new IllegalStateException("IHDR is not the first chunk");
        }
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, ihdrType, 4 + 13); // the chunk's type and data
        buffer.putInt(ihdrType + 4 + 13, (int) crc.getValue());
        return png;
    }

    /**
     * The JPEG with an EXIF APP1 segment right after SOI that says orientation 6 (the camera was turned: rotate 90
     * degrees clockwise to view). A minimal big-endian TIFF structure with one IFD0 entry.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer exif = ByteBuffer.allocate(2 + 2 + 6 + 8 + 2 + 12 + 4);
        exif.putShort((short) 0xFFE1).putShort((short) (exif.capacity() - 2));
        exif.put("Exif".getBytes()).put((byte) 0).put((byte) 0);
        exif.put("MM".getBytes()).putShort((short) 42).putInt(8); // TIFF header: IFD0 at offset 8
        exif.putShort((short) 1); // one entry
        exif.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        exif.putShort((short) orientation).putShort((short) 0);
        exif.putInt(0); // no next IFD
        byte[] out = new byte[jpeg.length + exif.capacity()];
        System.arraycopy(jpeg, 0, out, 0, 2); // SOI
        System.arraycopy(exif.array(), 0, out, 2, exif.capacity());
        System.arraycopy(jpeg, 2, out, 2 + exif.capacity(), jpeg.length - 2);
        return out;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
