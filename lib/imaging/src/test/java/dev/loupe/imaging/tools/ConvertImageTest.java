package dev.loupe.imaging.tools;

import static dev.loupe.imaging.tools.Fixtures.distance;
import static dev.loupe.imaging.tools.ToolAssertions.assertInvalid;
import static dev.loupe.imaging.tools.ToolAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.tools.FileStatus;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.NodeList;

class ConvertImageTest {
    private static final BufferedImage SOURCE = TestImages.noisyGradient(160, 120);

    @Test
    void readsTheReferencesParametersWithItsDefaults() {
        assertThat(ConvertImage.Options.parse(Map.of()))
                .isEqualTo(new ConvertImage.Options(ConvertImage.Target.JPG, 50, true));
        assertThat(ConvertImage.Options.parse(Map.of("to", "gif_animation", "gif_time", "20", "gif_loop", false)))
                .isEqualTo(new ConvertImage.Options(ConvertImage.Target.GIF_ANIMATION, 20, false));
        assertInvalid(() -> ConvertImage.Options.parse(Map.of("to", "bmp")), "to");
        assertInvalid(() -> ConvertImage.Options.parse(Map.of("to", "gif_animation", "gif_time", 0)), "gif_time");
        assertInvalid(() -> ConvertImage.Options.parse(Map.of("gif_loop", "sometimes")), "gif_loop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "webp", "tiff", "bmp"})
    void convertsEachReadableFormatToJpg(String from) {
        byte[] input = from.equals("webp") ? Fixtures.webp(SOURCE) : TestImages.encode(SOURCE, from);

        ToolOutput out = single(ConvertImage.NAME, input, Map.of("to", "jpg"));

        assertThat(out.extension()).isEqualTo("jpg");
        assertThat(Fixtures.formatOf(out.bytes())).isEqualTo("jpeg");
        BufferedImage decoded = Fixtures.decode(out.bytes());
        // Against the input's own pixels (as ImageIO or, for WebP, ImageMagick decodes them): only JPEG's loss.
        BufferedImage reference = from.equals("webp") ? Magick.convert(input, "webp")
                : TestImages.decode(input);
        assertThat(Magick.meanDifference(decoded, reference)).isLessThan(4.0);
    }

    @Test
    void convertsAvifToJpg() {
        // sharp's libvips reads and writes AVIF (HEIF with AV1); HEIC's HEVC codec is not in it.
        byte[] avif = TestImages.viaVips(Fixtures.png(Fixtures.quadrants(64, 48)), ".avif[Q=90]");
        ToolOutput out = single(ConvertImage.NAME, avif, Map.of("to", "jpg"));
        BufferedImage decoded = Fixtures.decode(out.bytes());
        assertThat(decoded.getWidth()).isEqualTo(64);
        assertThat(distance(decoded.getRGB(10, 10), 0xFF0000)).isLessThan(40);
        assertThat(distance(decoded.getRGB(50, 40), 0xFFFFFF)).isLessThan(40);
    }

    @Test
    void turnsTheImageUprightByItsExifOrientationFirst() {
        // 8: shown turned 90 degrees counter-clockwise, so the stored top left (red) is seen at the bottom left.
        byte[] jpeg = TestImages.withExifOrientation(Fixtures.jpeg(Fixtures.quadrants(200, 100)), 8);
        ToolOutput out = single(ConvertImage.NAME, jpeg, Map.of("to", "png"));
        BufferedImage decoded = Fixtures.decode(out.bytes());
        assertThat(decoded.getWidth()).isEqualTo(100);
        assertThat(decoded.getHeight()).isEqualTo(200);
        assertThat(distance(decoded.getRGB(25, 175), 0xFF0000)).isLessThan(40);
        assertThat(distance(decoded.getRGB(75, 25), 0xFFFFFF)).isLessThan(40);
    }

    @Test
    void convertsJpgToPngAndGifLikeImageMagick() {
        byte[] jpeg = Fixtures.jpeg(SOURCE);
        ToolOutput png = single(ConvertImage.NAME, jpeg, Map.of("to", "png"));
        assertThat(Fixtures.formatOf(png.bytes())).isEqualTo("png");
        BufferedImage magick = Magick.convert(jpeg, "jpg");
        // The same JPEG decoded by libjpeg-turbo (ours) and ImageMagick's libjpeg: at most rounding apart.
        assertThat(Magick.meanDifference(Fixtures.decode(png.bytes()), magick)).isLessThan(1.0);

        ToolOutput gif = single(ConvertImage.NAME, jpeg, Map.of("to", "gif"));
        assertThat(Fixtures.formatOf(gif.bytes())).isEqualTo("gif");
        assertThat(gif.width()).isEqualTo(160);
        // 256 colours for a noisy gradient: a few levels off on average, dithered.
        assertThat(Magick.meanDifference(Fixtures.decode(gif.bytes()), magick)).isLessThan(8.0);
    }

    @Test
    void cmykJpegBecomesAnRgbPng() {
        ToolOutput out = single(ConvertImage.NAME, Fixtures.cmykJpeg(Fixtures.quadrants(100, 80)), Map.of("to", "png"));
        BufferedImage decoded = Fixtures.decode(out.bytes());
        assertThat(decoded.getColorModel().getNumColorComponents()).isEqualTo(3);
        assertThat(new Color(decoded.getRGB(10, 10)).getRed()).isGreaterThan(200);
        assertThat(distance(decoded.getRGB(90, 70), 0xFFFFFF)).isLessThan(25);
    }

    @Test
    void sixteenBitPngStaysSixteenBitInPngAndIsScaledForJpg() {
        byte[] png16 = Fixtures.png16(Fixtures.quadrants(64, 64));
        BufferedImage png = Fixtures.decode(single(ConvertImage.NAME, png16, Map.of("to", "png")).bytes());
        assertThat(png.getColorModel().getComponentSize(0)).isEqualTo(16);
        BufferedImage jpeg = Fixtures.decode(single(ConvertImage.NAME, png16, Map.of("to", "jpg")).bytes());
        assertThat(distance(jpeg.getRGB(50, 50), 0xFFFFFF)).isLessThan(10);
        assertThat(distance(jpeg.getRGB(10, 10), 0xFF0000)).isLessThan(40);
    }

    @Test
    void alphaIsFlattenedOntoWhiteForJpgAndKeptForPngAndGif() {
        byte[] alpha = Fixtures.alphaPng(40, 20);
        BufferedImage jpeg = Fixtures.decode(single(ConvertImage.NAME, alpha, Map.of("to", "jpg")).bytes());
        assertThat(distance(jpeg.getRGB(35, 10), 0xFFFFFF)).isLessThan(10);
        BufferedImage gif = Fixtures.decode(single(ConvertImage.NAME, alpha, Map.of("to", "gif")).bytes());
        assertThat(gif.getRGB(35, 10) >>> 24).isZero();
        assertThat(distance(gif.getRGB(3, 10), 0xFF0000)).isLessThan(10);
    }

    @Test
    void anAnimatedGifStaysAnimatedAsGifAndGivesItsFirstFrameAsJpg() {
        byte[] gif = TestImages.animatedGif(30, 20, Color.RED, Color.GREEN, Color.BLUE);
        ToolOutput asGif = single(ConvertImage.NAME, gif, Map.of("to", "gif"));
        assertThat(Fixtures.gifFrames(asGif.bytes())).isEqualTo(3);
        ToolOutput asJpg = single(ConvertImage.NAME, gif, Map.of("to", "jpg"));
        BufferedImage first = Fixtures.decode(asJpg.bytes());
        assertThat(first.getHeight()).isEqualTo(20);
        assertThat(distance(first.getRGB(15, 10), 0xFF0000)).isLessThan(30);
    }

    @Test
    void gifAnimationMakesOneAnimationOfAllTheFiles() {
        List<ToolInput> inputs = List.of(
                new ToolInput(Fixtures.png(TestImages.solid(60, 40, Color.RED)), "red.png", 0),
                new ToolInput(Fixtures.jpeg(TestImages.solid(120, 40, Color.BLUE)), "blue.jpg", 0), // other size
                // A JPEG's start, then garbage: an image format's file, broken (bytes no format claims are NoImages).
                new ToolInput(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 'b', 'r', 'o', 'k', 'e', 'n'},
                        "broken.jpg", 0),
                new ToolInput(TestImages.animatedGif(30, 20, Color.GREEN, Color.WHITE), "two.gif", 0));

        ToolResult result = ToolAssertions.TOOLS.apply(ConvertImage.NAME, inputs,
                Map.of("to", "gif_animation", "gif_time", 25, "gif_loop", true));

        assertThat(result.files()).extracting(ToolResult.FileResult::status).containsExactly(FileStatus.FILE_SUCCESS,
                FileStatus.FILE_SUCCESS, FileStatus.DAMAGED_FILE, FileStatus.FILE_SUCCESS);
        assertThat(result.files()).allSatisfy(file -> assertThat(file.output()).isNull());
        ToolOutput gif = result.combined().orElseThrow();
        assertThat(gif.extension()).isEqualTo("gif");
        assertThat(gif.width()).isEqualTo(60);
        assertThat(gif.height()).isEqualTo(40);
        List<BufferedImage> frames = gifFrames(gif.bytes());
        assertThat(frames).hasSize(4);
        int[] expected = {0xFF0000, 0x0000FF, 0x00FF00, 0xFFFFFF};
        for (int i = 0; i < 4; i++) {
            assertThat(distance(composited(gif.bytes(), i).getRGB(30, 20), expected[i])).as("frame " + i)
                    .isLessThan(30);
        }
        assertThat(gifDelays(gif.bytes())).containsExactly(25, 25, 25, 25); // hundredths of a second
        assertThat(gifLoop(gif.bytes())).contains(0); // NETSCAPE loop count 0: for ever
    }

    @Test
    void gifAnimationLetterboxesAPortraitFrameInsteadOfCuttingIt() {
        // 120 x 90 (4:3) first, then a 60 x 120 portrait whose top and bottom 10 rows are green and blue.
        BufferedImage portrait = TestImages.solid(60, 120, Color.WHITE);
        java.awt.Graphics2D g = portrait.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 60, 10);
        g.setColor(Color.BLUE);
        g.fillRect(0, 110, 60, 10);
        g.dispose();
        List<ToolInput> inputs = List.of(new ToolInput(Fixtures.png(TestImages.solid(120, 90, Color.RED))),
                new ToolInput(Fixtures.png(portrait)));

        ToolOutput gif = ToolAssertions.TOOLS.apply(ConvertImage.NAME, inputs, Map.of("to", "gif_animation"))
                .combined().orElseThrow();

        assertThat(gif.width()).isEqualTo(120);
        assertThat(gif.height()).isEqualTo(90);
        // Fitted to 45 x 90 and centred: its first and last rows are in the frame, black bars either side.
        BufferedImage frame = Magick.convert(gif.bytes(), "gif", "-coalesce", "-delete", "0");
        assertThat(distance(frame.getRGB(60, 0), 0x00FF00)).as("top row").isLessThan(30);
        assertThat(distance(frame.getRGB(60, 89), 0x0000FF)).as("bottom row").isLessThan(30);
        assertThat(distance(frame.getRGB(60, 45), 0xFFFFFF)).as("middle").isLessThan(30);
        assertThat(distance(frame.getRGB(5, 45), 0x000000)).as("left bar").isLessThan(30);
        assertThat(distance(frame.getRGB(114, 45), 0x000000)).as("right bar").isLessThan(30);
    }

