package dev.loupe.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.ImageType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The six formats the image library accepts, each through probe and thumbnail, whole, cut short, and as bombs. */
class ImagingFormatsTest {
    private final ImagingEngine engine = new ImagingEngine();

    /** How each format's sample is made: ImageIO where it can write the format, libvips for WebP. */
    enum Sample {
        JPEG(ImageType.JPEG, "jpeg", image -> TestImages.encode(image, "jpg")),
        PNG(ImageType.PNG, "png", image -> TestImages.encode(image, "png")),
        GIF(ImageType.GIF, "gif", image -> TestImages.encode(image, "gif")),
        WEBP(ImageType.WEBP, "webp", image -> TestImages.viaVips(TestImages.encode(image, "png"), ".webp[Q=90]")),
        BMP(ImageType.BMP, "bmp", image -> TestImages.encode(image, "bmp")),
        TIFF(ImageType.TIFF, "tiff", image -> TestImages.encode(image, "tiff"));

        final ImageType type;
        final String format;
        final Function<BufferedImage, byte[]> encoder;

        Sample(ImageType type, String format, Function<BufferedImage, byte[]> encoder) {
            this.type = type;
            this.format = format;
            this.encoder = encoder;
        }

        byte[] of(BufferedImage image) {
            return encoder.apply(image);
        }
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void probesEachFormatFromItsHeader(Sample sample) {
        byte[] bytes = sample.of(TestImages.gradient(320, 240));
        assertThat(ImageType.detect(bytes)).contains(sample.type); // the sample is what it says

        ImageInfo info = engine.probe(bytes);

        assertThat(info).isEqualTo(new ImageInfo(sample.format, 320, 240, 1));
        assertThat(info.type()).contains(sample.type);
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void thumbnailsEachFormat(Sample sample) {
        byte[] bytes = sample.of(TestImages.gradient(320, 240));

        byte[] thumbnail = engine.thumbnailJpeg(bytes, 100, 100, 80);

        assertThat(ImageType.detect(thumbnail)).contains(ImageType.JPEG);
        BufferedImage decoded = TestImages.decode(thumbnail);
        assertThat(decoded.getWidth()).isEqualTo(100);
        assertThat(decoded.getHeight()).isEqualTo(75);
        // The gradient runs from orange at the top left to blue at the bottom right: the pixels came through.
        assertThat(new Color(decoded.getRGB(2, 2)).getRed()).isGreaterThan(200);
        assertThat(new Color(decoded.getRGB(97, 72)).getBlue()).isGreaterThan(200);
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void aFileCutShortIsDamaged(Sample sample) {
        byte[] whole = sample.of(TestImages.noisyGradient(320, 240));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> engine.thumbnailJpeg(cut, 100, 100, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("damaged_file");
                });
        byte[] headless = Arrays.copyOf(whole, 20); // cut inside the header: not even probe can read it
        assertThatThrownBy(() -> engine.probe(headless)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("damaged_file"));
    }

    @Test
    void anAnimatedGifHasItsFramesAsPagesAndItsThumbnailIsTheFirstFrame() {
        byte[] gif = TestImages.animatedGif(120, 80, Color.RED, Color.GREEN, Color.BLUE);

        assertThat(engine.probe(gif)).isEqualTo(new ImageInfo("gif", 120, 80, 3));

        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(gif, 60, 60, 90));
        assertThat(decoded.getWidth()).isEqualTo(60);
        assertThat(decoded.getHeight()).isEqualTo(40);
        Color middle = new Color(decoded.getRGB(30, 20));
        assertThat(middle.getRed()).isGreaterThan(200);
        assertThat(middle.getGreen()).isLessThan(50);
        assertThat(middle.getBlue()).isLessThan(50);
    }

    @Test
    void theThumbnailsPixelLimitCountsEveryFrameThoughItDecodesOne() {
        // issue 13: a stored animation goes on to the tools, which decode every frame, so the limit counts them all
        byte[] gif = TestImages.animatedGif(120, 80, Color.RED, Color.GREEN, Color.BLUE);
        ImageInfo info = engine.probe(gif);
        assertThat(info.pixels()).isEqualTo(3L * 120 * 80);

        assertThat(new ImagingEngine(3 * 120 * 80).thumbnailJpeg(gif, 60, 60, 80)).isNotEmpty();
        assertThatThrownBy(() -> new ImagingEngine(3 * 120 * 80 - 1).thumbnailJpeg(gif, 60, 60, 80))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("too_many_pixels"));
    }

