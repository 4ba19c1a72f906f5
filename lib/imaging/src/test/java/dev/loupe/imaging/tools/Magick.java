package dev.loupe.imaging.tools;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.loupe.imaging.ColourInputs;

/**
 * Reference results from ImageMagick, Debian's package (.ci/run installs it): always {@code /usr/bin/convert}, never
 * a {@code convert} found on the PATH (this kind of machine has an unrelated stand-in in /usr/local/bin). Tests that
 * need it are skipped, with the reason, where it is missing.
 */
final class Magick {
    static final Path CONVERT = Path.of("/usr/bin/convert");

    private Magick() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CONVERT), "ImageMagick is not installed at /usr/bin/convert (Debian package "
                + "imagemagick, which .ci/run installs): the comparison with its reference result is skipped");
    }

    /** convert input.{ext} args... out.png, decoded. */
    static BufferedImage convert(byte[] input, String extension, String... args) {
        assumeInstalled();
        try {
            Path dir = Files.createTempDirectory("magick");
            try {
                Path in = dir.resolve("in." + extension);
                Path out = dir.resolve("out.png");
                Files.write(in, input);
                List<String> command = new ArrayList<>(List.of(CONVERT.toString(), in.toString()));
                command.addAll(List.of(args));
                command.add(out.toString());
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String log = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("ImageMagick failed: " + command + "\n" + log);
                }
                return Fixtures.decode(Files.readAllBytes(out));
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The mean absolute difference of the colour channels (0-255): {@link ColourInputs#meanDifference}. */
    static double meanDifference(BufferedImage a, BufferedImage b) {
        return ColourInputs.meanDifference(a, b);
    }
}
