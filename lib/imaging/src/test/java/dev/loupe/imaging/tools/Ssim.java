package dev.loupe.imaging.tools;

import java.awt.image.BufferedImage;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli, 2004) as most tools report it: on luma (BT.601,
 * Y = 0.299 R + 0.587 G + 0.114 B, 0-255), an 11 x 11 Gaussian window of sigma 1.5 at every pixel where it fits,
 * C1 = (0.01 L)^2 and C2 = (0.03 L)^2 with L = 255, the mean of the local indices. Alpha is ignored.
 */
final class Ssim {
    private static final int RADIUS = 5;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private Ssim() {
    }

    static double of(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " and "
                    + b.getWidth() + "x" + b.getHeight());
        }
        int width = a.getWidth();
        int height = a.getHeight();
        double[] x = luma(a);
        double[] y = luma(b);
        double[] kernel = kernel();
        // The Gaussian is separable: blur rows, then columns, for the five moments the index needs.
        double[] muX = blur(x, width, height, kernel);
        double[] muY = blur(y, width, height, kernel);
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] sXX = blur(xx, width, height, kernel);
        double[] sYY = blur(yy, width, height, kernel);
        double[] sXY = blur(xy, width, height, kernel);
        double sum = 0;
        long count = 0;
        for (int row = RADIUS; row < height - RADIUS; row++) {
            for (int col = RADIUS; col < width - RADIUS; col++) {
                int i = row * width + col;
                double mx = muX[i];
                double my = muY[i];
                double varX = sXX[i] - mx * mx;
                double varY = sYY[i] - my * my;
                double cov = sXY[i] - mx * my;
                sum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (varX + varY + C2));
                count++;
            }
        }
        return sum / count;
    }

    private static double[] luma(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        double[] out = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[i] = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
        }
        return out;
    }

    private static double[] kernel() {
        double[] k = new double[2 * RADIUS + 1];
        double total = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-(i * i) / (2 * SIGMA * SIGMA));
            total += k[i + RADIUS];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= total;
        }
        return k;
    }

    /** Valid-region separable blur: values within RADIUS of an edge are left 0 and never read. */
    private static double[] blur(double[] in, int width, int height, double[] k) {
        double[] rows = new double[in.length];
        for (int row = 0; row < height; row++) {
            for (int col = RADIUS; col < width - RADIUS; col++) {
                double s = 0;
                int base = row * width + col;
                for (int j = -RADIUS; j <= RADIUS; j++) {
                    s += k[j + RADIUS] * in[base + j];
                }
                rows[base] = s;
            }
        }
        double[] out = new double[in.length];
        for (int row = RADIUS; row < height - RADIUS; row++) {
            for (int col = RADIUS; col < width - RADIUS; col++) {
                double s = 0;
                for (int j = -RADIUS; j <= RADIUS; j++) {
                    s += k[j + RADIUS] * rows[(row + j) * width + col];
                }
                out[row * width + col] = s;
            }
        }
        return out;
    }
}