    @Test
    void aMultiPageTiffHasItsPagesAndItsThumbnailIsTheFirstPage() {
        byte[] tiff = TestImages.multiPageTiff(TestImages.solid(200, 100, Color.RED),
                TestImages.solid(200, 100, Color.BLUE));

        assertThat(engine.probe(tiff)).isEqualTo(new ImageInfo("tiff", 200, 100, 2));
        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(tiff, 50, 50, 90));
        assertThat(decoded.getWidth()).isEqualTo(50);
        assertThat(decoded.getHeight()).isEqualTo(25);
        assertThat(new Color(decoded.getRGB(25, 12)).getRed()).isGreaterThan(200);
    }

    @Test
    void transparencyIsFlattenedOntoWhite() {
        byte[] clear = TestImages.encode(TestImages.solid(100, 100, new Color(0, 0, 0, 0)), "png");
        byte[] halfRed = TestImages.encode(TestImages.solid(100, 100, new Color(255, 0, 0, 128)), "png");

        assertThat(middle(engine.thumbnailJpeg(clear, 50, 50, 95))).satisfies(c -> {
            assertThat(c.getRed()).isGreaterThan(250);
            assertThat(c.getGreen()).isGreaterThan(250);
            assertThat(c.getBlue()).isGreaterThan(250);
        });
        assertThat(middle(engine.thumbnailJpeg(halfRed, 50, 50, 95))).satisfies(c -> {
            assertThat(c.getRed()).isGreaterThan(250);
            assertThat(c.getGreen()).isBetween(115, 140); // half of white shows through
            assertThat(c.getBlue()).isBetween(115, 140);
        });
        // WebP and GIF carry transparency too.
        assertThat(middle(engine.thumbnailJpeg(TestImages.viaVips(clear, ".webp"), 50, 50, 95)).getBlue())
                .isGreaterThan(250);
        assertThat(middle(engine.thumbnailJpeg(TestImages.viaVips(clear, ".gif"), 50, 50, 95)).getBlue())
                .isGreaterThan(250);
    }

    @Test
    void bombsAreRefusedFromTheirHeadersInEachFormatThatCanBeOne() {
        byte[][] bombs = {TestImages.pngClaiming(50_000, 50_000), TestImages.gifClaiming(50_000, 50_000),
                TestImages.bmpRleClaiming(50_000, 50_000)};
        for (byte[] bomb : bombs) {
            assertThat(bomb.length).isLessThan(1_000);
            ImageInfo info = engine.probe(bomb);
            assertThat(info.width()).isEqualTo(50_000);
            assertThat(info.height()).isEqualTo(50_000);

            long start = System.nanoTime();
            assertThatThrownBy(() -> engine.thumbnailJpeg(bomb, 100, 100, 80)).isInstanceOfSatisfying(
                    ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("too_many_pixels");
                        assertThat(e.getMessage()).contains("50000 x 50000");
                    });
            System.out.printf("%s bomb refused in %.2f ms%n", info.format(), (System.nanoTime() - start) / 1e6);
        }
    }

    @Test
    void aBmpIsReadFromItsHeaderAndDecodedByImageIo() {
        // Palette (8-bit) and top-down BMPs are BMPs too.
        BufferedImage palette = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_INDEXED);
        palette.createGraphics().drawImage(TestImages.gradient(64, 32), 0, 0, null);
        byte[] bmp = TestImages.encode(palette, "bmp");

        assertThat(engine.probe(bmp)).isEqualTo(new ImageInfo("bmp", 64, 32, 1));
        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(bmp, 32, 32, 80));
        assertThat(decoded.getWidth()).isEqualTo(32);
        assertThat(decoded.getHeight()).isEqualTo(16);
    }

    @Test
    void aTopDownBmpHasItsHeightAsAPositiveNumber() {
        BufferedImage redOverBlue = TestImages.solid(64, 32, Color.RED);
        Graphics2D g = redOverBlue.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 16, 64, 16);
        g.dispose();
        byte[] bmp = TestImages.encode(redOverBlue, "bmp");
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -32); // the rows now run top to bottom

        assertThat(engine.probe(bmp)).isEqualTo(new ImageInfo("bmp", 64, 32, 1));
        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(bmp, 64, 64, 90));
        assertThat(decoded.getHeight()).isEqualTo(32);
        // The bottom row, stored first, is now read as the top one: upside down, as the header says.
        assertThat(new Color(decoded.getRGB(32, 4)).getBlue()).isGreaterThan(200);
        assertThat(new Color(decoded.getRGB(32, 28)).getRed()).isGreaterThan(200);
    }

    @Test
    void aBmpThatIsNotOneIsDamaged() {
        byte[] bmp = TestImages.encode(TestImages.gradient(64, 32), "bmp");
        byte[] nonsense = bmp.clone();
        nonsense[28] = 77; // bits per pixel: 77 is no depth BMP knows
        assertThatThrownBy(() -> engine.thumbnailJpeg(nonsense, 32, 32, 80)).isInstanceOfSatisfying(
                ApiError.class, e -> assertThat(e.code()).isEqualTo("damaged_file"));

        for (int height : new int[] {0, Integer.MIN_VALUE}) {
            byte[] odd = bmp.clone();
            ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(22, height);
            assertThatThrownBy(() -> engine.probe(odd)).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.code()).isEqualTo("damaged_file"));
        }
    }

    /** Numbers, not a check: run with -Dloupe.bench=true (it takes about 20 s, mostly making the samples). */
    @Test
    @EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
    void timesAPhotoSizedThumbnailInEachFormat() {
        BufferedImage photo = TestImages.noisyGradient(4000, 3000);
        for (Sample sample : Sample.values()) {
            byte[] bytes = sample.of(photo);
            engine.thumbnailJpeg(bytes, 256, 256, 80); // warm up
            long start = System.nanoTime();
            int runs = 3;
            for (int i = 0; i < runs; i++) {
                engine.thumbnailJpeg(bytes, 256, 256, 80);
            }
            long probeStart = System.nanoTime();
            engine.probe(bytes);
            System.out.printf("12 MP %s (%d KB): thumbnail %.0f ms, probe %.2f ms%n", sample, bytes.length / 1024,
                    (probeStart - start) / 1e6 / runs, (System.nanoTime() - probeStart) / 1e6);
        }
    }

    private static Color middle(byte[] jpeg) {
        BufferedImage image = TestImages.decode(jpeg);
        return new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
    }
}
