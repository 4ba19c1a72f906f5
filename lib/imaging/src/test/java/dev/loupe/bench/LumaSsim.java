package dev.loupe.bench;

import dev.loupe.imaging.Vips;
import dev.loupe.imaging.tools.ToolImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * SSIM for the tools bench (ToolsBench): the same index as the tests' Ssim (Wang et al. 2004, on BT.601 luma, an
 * 11 x 11 Gaussian window of sigma 1.5 wherever it fits, C1 = (0.01 L)^2, C2 = (0.03 L)^2, the mean of the local
 * indices), computed row by row through a ring of 11 rows, so that two 12-megapixel images need only their luma in
 * memory. Images come as libvips images (8-bit, grey or sRGB, alpha ignored).
 */
final class LumaSsim {
    private static final int RADIUS = 5;
    private static final int SIDE = 2 * RADIUS + 1;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] KERNEL = kernel();

    /** One image's luma, row after row. */
    record Luma(int width, int height, float[] values) {
    }

    private LumaSsim() {
    }

    /** The luma of a libvips image (borrowed), 8-bit values. */
    static Luma of(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            int width = Vips.width(image);
            int height = Vips.height(image);
            int bands = Vips.bands(image);
            byte[] pixels = Vips.pixels(image, arena);
            float[] luma = new float[width * height];
            for (int i = 0; i < luma.length; i++) {
                int at = i * bands;
                luma[i] = bands < 3 ? pixels[at] & 0xff
                        : (float) (0.299 * (pixels[at] & 0xff) + 0.587 * (pixels[at + 1] & 0xff)
                                + 0.114 * (pixels[at + 2] & 0xff));
            }
            return new Luma(width, height, luma);
        }
    }

    /** The luma of an encoded output (JPEG, PNG...), decoded by libvips as the tools decode. */
    static Luma ofFile(byte[] encoded) {
        try (ToolImage image = ToolImage.load(encoded, 0)) {
            return of(image.vipsImage());
        }
    }

    static double of(Luma a, Luma b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("sizes differ: " + a.width() + "x" + a.height() + " and " + b.width()
                    + "x" + b.height());
        }
        int width = a.width();
        int height = a.height();
        float[] x = a.values();
        float[] y = b.values();
        // The five moments blurred along each row, for the last 11 rows (a ring), then down each column.
        double[][][] rows = new double[5][SIDE][width];
        double sum = 0;
        long count = 0;
        for (int row = 0; row < height; row++) {
            int slot = row % SIDE;
            int base = row * width;
            for (int col = RADIUS; col < width - RADIUS; col++) {
                double mx = 0;
                double my = 0;
                double xx = 0;
                double yy = 0;
                double xy = 0;
                for (int j = -RADIUS; j <= RADIUS; j++) {
                    double k = KERNEL[j + RADIUS];
                    double vx = x[base + col + j];
                    double vy = y[base + col + j];
                    mx += k * vx;
                    my += k * vy;
                    xx += k * vx * vx;
                    yy += k * vy * vy;
                    xy += k * vx * vy;
                }
                rows[0][slot][col] = mx;
                rows[1][slot][col] = my;
                rows[2][slot][col] = xx;
                rows[3][slot][col] = yy;
                rows[4][slot][col] = xy;
            }
            if (row < SIDE - 1) {
                continue;
            }
            // The window centred on row - RADIUS is complete: rows row - 10 .. row are in the ring.
            for (int col = RADIUS; col < width - RADIUS; col++) {
                double mx = 0;
                double my = 0;
                double xx = 0;
                double yy = 0;
                double xy = 0;
                for (int j = 0; j < SIDE; j++) {
                    int ring = (row - SIDE + 1 + j) % SIDE;
                    double k = KERNEL[j];
                    mx += k * rows[0][ring][col];
                    my += k * rows[1][ring][col];
                    xx += k * rows[2][ring][col];
                    yy += k * rows[3][ring][col];
                    xy += k * rows[4][ring][col];
                }
                double varX = xx - mx * mx;
                double varY = yy - my * my;
                double cov = xy - mx * my;
                sum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (varX + varY + C2));
                count++;
            }
        }
        return sum / count;
    }

    private static double[] kernel() {
        double[] k = new double[SIDE];
        double total = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-(i * i) / (2 * 1.5 * 1.5));
            total += k[i + RADIUS];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= total;
        }
        return k;
    }
}
