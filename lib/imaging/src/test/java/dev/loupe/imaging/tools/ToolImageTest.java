package dev.loupe.imaging.tools;

import static dev.loupe.imaging.tools.Fixtures.distance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.tools.FileStatus;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading and saving, which every tool shares: orientation, rotate, CMYK, 16-bit, alpha, frames, bad input. */
class ToolImageTest {

    @Test
    void appliesTheExifOrientationThenTheFilesRotate() {
        // 6: the camera was turned, the picture is shown turned 90 degrees clockwise.
        byte[] jpeg = TestImages.withExifOrientation(Fixtures.jpeg(Fixtures.quadrants(200, 100)), 6);
        try (ToolImage image = ToolImage.load(jpeg, 0)) {
            assertThat(image.width()).isEqualTo(100);
            assertThat(image.height()).isEqualTo(200);
            BufferedImage out = Fixtures.decode(image.save(OutputFormat.PNG).bytes());
            // Turned clockwise: the top left (red) is now at the top right, the bottom left (blue) at the top left.
            assertThat(distance(out.getRGB(75, 25), 0xFF0000)).isLessThan(40);
            assertThat(distance(out.getRGB(25, 25), 0x0000FF)).isLessThan(40);
        }
        // rotate 90 on top of it: upside down compared with the stored pixels.
        try (ToolImage image = ToolImage.load(jpeg, 90)) {
            assertThat(image.width()).isEqualTo(200);
            assertThat(image.height()).isEqualTo(100);
            BufferedImage out = Fixtures.decode(image.save(OutputFormat.PNG).bytes());
            assertThat(distance(out.getRGB(150, 75), 0xFF0000)).isLessThan(40);
            assertThat(distance(out.getRGB(25, 25), 0xFFFFFF)).isLessThan(40);
        }
    }

    @Test
    void cmykJpegComesOutInSrgb() {
        byte[] cmyk = Fixtures.cmykJpeg(Fixtures.quadrants(200, 100));
        try (ToolImage image = ToolImage.load(cmyk, 0)) {
            ToolOutput out = image.save(OutputFormat.JPG);
            BufferedImage decoded = Fixtures.decode(out.bytes()); // ImageIO can't read CMYK JPEGs: this one is RGB
            assertThat(decoded.getColorModel().getNumComponents()).isEqualTo(3);
            // CMYK's gamut is smaller than sRGB's: pure red comes back as a print red, still clearly red.
            Color red = new Color(decoded.getRGB(50, 25));
            assertThat(red.getRed()).isGreaterThan(200);
            assertThat(red.getGreen()).isLessThan(90);
            assertThat(red.getBlue()).isLessThan(90);
            assertThat(distance(decoded.getRGB(150, 75), 0xFFFFFF)).isLessThan(25);
        }
    }

    @Test
    void sixteenBitPngStaysSixteenBitInPngAndBecomesEightBitInJpeg() {
        byte[] png16 = Fixtures.png16(Fixtures.quadrants(64, 64));
        try (ToolImage image = ToolImage.load(png16, 0)) {
            assertThat(image.sixteenBit()).isTrue();
            BufferedImage png = Fixtures.decode(image.save(OutputFormat.PNG).bytes());
            assertThat(png.getColorModel().getComponentSize(0)).isEqualTo(16);
            BufferedImage jpeg = Fixtures.decode(image.save(OutputFormat.JPG).bytes());
            assertThat(jpeg.getColorModel().getComponentSize(0)).isEqualTo(8);
            // scaled, not clipped: red is still 255, 0, 0 and not white
            assertThat(distance(jpeg.getRGB(10, 10), 0xFF0000)).isLessThan(40);
            assertThat(distance(png.getRGB(10, 10), 0xFF0000)).isLessThan(2);
        }
    }

    @Test
    void alphaIsKeptInPngAndFlattenedOntoWhiteInJpeg() {
        try (ToolImage image = ToolImage.load(Fixtures.alphaPng(40, 20), 0)) {
            assertThat(image.hasAlpha()).isTrue();
            BufferedImage png = Fixtures.decode(image.save(OutputFormat.PNG).bytes());
            assertThat(png.getColorModel().hasAlpha()).isTrue();
            assertThat(png.getRGB(30, 10) >>> 24).isZero();
            assertThat(png.getRGB(5, 10)).isEqualTo(0xFFFF0000);
            BufferedImage jpeg = Fixtures.decode(image.save(OutputFormat.JPG).bytes());
            assertThat(distance(jpeg.getRGB(35, 10), 0xFFFFFF)).isLessThan(10);
            assertThat(distance(jpeg.getRGB(3, 10), 0xFF0000)).isLessThan(30);
        }
    }

