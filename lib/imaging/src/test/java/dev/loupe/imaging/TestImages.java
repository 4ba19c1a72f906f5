package dev.loupe.imaging;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Images made on the spot with ImageIO (and libvips for WebP), so no binary fixture is committed. */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** A photo-like image: a gradient with noise, so JPEG can't compress it to nothing. */
    public static BufferedImage noisyGradient(int width, int height) {
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

    public static byte[] encode(BufferedImage image, String format) {
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

    /** A solid colour, with alpha when the colour has it. */
    public static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height,
                color.getAlpha() < 255 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setComposite(AlphaComposite.Src); // write the alpha as it is, don't blend it
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Re-encoded by libvips into the format a suffix names (".webp", ".tif", ".gif"...): ImageIO can't write WebP. */
    public static byte[] viaVips(byte[] bytes, String suffix) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment image = Vips.imageFromBuffer(buffer, arena);
            try {
                return Vips.encode(image, suffix, arena);
            } finally {
                Vips.unref(image);
            }
        }
    }

    /**
     * An animated GIF, one frame per colour, 100 ms each, looping forever: ImageIO's writer needs the frame delay
     * (GraphicControlExtension) and the NETSCAPE2.0 loop block written into each frame's metadata by hand.
     */
    public static byte[] animatedGif(int width, int height, Color... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.length; i++) {
                BufferedImage frame = solid(width, height, frames[i]);
                IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(frame), null);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "10");
                control.setAttribute("transparentColorIndex", "0");
                root.appendChild(control);
                if (i == 0) {
                    IIOMetadataNode extensions = new IIOMetadataNode("ApplicationExtensions");
                    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                    loop.setAttribute("applicationID", "NETSCAPE");
                    loop.setAttribute("authenticationCode", "2.0");
                    loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0, for ever
                    extensions.appendChild(loop);
                    root.appendChild(extensions);
                }
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A TIFF with one page per image. */
    public static byte[] multiPageTiff(BufferedImage... pages) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A hand-made GIF whose screen and only frame claim width x height, with the LZW data of a single pixel: a
     * bomb's header. Screen descriptor with a 2-colour table, image descriptor, then codes clear, 0, end-of-image
     * (3 bits each at minimum code size 2, packed from the low bit: 0x44 0x01).
     */
    public static byte[] gifClaiming(int width, int height) {
        ByteBuffer gif = ByteBuffer.allocate(6 + 7 + 6 + 10 + 1 + 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes());
        gif.putShort((short) width).putShort((short) height).put((byte) 0x80).put((byte) 0).put((byte) 0);
        gif.put(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height)
                .put((byte) 0);
        gif.put((byte) 2).put(new byte[] {2, 0x44, 0x01, 0});
        gif.put((byte) 0x3B);
        return gif.array();
    }

    /**
     * A hand-made 8-bit run-length-encoded BMP whose header claims width x height and whose data is just
     * "end of bitmap": RLE lets a few bytes claim any size, which an uncompressed BMP can't (ImageIO checks that its
     * data is as long as the size needs).
     */
    public static byte[] bmpRleClaiming(int width, int height) {
        int paletteSize = 2 * 4;
        int dataOffset = 14 + 40 + paletteSize;
        ByteBuffer bmp = ByteBuffer.allocate(dataOffset + 2).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(dataOffset);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8);
        bmp.putInt(1).putInt(2).putInt(2835).putInt(2835).putInt(2).putInt(0); // BI_RLE8, data size, dpi, colours
        bmp.putInt(0).putInt(0x00FFFFFF);
        bmp.put((byte) 0).put((byte) 1); // end of bitmap
        return bmp.array();
    }

    public static BufferedImage decode(byte[] bytes) {
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
    public static byte[] pngClaiming(int width, int height) {
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
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
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

    /**
     * The JPEG with 2 KB of garbage in the middle of its scan, the header intact: libjpeg reports "Corrupt JPEG data:
     * premature end of data segment" (a warning) and paints the rest grey unless the decoder fails on warnings.
     */
    public static byte[] corruptMiddle(byte[] jpeg) {
        byte[] damaged = jpeg.clone();
        java.util.Random random = new java.util.Random(13);
        int from = damaged.length / 2;
        for (int i = from; i < Math.min(from + 2048, damaged.length - 2); i++) {
            damaged[i] = (byte) random.nextInt(256);
        }
        return damaged;
    }

    /**
     * The JPEG with 1000 bytes between its last scan and its end-of-image marker: libjpeg's harmless notice
     * "Corrupt JPEG data: 1000 extraneous bytes before marker 0xd9" (ImageMagick prints it); browsers show the image.
     */
    public static byte[] extraneousBytesBeforeEnd(byte[] jpeg) {
        int n = jpeg.length;
        if ((jpeg[n - 2] & 0xFF) != 0xFF || (jpeg[n - 1] & 0xFF) != 0xD9) {
            throw new IllegalArgumentException("not a JPEG that ends with its end-of-image marker");
        }
        byte[] out = new byte[n + 1000];
        System.arraycopy(jpeg, 0, out, 0, n - 2);
        for (int i = 0; i < 1000; i++) {
            out[n - 2 + i] = (byte) (i % 200 + 1); // never 0xFF: no marker among them
        }
        out[out.length - 2] = (byte) 0xFF;
        out[out.length - 1] = (byte) 0xD9;
        return out;
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
