package dev.loupe.imaging.tools;

import static dev.loupe.imaging.tools.ToolAssertions.assertInvalid;
import static dev.loupe.imaging.tools.ToolAssertions.single;
import static dev.loupe.imaging.tools.ToolAssertions.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.tools.FileStatus;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Crop and rotate move pixels without resampling: from a PNG, the output must equal ImageIO's own crop or turn. */
class CropRotateTest {
    private static final BufferedImage SOURCE = TestImages.noisyGradient(120, 80);
    private static final byte[] PNG = Fixtures.png(SOURCE);

    @Test
    void cropReadsTheReferencesParameters() {
        assertThat(CropImage.Options.parse(Map.of("width", "30", "height", 20)))
                .isEqualTo(new CropImage.Options(30, 20, 0, 0));
        assertInvalid(() -> CropImage.Options.parse(Map.of("height", 20)), "width");
        assertInvalid(() -> CropImage.Options.parse(Map.of("width", 20)), "height");
        assertInvalid(() -> CropImage.Options.parse(Map.of("width", 0, "height", 20)), "width");
        assertInvalid(() -> CropImage.Options.parse(Map.of("width", 10, "height", 20, "x", -1)), "x");
        assertInvalid(() -> CropImage.Options.parse(Map.of("width", 10, "height", 20, "y", "top")), "y");
    }

    @Test
    void cropsExactlyTheArea() {
        ToolOutput out = single(CropImage.NAME, PNG, Map.of("width", 50, "height", 30, "x", 17, "y", 9));
        assertThat(out.width()).isEqualTo(50);
        assertThat(out.height()).isEqualTo(30);
        assertSamePixels(Fixtures.decode(out.bytes()), SOURCE.getSubimage(17, 9, 50, 30));
    }

    @Test
    void anAreaReachingPastTheEdgeIsCutThere() {
        ToolOutput out = single(CropImage.NAME, PNG, Map.of("width", 500, "height", 500, "x", 100, "y", 60));
        assertThat(out.width()).isEqualTo(20);
        assertThat(out.height()).isEqualTo(20);
        assertSamePixels(Fixtures.decode(out.bytes()), SOURCE.getSubimage(100, 60, 20, 20));
    }

    @Test
    void anAreaOutsideTheImageIsOutOfRange() {
        assertThat(statusOf(CropImage.NAME, PNG, Map.of("width", 10, "height", 10, "x", 120)))
                .isEqualTo(FileStatus.OUT_OF_RANGE);
        assertThat(statusOf(CropImage.NAME, PNG, Map.of("width", 10, "height", 10, "y", 500)))
                .isEqualTo(FileStatus.OUT_OF_RANGE);
    }

    @Test
    void cropAppliesToTheRotatedImage() {
        ToolOutput out = single(CropImage.NAME, new ToolInput(PNG, "a.png", 90),
                Map.of("width", 40, "height", 100, "x", 10, "y", 5));
        assertSamePixels(Fixtures.decode(out.bytes()), turned(SOURCE, 90).getSubimage(10, 5, 40, 100));
    }

    @Test
    void cropsEveryFrameOfAnAnimation() {
        byte[] gif = TestImages.animatedGif(40, 30, Color.RED, Color.GREEN);
        ToolOutput out = single(CropImage.NAME, gif, Map.of("width", 10, "height", 5, "x", 3, "y", 4));
        assertThat(out.extension()).isEqualTo("gif");
        assertThat(Fixtures.gifFrames(out.bytes())).isEqualTo(2);
        assertThat(Fixtures.decode(out.bytes()).getWidth()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 90, 180, 270})
    void rotatesExactly(int degrees) {
        ToolOutput out = single(RotateImage.NAME, new ToolInput(PNG, "a.png", degrees), Map.of());
        assertThat(out.extension()).isEqualTo("png");
        assertSamePixels(Fixtures.decode(out.bytes()), turned(SOURCE, degrees));
    }

    @Test
    void rotateTurnsByTheExifOrientationFirst() {
        // Orientation 3: stored upside down. With rotate 90 the result is the stored image turned 270.
        byte[] jpeg = TestImages.withExifOrientation(Fixtures.jpeg(Fixtures.quadrants(200, 100)), 3);
        ToolOutput out = single(RotateImage.NAME, new ToolInput(jpeg, "a.jpg", 90), Map.of());
        assertThat(out.extension()).isEqualTo("jpg");
        BufferedImage decoded = Fixtures.decode(out.bytes());
        assertThat(decoded.getWidth()).isEqualTo(100);
        assertThat(decoded.getHeight()).isEqualTo(200);
        assertThat(Magick.meanDifference(decoded, turned(Fixtures.decode(Fixtures.jpeg(Fixtures.quadrants(200, 100))),
                270))).isLessThan(3.0);
    }

    @Test
    void rotatesEveryFrameOfAnAnimation() {
        byte[] gif = TestImages.animatedGif(40, 30, Color.RED, Color.GREEN, Color.BLUE);
        ToolOutput out = single(RotateImage.NAME, new ToolInput(gif, "a.gif", 270), Map.of());
        assertThat(out.width()).isEqualTo(30);
        assertThat(out.height()).isEqualTo(40);
        assertThat(Fixtures.gifFrames(out.bytes())).isEqualTo(3);
    }

    /** The image turned clockwise, pixel by pixel. */
    static BufferedImage turned(BufferedImage image, int degrees) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean quarter = degrees == 90 || degrees == 270;
        BufferedImage out = new BufferedImage(quarter ? h : w, quarter ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                switch (degrees) {
                    case 90 -> out.setRGB(h - 1 - y, x, rgb);
                    case 180 -> out.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case 270 -> out.setRGB(y, w - 1 - x, rgb);
                    default -> out.setRGB(x, y, rgb);
                }
            }
        }
        return out;
    }

    static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if ((actual.getRGB(x, y) & 0xFFFFFF) != (expected.getRGB(x, y) & 0xFFFFFF)) {
                    throw new AssertionError("pixel " + x + ", " + y + " is " + Integer.toHexString(actual.getRGB(x, y))
                            + ", expected " + Integer.toHexString(expected.getRGB(x, y)));
                }
            }
        }
    }
}