    @Test
    void gifAnimationWithoutLoopPlaysOnce() {
        List<ToolInput> inputs = List.of(new ToolInput(Fixtures.png(TestImages.solid(20, 20, Color.RED))),
                new ToolInput(Fixtures.png(TestImages.solid(20, 20, Color.BLUE))));
        ToolResult result = ToolAssertions.TOOLS.apply(ConvertImage.NAME, inputs,
                Map.of("to", "gif_animation", "gif_loop", "false"));
        byte[] gif = result.combined().orElseThrow().bytes();
        assertThat(gifDelays(gif)).containsExactly(50, 50); // the task API's default gif_time
        // Played once: no NETSCAPE loop block at all (a count of 1 would mean one repeat in browsers).
        assertThat(gifLoop(gif)).isEmpty();
    }

    @Test
    void gifAnimationOfNothingReadableHasNoOutput() {
        ToolResult result = ToolAssertions.TOOLS.apply(ConvertImage.NAME, List.of(new ToolInput(new byte[0])),
                Map.of("to", "gif_animation"));
        assertThat(result.files().getFirst().status()).isEqualTo(FileStatus.DAMAGED_FILE);
        assertThat(result.combined()).isEmpty();
    }

    private static List<BufferedImage> gifFrames(byte[] gif) {
        List<BufferedImage> frames = new ArrayList<>();
        withReader(gif, reader -> {
            for (int i = 0; i < reader.getNumImages(true); i++) {
                frames.add(reader.read(i));
            }
        });
        return frames;
    }

