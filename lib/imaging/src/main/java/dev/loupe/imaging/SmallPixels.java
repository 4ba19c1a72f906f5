package dev.loupe.imaging;

/**
 * A small upright sRGB copy of an image as 8-bit RGB triples, row after row: what a placeholder hash (BlurHash) is
 * computed from.
 */
public record SmallPixels(int width, int height, byte[] rgb) {
    public SmallPixels {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes, got " + rgb.length);
        }
    }

    /** The red, green and blue of the pixel at x, y, each 0 to 255. */
    public int red(int x, int y) {
        return rgb[(y * width + x) * 3] & 0xff;
    }

    public int green(int x, int y) {
        return rgb[(y * width + x) * 3 + 1] & 0xff;
    }

    public int blue(int x, int y) {
        return rgb[(y * width + x) * 3 + 2] & 0xff;
    }
}
