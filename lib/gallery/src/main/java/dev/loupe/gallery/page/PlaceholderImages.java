package dev.loupe.gallery.page;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Optional;

import dev.loupe.library.BlurHash;
import dev.loupe.library.Placeholder;

/**
 * An image's placeholder as a data URL the page paints behind the image until it loads: its BlurHash decoded on the
 * server to a few pixels (the browser's smoothing scales them up into a blur), so it shows without JavaScript. BMP,
 * since an uncompressed bitmap of 8 x 6 pixels is about 200 bytes and needs no encoder.
 */
public final class PlaceholderImages {
    /** Pixels along the longer side. */
    static final int LONG_SIDE = 8;

    private PlaceholderImages() {
    }

    /** The data URL for an image of width x height, or empty when there is no placeholder Loupe can paint. */
    public static Optional<String> dataUrl(Optional<Placeholder> placeholder, int width, int height) {
        if (placeholder.isEmpty() || !Placeholder.BLURHASH.equals(placeholder.get().type())) {
            return Optional.empty();
        }
        int w = width >= height ? LONG_SIDE : Math.max(1, Math.round((float) LONG_SIDE * width / height));
        int h = width >= height ? Math.max(1, Math.round((float) LONG_SIDE * height / width)) : LONG_SIDE;
        try {
            byte[] rgb = BlurHash.decode(placeholder.get().value(), w, h);
            return Optional.of("data:image/bmp;base64," + Base64.getEncoder().encodeToString(bmp(rgb, w, h)));
        } catch (IllegalArgumentException notAHash) {
            return Optional.empty(); // a damaged record shows no placeholder rather than no page
        }
    }

    /** A 24-bit BMP: rows bottom-up, pixels blue-green-red, each row padded to four bytes. */
    static byte[] bmp(byte[] rgb, int width, int height) {
        int rowBytes = (width * 3 + 3) & ~3;
        int size = 54 + rowBytes * height;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('B');
        out.write('M');
        int32(out, size);
        int32(out, 0);
        int32(out, 54); // pixels start after the two headers
        int32(out, 40); // BITMAPINFOHEADER
        int32(out, width);
        int32(out, height);
        int16(out, 1); // planes
        int16(out, 24); // bits per pixel
        int32(out, 0); // no compression
        int32(out, rowBytes * height);
        int32(out, 2835); // 72 dpi, in pixels per metre
        int32(out, 2835);
        int32(out, 0);
        int32(out, 0);
        for (int y = height - 1; y >= 0; y--) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                out.write(rgb[p + 2]);
                out.write(rgb[p + 1]);
                out.write(rgb[p]);
            }
            for (int pad = width * 3; pad < rowBytes; pad++) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }

    private static void int16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >> 8);
    }
}