    @Test
    void animatedGifKeepsItsFramesAndDelays() {
        byte[] gif = TestImages.animatedGif(30, 20, Color.RED, Color.GREEN, Color.BLUE);
        try (ToolImage image = ToolImage.load(gif, 90)) {
            assertThat(image.frames()).isEqualTo(3);
            assertThat(image.width()).isEqualTo(20);
            assertThat(image.height()).isEqualTo(30);
            assertThat(image.delays()).containsExactly(100, 100, 100);
            ToolOutput out = image.save(OutputFormat.GIF);
            assertThat(out.width()).isEqualTo(20);
            assertThat(out.height()).isEqualTo(30);
            assertThat(Fixtures.gifFrames(out.bytes())).isEqualTo(3);
            // JPEG: the first frame
            ToolOutput jpeg = image.save(OutputFormat.JPG);
            BufferedImage first = Fixtures.decode(jpeg.bytes());
            assertThat(first.getHeight()).isEqualTo(30);
            assertThat(distance(first.getRGB(10, 15), 0xFF0000)).isLessThan(30);
        }
    }

    @Test
    void metadataIsDroppedButAnSrgbProfileIsKeptForProfiledInput() {
        byte[] exif = TestImages.withExifOrientation(Fixtures.jpeg(Fixtures.quadrants(40, 40)), 1);
        try (ToolImage image = ToolImage.load(exif, 0)) {
            byte[] out = image.save(OutputFormat.JPG).bytes();
            assertThat(indexOf(out, "Exif".getBytes())).isNegative();
            assertThat(indexOf(out, "ICC_PROFILE".getBytes())).isNegative();
        }
        try (ToolImage image = ToolImage.load(Fixtures.cmykJpeg(Fixtures.quadrants(40, 40)), 0)) {
            byte[] out = image.save(OutputFormat.JPG).bytes();
            assertThat(indexOf(out, "ICC_PROFILE".getBytes())).isPositive();
        }
    }

    @Test
    void aBrokenImageIsADamagedFileAndNoImageAtAllIsNoImages() {
        byte[] whole = Fixtures.jpeg(TestImages.noisyGradient(300, 200));
        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(whole, whole.length / 2),
                Arrays.copyOf(whole, 200)}) {
            assertThatThrownBy(() -> ToolImage.load(bad, 0)).isInstanceOfSatisfying(ToolFailure.class,
                    failure -> assertThat(failure.status()).isEqualTo(FileStatus.DAMAGED_FILE));
        }
        for (byte[] none : new byte[][] {"not an image at all".getBytes(), "%PDF-1.7\n%%EOF\n".getBytes()}) {
            assertThatThrownBy(() -> ToolImage.load(none, 0)).isInstanceOfSatisfying(ToolFailure.class,
                    failure -> assertThat(failure.status()).isEqualTo(FileStatus.NO_IMAGES));
        }
    }

    /** An SVG is an image libvips reads (rendered at its own size): processed, not NoImages. */
    @Test
    void anSvgIsRenderedNotRefused() {
        byte[] svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"8\">"
                + "<rect width=\"10\" height=\"8\"/></svg>").getBytes();
        assertThat(ToolImage.probe(svg).format()).isEqualTo("svg");
        assertThat(List.of(ToolImage.probe(svg).width(), ToolImage.probe(svg).height())).containsExactly(10, 8);
    }

    @Test
    void pixelBombsAreRefusedBeforeDecoding() {
        for (byte[] bomb : new byte[][] {TestImages.pngClaiming(50_000, 50_000), TestImages.gifClaiming(30_000, 30_000),
                TestImages.bmpRleClaiming(40_000, 40_000)}) {
            assertThatThrownBy(() -> ToolImage.load(bomb, 0)).isInstanceOfSatisfying(ToolFailure.class, failure -> {
                assertThat(failure.status()).isEqualTo(FileStatus.DAMAGED_FILE);
                assertThat(failure.getMessage()).startsWith("too many pixels");
            });
        }
        // every frame counts for an animation
        byte[] gif = TestImages.animatedGif(100, 100, Color.RED, Color.GREEN, Color.BLUE);
        assertThatThrownBy(() -> ToolImage.load(gif, ToolImage.Load.rotated(0).withMaxPixels(25_000)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("3 frames");
        try (ToolImage image = ToolImage.load(gif, ToolImage.Load.rotated(0).withMaxPixels(30_000))) {
            assertThat(image.frames()).isEqualTo(3);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
