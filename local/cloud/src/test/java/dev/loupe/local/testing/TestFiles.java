package dev.loupe.local.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

/** Image files for tests, made on the spot: real ones, cut-short ones, decompression bombs, and ZIP files. */
public final class TestFiles {
    private TestFiles() {
    }

    /** A real image of the given size in an ImageIO format ("jpg", "png", "gif", "bmp"), with a gradient. */
    public static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The first part of a file, as an interrupted upload leaves it. */
    public static byte[] truncated(byte[] file, double fraction) {
        return Arrays.copyOf(file, (int) (file.length * fraction));
    }

    /**
     * A PNG of a few hundred bytes whose header claims width x height: decoding it would take gigabytes. Its chunks
     * have valid CRCs, so only a size check can refuse it.
     */
    public static byte[] pngBomb(int width, int height) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        // A tiny zlib stream of zeros: a real bomb's IDAT would inflate to gigabytes.
        chunk(out, "IDAT", new byte[]{0x78, (byte) 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A ZIP file of these entries, in this order. ZipOutputStream writes any name it is given ("../evil.jpg"
     * included), which is what tests of a reader's refusals need.
     */
    public static byte[] zip(Map<String, byte[]> entries) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** A ZIP of a few kilobytes with one entry of {@code megabytes} MB of zeros: a ratio of about a thousand. */
    public static byte[] zipBomb(String name, int megabytes) {
        return zip(Map.of(name, new byte[megabytes << 20]));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * An animated GIF of a few dozen bytes with {@code frames} frames of width x height each, whose image data stops
     * after one pixel: its header alone says how much memory decoding every frame would take (a pixel bomb when
     * that is too much); decoding it is refused as damaged.
     */
    public static byte[] gifFrames(int width, int height, int frames) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8),
                (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // two-colour global table
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0}); // 100 ms
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, (byte) width, (byte) (width >> 8), (byte) height,
                    (byte) (height >> 8), 0}); // the whole canvas
            out.writeBytes(new byte[] {2, 2, 0x44, 0x01, 0}); // LZW: clear, pixel 0, end
        }
        out.write(0x3B);
        return out.toByteArray();
    }
}
