package dev.loupe.library;

/**
 * The BlurHash encoding (Wolt's, https://blurha.sh): an image as a few cosine components of its linear-light colours,
 * in base 83. A faithful port of the reference TypeScript implementation (the npm package {@code blurhash}); the
 * tests check it against that implementation's output. No maintained Java encoder is on Maven Central (the one
 * there, io.trbl:blurhash, has not changed since 2019 and has no decoder), and the algorithm is short.
 */
public final class BlurHash {
    private static final String DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private BlurHash() {
    }

    /**
     * The hash of width x height pixels given as RGB triples (0 to 255, row after row), with componentsX across and
     * componentsY down (1 to 9 each).
     */
    public static String encode(byte[] rgb, int width, int height, int componentsX, int componentsY) {
        if (componentsX < 1 || componentsX > 9 || componentsY < 1 || componentsY > 9) {
            throw new IllegalArgumentException("components must be 1 to 9");
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes of RGB");
        }
        double[] linear = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            linear[i] = srgbToLinear(rgb[i] & 0xff);
        }
        double[][] factors = new double[componentsX * componentsY][];
        for (int y = 0; y < componentsY; y++) {
            for (int x = 0; x < componentsX; x++) {
                double normalisation = x == 0 && y == 0 ? 1 : 2;
                double r = 0, g = 0, b = 0;
                for (int j = 0; j < height; j++) {
                    double cosY = Math.cos(Math.PI * y * j / height);
                    for (int i = 0; i < width; i++) {
                        double basis = normalisation * Math.cos(Math.PI * x * i / width) * cosY;
                        int p = (j * width + i) * 3;
                        r += basis * linear[p];
                        g += basis * linear[p + 1];
                        b += basis * linear[p + 2];
                    }
                }
                double scale = 1.0 / (width * height);
                factors[y * componentsX + x] = new double[] {r * scale, g * scale, b * scale};
            }
        }
        StringBuilder hash = new StringBuilder();
        encode83((componentsX - 1) + (componentsY - 1) * 9, 1, hash);
        double maximumValue;
        if (factors.length > 1) {
            double actualMaximum = 0;
            for (int i = 1; i < factors.length; i++) {
                for (double v : factors[i]) {
                    actualMaximum = Math.max(actualMaximum, Math.abs(v));
                }
            }
            int quantisedMaximum = (int) Math.floor(Math.max(0, Math.min(82, Math.floor(actualMaximum * 166 - 0.5))));
            maximumValue = (quantisedMaximum + 1) / 166.0;
            encode83(quantisedMaximum, 1, hash);
        } else {
            maximumValue = 1;
            encode83(0, 1, hash);
        }
        double[] dc = factors[0];
        encode83((linearToSrgb(dc[0]) << 16) + (linearToSrgb(dc[1]) << 8) + linearToSrgb(dc[2]), 4, hash);
        for (int i = 1; i < factors.length; i++) {
            double[] f = factors[i];
            encode83(quantiseAc(f[0], maximumValue) * 19 * 19 + quantiseAc(f[1], maximumValue) * 19
                    + quantiseAc(f[2], maximumValue), 2, hash);
        }
        return hash.toString();
    }

    /** The hash painted at width x height as RGB triples; {@link IllegalArgumentException} for what is not a hash. */
    public static byte[] decode(String hash, int width, int height) {
        if (hash == null || hash.length() < 6) {
            throw new IllegalArgumentException("a BlurHash has at least 6 characters");
        }
        int sizeFlag = decode83(hash, 0, 1);
        int componentsY = sizeFlag / 9 + 1;
        int componentsX = sizeFlag % 9 + 1;
        if (hash.length() != 4 + 2 * componentsX * componentsY) {
            throw new IllegalArgumentException("a BlurHash of " + componentsX + " x " + componentsY
                    + " components has " + (4 + 2 * componentsX * componentsY) + " characters");
        }
        double maximumValue = (decode83(hash, 1, 2) + 1) / 166.0;
        double[][] colours = new double[componentsX * componentsY][];
        int dc = decode83(hash, 2, 6);
        colours[0] = new double[] {srgbToLinear(dc >> 16), srgbToLinear((dc >> 8) & 255), srgbToLinear(dc & 255)};
        for (int i = 1; i < colours.length; i++) {
            int value = decode83(hash, 4 + i * 2, 6 + i * 2);
            colours[i] = new double[] {signPow((value / (19 * 19) - 9) / 9.0, 2) * maximumValue,
                    signPow(((value / 19) % 19 - 9) / 9.0, 2) * maximumValue,
                    signPow((value % 19 - 9) / 9.0, 2) * maximumValue};
        }
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = 0, g = 0, b = 0;
                for (int j = 0; j < componentsY; j++) {
                    for (int i = 0; i < componentsX; i++) {
                        double basis = Math.cos(Math.PI * x * i / width) * Math.cos(Math.PI * y * j / height);
                        double[] c = colours[i + j * componentsX];
                        r += c[0] * basis;
                        g += c[1] * basis;
                        b += c[2] * basis;
                    }
                }
                int p = (y * width + x) * 3;
                rgb[p] = (byte) linearToSrgb(r);
                rgb[p + 1] = (byte) linearToSrgb(g);
                rgb[p + 2] = (byte) linearToSrgb(b);
            }
        }
        return rgb;
    }

    private static int quantiseAc(double value, double maximumValue) {
        return (int) Math.floor(Math.max(0, Math.min(18, Math.floor(signPow(value / maximumValue, 0.5) * 9 + 9.5))));
    }

    private static double srgbToLinear(int value) {
        double v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static int linearToSrgb(double value) {
        double v = Math.max(0, Math.min(1, value));
        return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5) : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static double signPow(double value, double exponent) {
        return Math.copySign(Math.pow(Math.abs(value), exponent), value);
    }

    private static void encode83(int value, int length, StringBuilder out) {
        for (int i = 1; i <= length; i++) {
            int digit = (int) (value / Math.pow(83, length - i)) % 83;
            out.append(DIGITS.charAt(digit));
        }
    }

    private static int decode83(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = DIGITS.indexOf(s.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("'" + s.charAt(i) + "' is not a BlurHash character");
            }
            value = value * 83 + digit;
        }
        return value;
    }
}
