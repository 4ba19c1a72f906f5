package dev.loupe.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The inputs of the colour test (docs/DESIGN.md, "Colour"), made on the spot from one colourful picture, and what
 * ImageMagick ({@code /usr/bin/convert}, Debian's package, which .ci/run installs) makes of them: the sRGB decode a
 * browser shows, then any operation, flattened on white and read at 8 bits. Shared (test-jar) so that every path
 * that makes pictures (the tools here, thumbnails at ingest, renditions) is held to the same references.
 */
public final class ColourInputs implements AutoCloseable {
    public static final Path CONVERT = Path.of("/usr/bin/convert");
    public static final int WIDTH = 360;
    public static final int HEIGHT = 240;

    /** Each input, with the ImageMagick arguments that decode it as a browser shows it. */
    public enum Kind {
        /** CMYK JPEG without a profile: browsers and ImageMagick convert it the plain way. */
        CMYK("jpg"),
        /** CMYK JPEG with a press profile (libvips' own "Chemical proof", embedded): converted with it. */
        CMYK_PROFILE("jpg"),
        /** An RGB JPEG in Display P3, as phones shoot, the profile embedded: converted with it. */
        P3("jpg"),
        /** A 16-bit PNG: compared at 8 bits. */
        SIXTEEN_BIT("png"),
        /** A PNG with an alpha gradient: flattened on white for the comparison. */
        ALPHA("png"),
        /** A JPEG stored turned a quarter left, with EXIF orientation 6 to show it upright. */
        EXIF_ROTATED("jpg"),
        /**
         * Both at once: a CMYK JPEG without a profile, stored turned, EXIF orientation 6 (thumbnails take a path of
         * their own for it; the tools turn and convert every input alike).
         */
        CMYK_EXIF_ROTATED("jpg");

        public final String extension;

        Kind(String extension) {
            this.extension = extension;
        }
    }

    private final Path dir;
    private final Path srgbProfile;

    /** Works in a temporary folder of its own; {@link #close} removes it. */
    public ColourInputs() {
        try {
            dir = Files.createTempDirectory("colour");
            srgbProfile = dir.resolve("srgb.icc");
            Files.write(dir.resolve("base.png"), TestImages.encode(base(), "png"));
            // libvips' sRGB profile, for ImageMagick's -profile: the same target a browser converts to.
            Files.write(dir.resolve("srgb.png"), viaVips(read("base.png"), "srgb", ".png[keep=icc]"));
            magick(List.of("srgb.png"), "srgb.icc");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean magickInstalled() {
        return Files.isExecutable(CONVERT);
    }

    /**
     * A smooth gradient with patches of saturated colours (the colours where a wrong conversion shows most: pure
     * cyan, magenta, yellow, red, green, blue, a skin tone, a deep shadow). Smooth, like a photo at thumbnail scale:
     * per-pixel noise would measure how two resamplers differ on it (about 6 of 255 at 150 px), not colour.
     */
    public static BufferedImage base() {
        BufferedImage image = TestImages.gradient(WIDTH, HEIGHT);
        Graphics2D g = image.createGraphics();
        Color[] patches = {Color.CYAN, Color.MAGENTA, Color.YELLOW, Color.RED, Color.GREEN, Color.BLUE,
                new Color(224, 172, 140), new Color(20, 30, 40)};
        for (int i = 0; i < patches.length; i++) {
            g.setColor(patches[i]);
            g.fillRect(10 + (i % 4) * WIDTH / 4, 20 + (i / 4) * HEIGHT / 2, WIDTH / 4 - 20, HEIGHT / 2 - 40);
        }
        g.dispose();
        return image;
    }

    /** The input of that kind, encoded. */
    public byte[] bytes(Kind kind) {
        String name = "in-" + kind.name().toLowerCase() + "." + kind.extension;
        if (!Files.exists(dir.resolve(name))) {
            switch (kind) {
                case CMYK -> magick(List.of("base.png", "-colorspace", "CMYK", "-quality", "95"), name);
                case CMYK_PROFILE -> write(name, viaVips(read("base.png"), "cmyk", ".jpg[Q=95,keep=icc]"));
                case P3 -> write(name, viaVips(read("base.png"), "p3", ".jpg[Q=95,keep=icc]"));
                case SIXTEEN_BIT -> magick(List.of("base.png", "-depth", "16",
                        // a 16-bit gradient across the picture, so that the low byte carries something
                        "(", "-size", WIDTH + "x" + HEIGHT, "gradient:#000000000000-#000000000100", "-depth", "16", ")",
                        "-compose", "plus", "-composite", "-define", "png:bit-depth=16"), name);
                case ALPHA -> magick(List.of("base.png", "(", "-size", HEIGHT + "x" + WIDTH, "gradient:white-black",
                        "-rotate", "90", ")", "-alpha", "off", "-compose", "copy_opacity", "-composite"), name);
                case EXIF_ROTATED -> write(name, TestImages.withExifOrientation(
                        magickBytes(List.of("base.png", "-rotate", "-90", "-quality", "95"), "jpg"), 6));
                case CMYK_EXIF_ROTATED -> write(name, TestImages.withExifOrientation(magickBytes(List.of("base.png",
                        "-rotate", "-90", "-colorspace", "CMYK", "-quality", "95"), "jpg"), 6));
            }
        }
        return read(name);
    }

    /** ImageMagick's sRGB decode of the input, as a browser shows it. */
    public List<String> decodeArgs(Kind kind) {
        String in = "in-" + kind.name().toLowerCase() + "." + kind.extension;
        bytes(kind);
        return switch (kind) {
            case CMYK -> List.of(in, "-colorspace", "sRGB");
            // Relative colorimetric, as libvips converts; Chromium shows this file 3.4 of 255 from it (its own CMM),
            // and 8.0 from ImageMagick's default, perceptual with black point compensation (docs/DESIGN.md).
            case CMYK_PROFILE, P3 -> List.of(in, "-intent", "relative", "-profile", srgbProfile.toString());
            case EXIF_ROTATED -> List.of(in, "-auto-orient");
            case CMYK_EXIF_ROTATED -> List.of(in, "-auto-orient", "-colorspace", "sRGB");
            default -> List.of(in);
        };
    }

    /** An operation for ImageMagick, and how its result is written: as a JPEG of that quality, or as a PNG. */
    public record Operation(String extension, int quality, List<String> args) {
    }

    /**
     * ImageMagick: the input decoded, then each operation on that decode, flattened on white, at 8 bits; written as a
     * JPEG of that quality when the output compared with it is a JPEG (same chroma subsampling rule as libvips: none
     * from 90 on), since JPEG's own loss on saturated edges is part of the operation, not of the colours. One
     * ImageMagick run for them all (each operation on a copy of the decode), which keeps the test fast.
     */
    public List<BufferedImage> references(Kind kind, List<Operation> operations) {
        List<String> args = new ArrayList<>(decodeArgs(kind));
        args.addAll(List.of("-write", "mpr:decoded", "+delete"));
        List<String> names = new ArrayList<>();
        for (Operation operation : operations) {
            boolean jpeg = operation.extension().equals("jpg");
            String name = "ref-" + names.size() + (jpeg ? ".jpg" : ".png");
            names.add(name);
            args.addAll(List.of("(", "mpr:decoded"));
            args.addAll(operation.args());
            args.addAll(List.of("-background", "white", "-alpha", "remove", "-alpha", "off", "-depth", "8"));
            if (jpeg) {
                args.addAll(List.of("-quality", String.valueOf(operation.quality()), "-sampling-factor",
                        operation.quality() >= 90 ? "1x1" : "2x2"));
            }
            args.addAll(List.of("-write", name, "+delete", ")"));
        }
        args.add("mpr:decoded");
        magick(args, "null:");
        return names.stream().map(name -> TestImages.decode(read(name))).toList();
    }

    /** A JPEG, PNG or GIF Loupe wrote, its first frame flattened on white (ImageIO reads them all). */
    public static BufferedImage flattened(byte[] output) {
        BufferedImage image = TestImages.decode(output);
        BufferedImage flat = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, flat.getWidth(), flat.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return flat;
    }

    /** The mean absolute difference of the colour channels (0-255) of two images of one size. */
    public static double meanDifference(BufferedImage a, BufferedImage b) {
        requireSameSize(a, b);
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    /**
     * For outputs that differ by design (compression, a palette): the largest difference of the mean colour of
     * 16 x 16 blocks, one channel at a time, averaged over the blocks. Dithering and block noise average out within
     * a block; a hue or brightness shift does not.
     */
    public static double blockMeanDifference(BufferedImage a, BufferedImage b) {
        requireSameSize(a, b);
        int block = 16;
        double sum = 0;
        int blocks = 0;
        for (int by = 0; by + block <= a.getHeight(); by += block) {
            for (int bx = 0; bx + block <= a.getWidth(); bx += block) {
                double[] ma = blockMean(a, bx, by, block);
                double[] mb = blockMean(b, bx, by, block);
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(ma[c] - mb[c]);
                }
                blocks++;
            }
        }
        return sum / (3.0 * blocks);
    }

    /** The mean R, G and B of the whole image. */
    public static double[] meanColour(BufferedImage image) {
        return blockMean(image, 0, 0, image.getWidth(), image.getHeight());
    }

    private static double[] blockMean(BufferedImage image, int left, int top, int size) {
        return blockMean(image, left, top, size, size);
    }

    private static double[] blockMean(BufferedImage image, int left, int top, int width, int height) {
        double[] mean = new double[3];
        for (int y = top; y < top + height; y++) {
            for (int x = left; x < left + width; x++) {
                int p = image.getRGB(x, y);
                mean[0] += (p >> 16) & 0xff;
                mean[1] += (p >> 8) & 0xff;
                mean[2] += p & 0xff;
            }
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= (double) width * height;
        }
        return mean;
    }

    private static void requireSameSize(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new AssertionError("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " and " + b.getWidth()
                    + "x" + b.getHeight());
        }
    }

    /** Converted by libvips to one of its built-in profiles ("srgb", "cmyk"), and encoded as the suffix says. */
    private static byte[] viaVips(byte[] bytes, String profile, String suffix) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            MemorySegment image = Vips.imageFromBuffer(buffer, arena);
            MemorySegment converted = MemorySegment.NULL;
            try {
                converted = Vips.iccTransform(image, profile, 8, arena);
                return Vips.encode(converted, suffix, arena);
            } finally {
                Vips.unref(converted);
                Vips.unref(image);
            }
        }
    }

    private byte[] magickBytes(List<String> args, String extension) {
        String out = "magick-out." + extension;
        magick(args, out);
        return read(out);
    }

    /** Runs /usr/bin/convert in the folder: args (file names relative to it), then the output's name. */
    private void magick(List<String> args, String output) {
        List<String> command = new ArrayList<>();
        command.add(CONVERT.toString());
        command.addAll(args);
        command.add(output);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            // One thread: these images are small, and OpenMP's spinning threads cost more than they save on a busy CI
            // machine of two cores.
            builder.environment().put("MAGICK_THREAD_LIMIT", "1");
            Process process = builder.start();
            String log = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("ImageMagick failed: " + command + "\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] read(String name) {
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the working folder. */
    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
