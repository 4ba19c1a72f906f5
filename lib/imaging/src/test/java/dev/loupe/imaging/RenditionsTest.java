package dev.loupe.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.http.ApiError;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenditionsTest {
    private final ImagingEngine engine = new ImagingEngine();
    private static final List<Rendition.Format> ALL = List.of(Rendition.Format.AVIF, Rendition.Format.WEBP,
            Rendition.Format.JPEG);

    @Test
    void everyWidthInEveryFormatWithTheAspectKept() {
        byte[] photo = TestImages.encode(TestImages.noisyGradient(2400, 1600), "jpg");

        List<Rendition> renditions = engine.renditions(photo, List.of(320, 640, 1280, 2048), ALL);

        assertThat(renditions).hasSize(12);
        for (Rendition r : renditions) {
            assertThat(r.height()).isEqualTo(Math.round(r.width() * 1600 / 2400f));
            ImageInfo info = engine.probe(r.bytes());
            assertThat(info.width()).isEqualTo(r.width());
            assertThat(info.format()).isEqualTo(switch (r.format()) {
                case AVIF -> "heif";
                case WEBP -> "webp";
                case JPEG -> "jpeg";
            });
        }
        assertThat(renditions.stream().map(Rendition::width).distinct()).containsExactly(2048, 1280, 640, 320);
    }

    @Test
    void neverEnlargedAndTheOriginalWidthStandsInForWhatItDoesNotReach() {
        byte[] small = TestImages.encode(TestImages.gradient(900, 600), "png");

        List<Rendition> renditions = engine.renditions(small, List.of(320, 640, 1280, 2048),
                List.of(Rendition.Format.JPEG));

        assertThat(renditions).extracting(Rendition::width).containsExactly(900, 640, 320);
    }

    @Test
    void anExifRotatedPhotoIsUpright() {
        byte[] turned = TestImages.withExifOrientation(TestImages.encode(TestImages.gradient(800, 400), "jpg"), 6);

        Rendition r = engine.renditions(turned, List.of(320), List.of(Rendition.Format.WEBP)).getFirst();

        assertThat(r.width()).isEqualTo(320);
        assertThat(r.height()).isEqualTo(640);
    }

    @Test
    void theSharingCropIsExactlyTheBoxAroundTheInterestingPart() {
        // A flat grey panorama with one saturated red disc near its right end: the centre would miss it.
        BufferedImage wide = TestImages.solid(3000, 1000, new Color(128, 128, 128));
        Graphics2D g = wide.createGraphics();
        g.setColor(new Color(220, 30, 30));
        g.fillOval(2500, 350, 300, 300);
        g.dispose();

        BufferedImage crop = TestImages.decode(engine.smartCropJpeg(TestImages.encode(wide, "png"), 1200, 630, 85));

        assertThat(crop.getWidth()).isEqualTo(1200);
        assertThat(crop.getHeight()).isEqualTo(630);
        assertThat(redPixels(crop)).as("the disc is in the crop").isGreaterThan(10_000);
    }

    @Test
    void theSharingCropEnlargesASmallImage() {
        BufferedImage crop = TestImages.decode(engine.smartCropJpeg(
                TestImages.encode(TestImages.gradient(300, 400), "png"), 1200, 630, 85));

        assertThat(crop.getWidth()).isEqualTo(1200);
        assertThat(crop.getHeight()).isEqualTo(630);
    }

    @Test
    void smallPixelsAreUprightSrgbTriples() {
        byte[] red = TestImages.encode(TestImages.solid(400, 200, new Color(200, 20, 20)), "png");

        SmallPixels pixels = engine.smallPixels(red, 32);

        assertThat(pixels.width()).isEqualTo(32);
        assertThat(pixels.height()).isEqualTo(16);
        assertThat(pixels.red(5, 5)).isBetween(190, 210);
        assertThat(pixels.green(5, 5)).isBetween(10, 30);
    }

    @Test
    void damagedBytesAreRefusedAsDamaged() {
        assertThatThrownBy(() -> engine.renditions(new byte[] {1, 2, 3}, List.of(320), ALL))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("damaged_file"));
    }

    private static int redPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80) {
                    n++;
                }
            }
        }
        return n;
    }
}
