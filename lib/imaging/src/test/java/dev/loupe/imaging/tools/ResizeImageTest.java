package dev.loupe.imaging.tools;

import static dev.loupe.imaging.tools.Fixtures.distance;
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

class ResizeImageTest {

    @Test
    void readsTheReferencesParametersWithItsDefaults() {
        ResizeImage.Options options = ResizeImage.Options.parse(Map.of("pixels_width", "300"));
        assertThat(options).isEqualTo(new ResizeImage.Options(ResizeImage.Mode.PIXELS, 300, null, null, true, true));
        assertThat(ResizeImage.Options.parse(Map.of("resize_mode", "percentage", "percentage", 50,
                "maintain_ratio", false, "no_enlarge_if_smaller", "false")))
                .isEqualTo(new ResizeImage.Options(ResizeImage.Mode.PERCENTAGE, null, null, 50, false, false));
    }

    @Test
    void refusesBadParameters() {
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("resize_mode", "inches", "pixels_width", 5)),
                "resize_mode");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of()), "pixels_width");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("pixels_width", 0)), "pixels_width");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("pixels_height", "tall")), "pixels_height");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("pixels_height", 10.5)), "pixels_height");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("resize_mode", "percentage")), "percentage");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("resize_mode", "percentage", "percentage", 1001)),
                "percentage");
        assertInvalid(() -> ResizeImage.Options.parse(Map.of("pixels_width", 5, "maintain_ratio", "maybe")),
                "maintain_ratio");
    }

    @Test
    void computesTheOutputSize() {
        var fit = new ResizeImage.Options(ResizeImage.Mode.PIXELS, 300, 300, null, true, true);
        assertThat(fit.target(1200, 600)).containsExactly(300, 150);
        assertThat(fit.target(100, 50)).containsExactly(100, 50); // never enlarged
        var widthOnly = new ResizeImage.Options(ResizeImage.Mode.PIXELS, 500, null, null, true, true);
        assertThat(widthOnly.target(1000, 333)).containsExactly(500, 167);
        var stretch = new ResizeImage.Options(ResizeImage.Mode.PIXELS, 300, 300, null, false, true);
        assertThat(stretch.target(1200, 600)).containsExactly(300, 300);
        assertThat(stretch.target(200, 600)).containsExactly(200, 300); // a side is not enlarged
        var enlarge = new ResizeImage.Options(ResizeImage.Mode.PIXELS, 300, 300, null, true, false);
        assertThat(enlarge.target(100, 50)).containsExactly(300, 150);
        var half = new ResizeImage.Options(ResizeImage.Mode.PERCENTAGE, null, null, 50, true, true);
        assertThat(half.target(333, 101)).containsExactly(167, 51);
        var double_ = new ResizeImage.Options(ResizeImage.Mode.PERCENTAGE, null, null, 200, true, true);
        assertThat(double_.target(100, 50)).containsExactly(100, 50);
    }

    @Test
    void resizesLikeImageMagicksLanczos() {
        BufferedImage source = TestImages.noisyGradient(400, 300);
        byte[] png = Fixtures.png(source);

        ToolOutput out = single(ResizeImage.NAME, png, Map.of("pixels_width", 200));

        assertThat(out.extension()).isEqualTo("png");
        assertThat(Fixtures.formatOf(out.bytes())).isEqualTo("png");
        assertThat(out.width()).isEqualTo(200);
        assertThat(out.height()).isEqualTo(150);
        BufferedImage ours = Fixtures.decode(out.bytes());
        BufferedImage theirs = Magick.convert(png, "png", "-filter", "Lanczos", "-resize", "200x150!");
        // Both Lanczos-3 in sRGB; they differ in edge handling and rounding: a mean under 2 levels of 255.
        assertThat(Magick.meanDifference(ours, theirs)).isLessThan(2.0);
    }

    @Test
    void shrinkOnLoadFollowsSharpsDefault() {
        assertThat(ResizeImage.jpegShrink(1.99)).isEqualTo(1);
        assertThat(ResizeImage.jpegShrink(4000 / 1024.0)).isEqualTo(2); // the bench's 12 MP photo to 1024 px
        // one step less when the reduction's whole part is the factor (libjpeg rounds scaled sizes up)
        assertThat(ResizeImage.jpegShrink(2.5)).isEqualTo(1);
        assertThat(ResizeImage.jpegShrink(4.2)).isEqualTo(2);
        assertThat(ResizeImage.jpegShrink(5.0)).isEqualTo(4);
        assertThat(ResizeImage.jpegShrink(16.0)).isEqualTo(8);
    }

    @Test
    void shrinksALargeJpegOnLoadAndStillMatchesTheReference() {
        byte[] photo = Fixtures.photo(); // 2560 x 1920: a reduction by 8.5 decodes at 1/4 first
        assertThat(ResizeImage.jpegShrink(2560 / 300.0)).isEqualTo(4);

        ToolOutput out = single(ResizeImage.NAME, photo, Map.of("pixels_width", 300));

        assertThat(out.extension()).isEqualTo("jpg");
        assertThat(Fixtures.formatOf(out.bytes())).isEqualTo("jpeg");
        assertThat(out.width()).isEqualTo(300);
        assertThat(out.height()).isEqualTo(225);
        BufferedImage ours = Fixtures.decode(out.bytes());
        BufferedImage theirs = Magick.convert(photo, "jpg", "-filter", "Lanczos", "-resize", "300x225!");
        assertThat(Ssim.of(ours, theirs)).isGreaterThan(0.95);
        assertThat(Magick.meanDifference(ours, theirs)).isLessThan(3.0);
    }

    @Test
    void percentageAndStretch() {
        byte[] jpeg = Fixtures.jpeg(Fixtures.quadrants(400, 200));
        ToolOutput half = single(ResizeImage.NAME, jpeg, Map.of("resize_mode", "percentage", "percentage", 25));
        assertThat(Fixtures.decode(half.bytes())).extracting(BufferedImage::getWidth, BufferedImage::getHeight)
                .containsExactly(100, 50);
        ToolOutput stretched = single(ResizeImage.NAME, jpeg, Map.of("pixels_width", 50, "pixels_height", 100,
                "maintain_ratio", false));
        BufferedImage decoded = Fixtures.decode(stretched.bytes());
        assertThat(decoded.getWidth()).isEqualTo(50);
        assertThat(decoded.getHeight()).isEqualTo(100);
        assertThat(distance(decoded.getRGB(10, 20), 0xFF0000)).isLessThan(40);
        assertThat(distance(decoded.getRGB(40, 80), 0xFFFFFF)).isLessThan(40);
    }

    @Test
    void sizesApplyToTheImageAsSeen() {
        // Stored 200 x 100 with orientation 6: seen 100 x 200. Then rotate 90: seen 200 x 100 again.
        byte[] jpeg = TestImages.withExifOrientation(Fixtures.jpeg(Fixtures.quadrants(200, 100)), 6);
        ToolOutput seen = single(ResizeImage.NAME, jpeg, Map.of("pixels_height", 100));
        assertThat(seen.width()).isEqualTo(50);
        assertThat(seen.height()).isEqualTo(100);
        BufferedImage upright = Fixtures.decode(seen.bytes());
        assertThat(distance(upright.getRGB(40, 10), 0xFF0000)).isLessThan(40); // red went to the top right
        ToolOutput turned = single(ResizeImage.NAME, new ToolInput(jpeg, "a.jpg", 90), Map.of("pixels_height", 50));
        assertThat(turned.width()).isEqualTo(100);
        assertThat(turned.height()).isEqualTo(50);
    }

    @Test
    void cmykJpegComesOutAsAnSrgbJpeg() {
        ToolOutput out = single(ResizeImage.NAME, Fixtures.cmykJpeg(Fixtures.quadrants(200, 100)),
                Map.of("pixels_width", 100));
        BufferedImage decoded = Fixtures.decode(out.bytes()); // ImageIO reads no CMYK: this is RGB
        assertThat(decoded.getWidth()).isEqualTo(100);
        assertThat(new Color(decoded.getRGB(20, 10)).getRed()).isGreaterThan(200);
        assertThat(new Color(decoded.getRGB(20, 10)).getGreen()).isLessThan(90);
    }

    @Test
    void sixteenBitPngStaysSixteenBit() {
        ToolOutput out = single(ResizeImage.NAME, Fixtures.png16(Fixtures.quadrants(100, 100)),
                Map.of("pixels_width", 50));
        BufferedImage decoded = Fixtures.decode(out.bytes());
        assertThat(decoded.getColorModel().getComponentSize(0)).isEqualTo(16);
        assertThat(decoded.getWidth()).isEqualTo(50);
        assertThat(distance(decoded.getRGB(10, 10), 0xFF0000)).isLessThan(3);
    }

    @Test
    void alphaIsKeptWithoutDarkFringes() {
        ToolOutput out = single(ResizeImage.NAME, Fixtures.alphaPng(100, 40), Map.of("pixels_width", 50));
        BufferedImage decoded = Fixtures.decode(out.bytes());
        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getRGB(45, 10) >>> 24).isZero();
        assertThat(decoded.getRGB(5, 10)).isEqualTo(0xFFFF0000);
        // Next to the edge, a visible pixel is red, not red mixed with the transparent pixels' blue (premultiplied).
        int edge = decoded.getRGB(24, 10);
        if ((edge >>> 24) > 32) {
            assertThat(new Color(edge, true).getBlue()).isLessThan(40);
        }
    }

    @Test
    void animatedGifIsResizedFrameByFrame() {
        byte[] gif = TestImages.animatedGif(60, 40, Color.RED, Color.GREEN, Color.BLUE);
        ToolOutput out = single(ResizeImage.NAME, gif, Map.of("pixels_width", 30));
        assertThat(out.extension()).isEqualTo("gif");
        assertThat(out.width()).isEqualTo(30);
        assertThat(out.height()).isEqualTo(20);
        assertThat(Fixtures.gifFrames(out.bytes())).isEqualTo(3);
        try (ToolImage again = ToolImage.load(out.bytes(), 0)) {
            assertThat(again.frames()).isEqualTo(3);
            assertThat(again.height()).isEqualTo(20);
            assertThat(again.delays()).containsExactly(100, 100, 100);
        }
    }

    @Test
    void anUpscaleBeyondThePixelLimitIsOutOfRange() {
        byte[] jpeg = Fixtures.jpeg(Fixtures.quadrants(4000, 3000));
        assertThat(statusOf(ResizeImage.NAME, jpeg, Map.of("resize_mode", "percentage", "percentage", 1000,
                "no_enlarge_if_smaller", false))).isEqualTo(FileStatus.OUT_OF_RANGE);
    }
}
