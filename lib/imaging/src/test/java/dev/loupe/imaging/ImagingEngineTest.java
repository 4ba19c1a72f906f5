package dev.loupe.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loupe.core.http.ApiError;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagingEngineTest {
    private final ImagingEngine engine = new ImagingEngine();
    private final byte[] jpeg = TestImages.encode(TestImages.gradient(640, 480), "jpg");

    @Test
    void theDefaultLibraryNameIsTheFileThePackageContains() {
        // Surefire points LOUPE_LIBVIPS_PATH at the fetched package; the layer default must name the same file.
        Path fetched = Path.of(System.getenv("LOUPE_LIBVIPS_PATH"));
        assertThat(fetched.getFileName().toString()).isEqualTo(Vips.LIBRARY_FILE);
        assertThat(Files.isRegularFile(fetched)).isTrue();
        assertThat(fetched.getParent().getParent().resolve("LICENSE")).exists();
    }

    @Test
    void probesJpegPngAndGifFromTheHeader() {
        assertThat(engine.probe(jpeg)).isEqualTo(new ImageInfo("jpeg", 640, 480, 1));
        BufferedImage small = TestImages.gradient(300, 200);
        assertThat(engine.probe(TestImages.encode(small, "png"))).isEqualTo(new ImageInfo("png", 300, 200, 1));
        assertThat(engine.probe(TestImages.encode(small, "gif"))).isEqualTo(new ImageInfo("gif", 300, 200, 1));
    }

    @Test
    void thumbnailIsAJpegInsideTheBoxWithTheAspectKept() {
        byte[] thumbnail = engine.thumbnailJpeg(jpeg, 200, 200, 80);

        assertThat(Arrays.copyOf(thumbnail, 2)).containsExactly(0xFF, 0xD8);
        BufferedImage decoded = TestImages.decode(thumbnail);
        assertThat(decoded.getWidth()).isEqualTo(200);
        assertThat(decoded.getHeight()).isEqualTo(150);
        assertThat(engine.probe(thumbnail).format()).isEqualTo("jpeg");
    }

    @Test
    void thumbnailOfAPngIsAJpegToo() {
        byte[] png = TestImages.encode(TestImages.gradient(300, 600), "png");

        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(png, 100, 100, 80));

        assertThat(decoded.getWidth()).isEqualTo(50);
        assertThat(decoded.getHeight()).isEqualTo(100);
    }

    @Test
    void thumbnailNeverEnlarges() {
        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(jpeg, 2000, 2000, 80));

        assertThat(decoded.getWidth()).isEqualTo(640);
        assertThat(decoded.getHeight()).isEqualTo(480);
    }

    @Test
    void thumbnailFollowsExifOrientation() {
        byte[] rotated = TestImages.withExifOrientation(jpeg, 6);
        ImageInfo info = engine.probe(rotated);
        assertThat(info).isEqualTo(new ImageInfo("jpeg", 640, 480, 1, 6)); // as stored, and how to turn it
        assertThat(info.displayWidth()).isEqualTo(480);
        assertThat(info.displayHeight()).isEqualTo(640);

        BufferedImage decoded = TestImages.decode(engine.thumbnailJpeg(rotated, 300, 300, 80));

        assertThat(decoded.getWidth()).isEqualTo(225); // upright: portrait
        assertThat(decoded.getHeight()).isEqualTo(300);
    }

    @Test
    void aTruncatedJpegIsADamagedFile() {
        byte[] truncated = Arrays.copyOf(jpeg, 200);

        assertThatThrownBy(() -> engine.probe(truncated)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("damaged_file");
            assertThat(e.getMessage()).startsWith("The file is damaged or is not an image: "); // the decoder's words
        });
    }

    @Test
    void aJpegCutAfterItsHeaderGivesNoHalfGreyThumbnail() {
        byte[] photo = TestImages.encode(TestImages.noisyGradient(640, 480), "jpg");
        byte[] cut = Arrays.copyOf(photo, photo.length / 2);
        assertThat(engine.probe(cut).width()).isEqualTo(640); // the header is intact

        assertThatThrownBy(() -> engine.thumbnailJpeg(cut, 100, 100, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("damaged_file"));
    }

    @Test
    void garbageInsideTheScanIsADamagedFileThoughLibjpegOnlyWarns() {
        byte[] photo = TestImages.encode(TestImages.noisyGradient(1600, 1200), "jpg");
        byte[] corrupt = TestImages.corruptMiddle(photo);
        assertThat(engine.probe(corrupt).width()).isEqualTo(1600); // the header is intact

        assertThatThrownBy(() -> engine.thumbnailJpeg(corrupt, 150, 150, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> {
                    assertThat(e.code()).isEqualTo("damaged_file");
                    // the decoder's words once, not the step that met them ("can't encode JPEG")
                    assertThat(e.getMessage()).isEqualTo("The file is damaged or is not an image: "
                            + "Corrupt JPEG data: premature end of data segment.");
                });
    }

    @Test
    void extraneousBytesBeforeTheEndMarkerAreAHarmlessNotice() {
        byte[] photo = TestImages.encode(TestImages.noisyGradient(1600, 1200), "jpg");
        byte[] extraneous = TestImages.extraneousBytesBeforeEnd(photo);

        for (int size : new int[] {150, 800}) {
            assertThat(TestImages.decode(engine.thumbnailJpeg(extraneous, size, size, 80)).getWidth())
                    .isEqualTo(size);
        }
    }

    @Test
    void thePixelLimitCountsEveryFrameOfAnAnimation() {
        byte[] threeFrames = TestImages.gifFrames(5000, 5000, 3); // 75 MP: under the default 100 MP
        byte[] fiveFrames = TestImages.gifFrames(5000, 5000, 5); // 125 MP, each frame 25 MP
        assertThat(engine.probe(fiveFrames)).isEqualTo(new ImageInfo("gif", 5000, 5000, 5));

        assertThatThrownBy(() -> engine.thumbnailJpeg(fiveFrames, 150, 150, 80)).isInstanceOfSatisfying(
                ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo("too_many_pixels");
                    assertThat(e.getMessage()).contains("5000 x 5000 x 5 frames = 125000000 pixels");
                });
        assertThatThrownBy(() -> new ImagingEngine(70_000_000).thumbnailJpeg(threeFrames, 150, 150, 80))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("too_many_pixels"));
    }

    @Test
    void randomBytesAreADamagedFile() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);

        assertThatThrownBy(() -> engine.probe(noise)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("damaged_file");
        });
        assertThatThrownBy(() -> engine.thumbnailJpeg(noise, 100, 100, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("damaged_file"));
        assertThatThrownBy(() -> engine.probe(new byte[0])).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("damaged_file"));
    }

    @Test
    void aPixelBombIsRefusedFromItsHeader() {
        byte[] bomb = TestImages.pngClaiming(30_000, 30_000);
        assertThat(bomb.length).isLessThan(1_000);
        assertThat(engine.probe(bomb)).isEqualTo(new ImageInfo("png", 30_000, 30_000, 1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.thumbnailJpeg(bomb, 100, 100, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("too_many_pixels");
                    assertThat(e.getMessage()).contains("30000 x 30000");
                });
        System.out.printf("pixel bomb refused in %.2f ms%n", (System.nanoTime() - start) / 1e6);
    }

    @Test
    void theLimitIsConfigurable() {
        ImagingEngine strict = new ImagingEngine(640 * 480 - 1);

        assertThatThrownBy(() -> strict.thumbnailJpeg(jpeg, 100, 100, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("too_many_pixels"));
        assertThat(new ImagingEngine(640 * 480).thumbnailJpeg(jpeg, 100, 100, 80)).isNotEmpty();
    }

    @Test
    void anErrorDoesNotLeakIntoTheNextCall() {
        // libvips' error buffer is process-wide: each failure must take and clear it, or messages would pile up.
        ApiError first = catchThrowableOfType(ApiError.class, () -> engine.probe(new byte[] {1, 2, 3}));
        assertThat(engine.probe(jpeg).width()).isEqualTo(640);
        ApiError second = catchThrowableOfType(ApiError.class, () -> engine.probe(new byte[] {4, 5, 6}));

        assertThat(first.getMessage()).contains("not in a known format");
        assertThat(second.getMessage()).isEqualTo(first.getMessage());
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> engine.thumbnailJpeg(jpeg, 0, 100, 80)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.param()).contains("maxWidth"));
        assertThatThrownBy(() -> engine.thumbnailJpeg(jpeg, 100, 100, 101)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.param()).contains("quality"));
    }
}