    /** Frame i as shown: libvips may store only the changed part of a frame, so ImageMagick composes it. */
    private static BufferedImage composited(byte[] gif, int i) {
        return Magick.convert(gif, "gif", "-coalesce", "-delete", deleteAllBut(i, 4));
    }

    private static String deleteAllBut(int keep, int count) {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i != keep) {
                others.add(String.valueOf(i));
            }
        }
        return String.join(",", others);
    }

    private static List<Integer> gifDelays(byte[] gif) {
        List<Integer> delays = new ArrayList<>();
        withReader(gif, reader -> {
            for (int i = 0; i < reader.getNumImages(true); i++) {
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                        .getAsTree("javax_imageio_gif_image_1.0");
                NodeList control = root.getElementsByTagName("GraphicControlExtension");
                delays.add(Integer.parseInt(((IIOMetadataNode) control.item(0)).getAttribute("delayTime")));
            }
        });
        return delays;
    }

    /** The NETSCAPE2.0 loop count, empty when the GIF has no such block (it plays once). */
    private static Optional<Integer> gifLoop(byte[] gif) {
        List<Integer> loop = new ArrayList<>();
        withReader(gif, reader -> {
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0)
                    .getAsTree("javax_imageio_gif_image_1.0");
            NodeList extensions = root.getElementsByTagName("ApplicationExtension");
            for (int i = 0; i < extensions.getLength(); i++) {
                IIOMetadataNode extension = (IIOMetadataNode) extensions.item(i);
                if ("NETSCAPE".equals(extension.getAttribute("applicationID"))) {
                    byte[] data = (byte[]) extension.getUserObject();
                    loop.add((data[1] & 0xff) | ((data[2] & 0xff) << 8));
                }
            }
        });
        return loop.stream().findFirst();
    }

    private interface ReaderUse {
        void accept(ImageReader reader) throws IOException;
    }

    private static void withReader(byte[] gif, ReaderUse use) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            try {
                use.accept(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
