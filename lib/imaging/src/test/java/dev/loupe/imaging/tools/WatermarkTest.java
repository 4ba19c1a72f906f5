package dev.loupe.imaging.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.Mappers;
import dev.loupe.core.http.TaskApi;
import dev.loupe.imaging.tools.FileStatus;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The watermark tool on real pixels: outputs are decoded and inspected (where the ink is, its colour and opacity),
 * rendered by libvips with the fonts the build fetched.
 */
class WatermarkTest {
    private static final int W = 600;
    private static final int H = 300;
    private static final Watermark.StampImages NO_STAMPS = name -> Optional.empty();

    // --- placement ---

    @Test
    void southEastPutsTheTextInTheBottomRightCornerAndLeavesTheRestAlone() throws IOException {
        BufferedImage out = stamp(whitePng(W, H), WatermarkElement.text("LOUPE")
                .withGravity(WatermarkGravity.SOUTH_EAST).withFont(WatermarkFont.ARIAL, WatermarkStyle.REGULAR, 40));

        Box ink = inkBox(out);
        // Flush with the right and bottom edges (the ink box is what is placed), a few pixels of antialiasing aside.
        assertThat(ink.maxX()).isBetween(W - 3, W - 1);
        assertThat(ink.maxY()).isBetween(H - 3, H - 1);
        assertThat(ink.minX()).isGreaterThan(W / 2);
        assertThat(ink.minY()).isGreaterThan(H / 2);
        // 40 px type: capitals about 29 px tall.
        assertThat(ink.height()).isBetween(26, 32);
        assertThat(changedIn(out, 0, 0, W / 2, H / 2)).isZero();
    }

    @ParameterizedTest
    @EnumSource(WatermarkGravity.class)
    void everyGravityPutsTheTextInItsNinth(WatermarkGravity gravity) throws IOException {
        BufferedImage out = stamp(whitePng(W, H), WatermarkElement.text("Loupe")
                .withGravity(gravity).withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 30));

        Box ink = inkBox(out);
        int column = switch (gravity) {
            case NORTH_WEST, WEST, CENTER_WEST, SOUTH_WEST -> 0;
            case NORTH, CENTER, SOUTH -> 1;
            default -> 2;
        };
        int row = switch (gravity) {
            case NORTH_WEST, NORTH, NORTH_EAST -> 0;
            case WEST, CENTER_WEST, CENTER, CENTER_EAST, EAST -> 1;
            default -> 2;
        };
        assertThat(ink.centreX() * 3 / W).as("column of %s", gravity).isEqualTo(column);
        assertThat(ink.centreY() * 3 / H).as("row of %s", gravity).isEqualTo(row);
        // Flush with the edges it names, centred on the others.
        if (column == 0) {
            assertThat(ink.minX()).isLessThanOrEqualTo(2);
        } else if (column == 2) {
            assertThat(ink.maxX()).isGreaterThanOrEqualTo(W - 3);
        } else {
            assertThat(Math.abs(ink.centreX() - W / 2)).isLessThanOrEqualTo(2);
        }
        if (row == 0) {
            assertThat(ink.minY()).isLessThanOrEqualTo(2);
        } else if (row == 2) {
            assertThat(ink.maxY()).isGreaterThanOrEqualTo(H - 3);
        } else {
            assertThat(Math.abs(ink.centreY() - H / 2)).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void adjustmentsMoveByPercentsOfTheImage() throws IOException {
        WatermarkElement element = WatermarkElement.text("Loupe").withGravity(WatermarkGravity.NORTH_WEST)
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 30);
        Box still = inkBox(stamp(whitePng(W, H), element));
        Box moved = inkBox(stamp(whitePng(W, H), element.withAdjustments(50, 25)));
        Box back = inkBox(stamp(whitePng(W, H), element.withGravity(WatermarkGravity.SOUTH_EAST)
                .withAdjustments(-10, -20)));
        Box southEast = inkBox(stamp(whitePng(W, H), element.withGravity(WatermarkGravity.SOUTH_EAST)));

        // Vertical 50% of 300 px down, horizontal 25% of 600 px right.
        assertThat(moved.minY() - still.minY()).isBetween(149, 151);
        assertThat(moved.minX() - still.minX()).isBetween(149, 151);
        // Negative: up and left.
        assertThat(southEast.minY() - back.minY()).isBetween(29, 31);
        assertThat(southEast.minX() - back.minX()).isBetween(119, 121);
    }

    @Test
    void textPushedPartlyOffTheImageIsCutOff() throws IOException {
        WatermarkElement element = WatermarkElement.text("MMMMMMMM").withGravity(WatermarkGravity.EAST)
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 40);
        Box inside = inkBox(stamp(whitePng(W, H), element));
        BufferedImage out = stamp(whitePng(W, H), element.withAdjustments(0, 10));
        assertThat(out.getWidth()).isEqualTo(W);
        Box cut = inkBox(out);
        assertThat(cut.minX() - inside.minX()).isBetween(59, 61);
        assertThat(cut.maxX()).isEqualTo(W - 1); // an M's stem, cut at the edge
    }

    // --- colour and transparency ---

    @Test
    void theInkIsFontColor() throws IOException {
        BufferedImage out = stamp(whitePng(W, H), WatermarkElement.text("MMM").withFontColor(0x3366CC)
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 80));

        int[] core = mostCoveredPixel(out, 0xFFFFFF);
        assertThat(core).satisfies(rgb -> {
            assertThat(rgb[0]).isCloseTo(0x33, org.assertj.core.data.Offset.offset(2));
            assertThat(rgb[1]).isCloseTo(0x66, org.assertj.core.data.Offset.offset(2));
            assertThat(rgb[2]).isCloseTo(0xCC, org.assertj.core.data.Offset.offset(2));
        });
    }

    @Test
    void transparencyIsOpacity() throws IOException {
        WatermarkElement red = WatermarkElement.text("MMM").withFontColor(0xFF0000)
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 80);
        int[] opaque = mostCoveredPixel(stamp(whitePng(W, H), red), 0xFFFFFF);
        int[] faint = mostCoveredPixel(stamp(whitePng(W, H), red.withTransparency(30)), 0xFFFFFF);

        assertThat(opaque[1]).isLessThanOrEqualTo(2); // pure red where the ink is solid
        // 30% red over white: green and blue at 255 * 0.7.
        assertThat(faint[0]).isGreaterThanOrEqualTo(253);
        assertThat(faint[1]).isBetween(176, 181);
        assertThat(faint[2]).isBetween(176, 181);
    }

    // --- rotation ---

    @Test
    void rotationTurnsTheTextClockwise() throws IOException {
        WatermarkElement element = WatermarkElement.text("Loupe watermark")
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 30);
        Box flat = inkBox(stamp(whitePng(W, W), element));
        Box upright = inkBox(stamp(whitePng(W, W), element.withRotation(90)));
        Box tilted = inkBox(stamp(whitePng(W, W), element.withRotation(45)));
        Box full = inkBox(stamp(whitePng(W, W), element.withRotation(360)));

        assertThat(flat.width()).isGreaterThan(3 * flat.height());
        // A quarter turn swaps the box's sides.
        assertThat(upright.height()).isBetween(flat.width() - 3, flat.width() + 3);
        assertThat(upright.width()).isBetween(flat.height() - 3, flat.height() + 3);
        // 45 degrees: about square, at most (w + h) / sqrt 2 on each side (the rotated rectangle's box; the ink
        // misses its corners).
        int diagonal = (int) ((flat.width() + flat.height()) / Math.sqrt(2));
        assertThat(tilted.width()).isBetween(diagonal * 8 / 10, diagonal + 3);
        assertThat(tilted.height()).isBetween(diagonal * 8 / 10, diagonal + 3);
        assertThat(Math.abs(tilted.width() - tilted.height())).isLessThan(diagonal / 10);
        assertThat(full).isEqualTo(flat);
    }

    @Test
    void clockwiseMeansTheStartOfTheTextGoesUp() throws IOException {
        // "I......" turned clockwise by 90 degrees reads downwards: the tall I ends at the top.
        BufferedImage out = stamp(whitePng(W, W), WatermarkElement.text("I_____________")
                .withRotation(90).withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 40));
        Box ink = inkBox(out);
        int topRowWidth = inkWidthOfRows(out, ink.minY(), ink.minY() + 15);
        int bottomRowWidth = inkWidthOfRows(out, ink.maxY() - 15, ink.maxY());
        // The I is a short stroke spanning the cap height; the underscores are a thin line near the baseline.
        assertThat(topRowWidth).isGreaterThan(bottomRowWidth);
    }

    // --- mosaic ---

    @Test
    void mosaicStampsNineCopiesOverTheWholeImage() throws IOException {
        BufferedImage out = stamp(whitePng(W, H), WatermarkElement.text("Loupe").withMosaic(true)
                .withGravity(WatermarkGravity.NORTH_WEST).withAdjustments(40, 40) // mosaic overrides position
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 24));

        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                int x0 = column * W / 3;
                int y0 = row * H / 3;
                Box cell = inkBox(crop(out, x0, y0, W / 3, H / 3));
                assertThat(cell).as("cell %d,%d", column, row).isNotNull();
                // Centred in its cell.
                assertThat(Math.abs(cell.centreX() - W / 6)).isLessThanOrEqualTo(2);
                assertThat(Math.abs(cell.centreY() - H / 6)).isLessThanOrEqualTo(2);
            }
        }
    }

    // --- image elements ---

    @Test
    void anImageElementIsCompositedAtItsGravityWithItsTransparency() throws IOException {
        byte[] stampPng = solidPng(40, 40, new Color(0, 0, 255));
        Watermark.StampImages stamps = name -> name.equals("stamp.png") ? Optional.of(stampPng) : Optional.empty();

        BufferedImage solid = decode(run(whitePng(200, 100), new WatermarkOptions(List.of(
                WatermarkElement.image("stamp.png").withGravity(WatermarkGravity.SOUTH_EAST))), stamps).bytes());
        assertThat(rgb(solid, 199, 99)).containsExactly(0, 0, 255);
        assertThat(rgb(solid, 160, 60)).containsExactly(0, 0, 255);
        assertThat(rgb(solid, 159, 60)).containsExactly(255, 255, 255);
        assertThat(rgb(solid, 160, 59)).containsExactly(255, 255, 255);

        BufferedImage half = decode(run(whitePng(200, 100), new WatermarkOptions(List.of(
                WatermarkElement.image("stamp.png").withTransparency(50))), stamps).bytes());
        int[] middle = rgb(half, 100, 50);
        assertThat(middle[0]).isBetween(126, 129);
        assertThat(middle[1]).isBetween(126, 129);
        assertThat(middle[2]).isEqualTo(255);
    }

    @Test
    void anImageElementKeepsItsOwnTransparencyAndShrinksToFit() throws IOException {
        // A 400x400 green disc on transparency, stamped on a 200x100 image: shrunk to 100x100, centred.
        BufferedImage disc = new BufferedImage(400, 400, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = disc.createGraphics();
        g.setColor(new Color(0, 255, 0));
        g.fillOval(0, 0, 400, 400);
        g.dispose();
        byte[] discPng = png(disc);

        BufferedImage out = decode(run(whitePng(200, 100), new WatermarkOptions(List.of(
                WatermarkElement.image("disc.png"))), name -> Optional.of(discPng)).bytes());
        // Premultiplied resampling rounds by a unit or so.
        assertThat(rgb(out, 100, 50)).satisfies(p -> assertThat(p[0] + p[2]).isLessThanOrEqualTo(2));
        assertThat(rgb(out, 100, 50)[1]).isGreaterThanOrEqualTo(254);
        assertThat(rgb(out, 53, 50)[1]).isGreaterThanOrEqualTo(250); // left edge of the disc, 100 px wide
        assertThat(rgb(out, 53, 50)[0]).isLessThanOrEqualTo(10);
        assertThat(rgb(out, 47, 50)).containsExactly(255, 255, 255);
        assertThat(rgb(out, 53, 3)).containsExactly(255, 255, 255); // the disc's transparent corner
        assertThat(out.getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void aJpegStampAndAJpegFileWork() throws IOException {
        byte[] jpegStamp = jpeg(solid(60, 30, new Color(200, 0, 0)));
        ToolOutput output = run(jpeg(solid(300, 200, Color.WHITE)), new WatermarkOptions(List.of(
                WatermarkElement.image("s.jpg").withGravity(WatermarkGravity.NORTH_WEST),
                WatermarkElement.text("JPEG").withGravity(WatermarkGravity.SOUTH)
                        .withFont(WatermarkFont.TIMES_NEW_ROMAN, WatermarkStyle.ITALIC, 30))),
                name -> Optional.of(jpegStamp));
        assertThat(output.extension()).isEqualTo("jpg");
        assertThat(output.width()).isEqualTo(300);
        BufferedImage out = decode(output.bytes());
        int[] corner = rgb(out, 20, 10);
        assertThat(corner[0]).isBetween(190, 210);
        assertThat(corner[1]).isLessThan(15);
        assertThat(inkBox(crop(out, 0, 150, 300, 50))).isNotNull();
    }

    @Test
    void aMissingOrWrongStampImageIsAProcessingErrorNamingIt() {
        WatermarkOptions options = new WatermarkOptions(List.of(WatermarkElement.text("a"),
                WatermarkElement.image("nope.png")));
        assertThatThrownBy(() -> run(whitePng(50, 50), options, NO_STAMPS))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("ProcessingError");
                    assertThat(e.param()).contains("elements[1][image]");
                });
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0};
        assertThatThrownBy(() -> run(whitePng(50, 50), options, name -> Optional.of(gif)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).contains("JPG or PNG"));
    }

    @Test
    void aFileThatIsNotAnImageHasNoImages() {
        assertThatThrownBy(() -> run("not an image".getBytes(), new WatermarkOptions(List.of(
                WatermarkElement.text("a"))), NO_STAMPS))
                .isInstanceOfSatisfying(ToolFailure.class,
                        e -> assertThat(e.status()).isEqualTo(FileStatus.NO_IMAGES));
    }

    @Test
    void aTextTooLargeToHoldIsRefusedNamingFontSize() {
        // Wider than Cairo can draw (32767 px), and within that but over Loupe's limit (about 32000 x 5800).
        WatermarkOptions wide = new WatermarkOptions(List.of(WatermarkElement.text("W".repeat(200))
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 500)));
        assertProcessingError(() -> run(whitePng(50, 50), wide, NO_STAMPS), "elements[0][font_size]");
        WatermarkOptions tall = new WatermarkOptions(List.of(WatermarkElement.text("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW\n"
                .repeat(12)).withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 400)));
        assertProcessingError(() -> run(whitePng(50, 50), tall, NO_STAMPS), "elements[0][font_size]");
        assertThat(catchApiError(() -> run(whitePng(50, 50), tall, NO_STAMPS)).getMessage())
                .contains("pixels, more than 25000000");
    }

    @Test
    void markupInTheTextIsStampedAsWritten() throws IOException {
        assertThat(Watermark.markup("<b>A & B</b>\u0007")).isEqualTo("&lt;b&gt;A &amp; B&lt;/b&gt;");
        BufferedImage plain = stamp(whitePng(W, H), WatermarkElement.text("<b>x</b>")
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.REGULAR, 30));
        // Seven characters wide, not one bold x.
        assertThat(inkBox(plain).width()).isGreaterThan(60);
    }

    @Test
    void stampImagesAreCheckedBeforeAnyFileIsProcessed() {
        byte[] stampPng = solidPng(10, 10, Color.BLACK);
        WatermarkOptions options = new WatermarkOptions(List.of(WatermarkElement.text("a"),
                WatermarkElement.image("there.png"), WatermarkElement.image("gone.png")));
        assertProcessingError(() -> Watermark.check(options, name -> name.equals("there.png")
                ? Optional.of(stampPng) : Optional.empty()), "elements[2][image]");
        assertProcessingError(() -> Watermark.check(options, name -> Optional.of(new byte[] {(byte) 0xFF,
                (byte) 0xD8, (byte) 0xFF, 0, 0, 0})), "elements[1][image]"); // a JPEG cut short after its marker
        Watermark.check(options, name -> Optional.of(stampPng));
    }

    @Test
    void asAProcessingToolEachFileHasItsOwnOutcomeAndStampsAreReadOnce() throws IOException {
        byte[] black = solidPng(20, 20, Color.BLACK);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ProcessingTools tools = new ProcessingTools().with(new WatermarkImage(ToolImage.DEFAULT_MAX_PIXELS,
                name -> {
                    reads.incrementAndGet();
                    return name.equals("logo.png") ? Optional.of(black) : Optional.empty();
                }));
        Map<String, Object> params = Map.of("task", "t1", "tool", "watermarkimage", "elements", List.of(
                Map.of("type", "image", "image", "logo.png", "gravity", "NorthWest"),
                Map.of("type", "text", "text", "Loupe", "gravity", "SouthEast", "font_size", 30)));

        ToolResult result = tools.apply("watermarkimage", List.of(new ToolInput(whitePng(200, 100), "a.png", 0),
                new ToolInput("broken".getBytes(), "b.jpg", 0), new ToolInput(jpeg(solid(300, 150, Color.WHITE)),
                        "c.jpg", 0)), params);

        assertThat(result.files()).extracting(ToolResult.FileResult::status).containsExactly(
                FileStatus.FILE_SUCCESS, FileStatus.NO_IMAGES, FileStatus.FILE_SUCCESS);
        ToolOutput png = result.files().get(0).output();
        assertThat(png.extension()).isEqualTo("png");
        BufferedImage a = decode(png.bytes());
        assertThat(rgb(a, 3, 3)).containsExactly(0, 0, 0);
        assertThat(inkBox(crop(a, 100, 50, 100, 50))).isNotNull();
        assertThat(result.files().get(2).output().extension()).isEqualTo("jpg");
        assertThat(reads.get()).isEqualTo(1);

        assertProcessingError(() -> tools.prepare("watermarkimage", Map.of("elements", List.of(
                Map.of("type", "image", "image", "missing.png")))), "elements[0][image]");
        assertProcessingError(() -> tools.prepare("watermarkimage", Map.of("elements", List.of(
                Map.of("text", "x", "gravity", "Up")))), "elements[0][gravity]");
        assertThat(tools.names()).contains("watermarkimage");
    }

    // --- what the file keeps ---

    @Test
    void everyFrameOfAnAnimationIsStamped() throws IOException {
        byte[] gif = dev.loupe.imaging.TestImages.animatedGif(120, 80, Color.RED, Color.GREEN, Color.BLUE);
        byte[] black = solidPng(20, 20, Color.BLACK);
        ToolOutput output = run(gif, new WatermarkOptions(List.of(WatermarkElement.image("b.png")
                .withGravity(WatermarkGravity.NORTH_WEST))), name -> Optional.of(black));

        assertThat(output.extension()).isEqualTo("gif");
        assertThat(output.height()).isEqualTo(80);
        List<BufferedImage> frames = gifFrames(output.bytes());
        assertThat(frames).hasSize(3);
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF};
        for (int i = 0; i < 3; i++) {
            assertThat(frames.get(i).getRGB(5, 5) & 0xFFFFFF).as("frame %d", i).isEqualTo(0x000000);
            assertThat(Fixtures.distance(frames.get(i).getRGB(60, 40), colours[i])).as("frame %d", i)
                    .isLessThan(8);
        }
    }

    @Test
    void aSixteenBitPngStaysSixteenBit() throws IOException {
        byte[] png16 = Fixtures.png16(solid(200, 100, Color.WHITE));
        ToolOutput output = run(png16, new WatermarkOptions(List.of(WatermarkElement.text("MM")
                .withFontColor(0xFF0000).withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 60))), NO_STAMPS);
        BufferedImage out = decode(output.bytes());
        assertThat(out.getColorModel().getComponentSize(0)).isEqualTo(16);
        int[] core = mostCoveredPixel(out, 0xFFFFFF);
        assertThat(core[0]).isGreaterThanOrEqualTo(254);
        assertThat(core[1]).isLessThanOrEqualTo(1);
        assertThat(rgb(out, 2, 2)).containsExactly(255, 255, 255);
    }

    @Test
    void aGreyFileTakesAColouredWatermark() throws IOException {
        BufferedImage grey = new BufferedImage(300, 150, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 150);
        g.dispose();
        ToolOutput output = run(jpeg(grey), new WatermarkOptions(List.of(WatermarkElement.text("MM")
                .withFontColor(0xFF0000).withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 60))), NO_STAMPS);
        // Red, not a grey: the file became colour (JPEG's halved chroma takes a little of the saturation).
        int[] core = mostCoveredPixel(decode(output.bytes()), 0xFFFFFF);
        assertThat(core[0] - core[1]).isGreaterThan(200);
        assertThat(core[0] - core[2]).isGreaterThan(200);
    }

    @Test
    void aTransparentPngKeepsItsTransparencyAroundTheStamp() throws IOException {
        BufferedImage clear = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB); // all transparent
        ToolOutput output = run(png(clear), new WatermarkOptions(List.of(WatermarkElement.text("MM")
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 60).withTransparency(50))), NO_STAMPS);
        BufferedImage out = decode(output.bytes());
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(out.getRGB(2, 2) >>> 24).isZero();
        int maxAlpha = 0;
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                maxAlpha = Math.max(maxAlpha, out.getRGB(x, y) >>> 24);
            }
        }
        // Black ink at 50% over nothing: half-opaque black.
        assertThat(maxAlpha).isBetween(126, 129);
    }

    @Test
    void theFilesRotateComesFirst() throws IOException {
        ToolOutput output = Watermark.apply(new ToolInput(whitePng(W, H), "a.png", 90), new WatermarkOptions(List.of(
                WatermarkElement.text("Loupe").withGravity(WatermarkGravity.SOUTH_EAST)
                        .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 30))), NO_STAMPS,
                ToolImage.DEFAULT_MAX_PIXELS);
        assertThat(output.width()).isEqualTo(H);
        assertThat(output.height()).isEqualTo(W);
        Box ink = inkBox(decode(output.bytes()));
        assertThat(ink.maxX()).isGreaterThanOrEqualTo(H - 3);
        assertThat(ink.maxY()).isGreaterThanOrEqualTo(W - 3);
        // Upright text: wider than tall.
        assertThat(ink.width()).isGreaterThan(ink.height());
    }

    // --- fonts ---

    @ParameterizedTest
    @EnumSource(WatermarkFont.class)
    void everyFamilyIsAShippedFontFileWithThatFamilyName(WatermarkFont font) throws Exception {
        for (WatermarkStyle style : WatermarkStyle.values()) {
            Path file = font.file(style);
            assertThat(file).isRegularFile();
            // What fontconfig matches Pango's family name against: the file's own name table.
            assertThat(Font.createFont(Font.TRUETYPE_FONT, file.toFile()).getFamily()).isEqualTo(font.family());
        }
        assertThat(WatermarkFont.directory().resolve("licenses")).isDirectory();
        assertThat(WatermarkFont.directory().resolve("fonts.conf")).isRegularFile();
    }

    @Test
    void theLambdaLayerCarriesTheFontsUnderFonts() throws IOException {
        // The build's layout: <dir>/package/fonts beside <dir>/package/lib, and the arm64 layer zip in <dir>.
        Path zip = WatermarkFont.directory().getParent().getParent().resolve("libvips-layer-arm64.zip");
        List<String> entries;
        try (var file = new java.util.zip.ZipFile(zip.toFile())) {
            entries = file.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
        for (WatermarkFont font : WatermarkFont.values()) {
            for (WatermarkStyle style : WatermarkStyle.values()) {
                assertThat(entries).contains("fonts/" + font.file(style).getFileName());
            }
        }
        assertThat(entries).contains("fonts/fonts.conf", "fonts/licenses/liberation/LICENSE",
                "fonts/licenses/dejavu-fonts-ttf/LICENSE", "fonts/licenses/comic-neue/LICENSE",
                "fonts/licenses/noto-sans-sc/LICENSE", "fonts/licenses/noto-sans-devanagari/LICENSE",
                "fonts/NotoSansKR_400Regular.ttf", "fonts/licenses/noto-sans-kr/LICENSE",
                "lib/" + dev.loupe.imaging.Vips.libraryPath().getFileName());
    }

    @Test
    void theLatinFamiliesRenderDifferently() throws IOException {
        List<WatermarkFont> latin = List.of(WatermarkFont.ARIAL, WatermarkFont.VERDANA, WatermarkFont.COURIER,
                WatermarkFont.TIMES_NEW_ROMAN, WatermarkFont.COMIC_SANS_MS);
        Map<WatermarkFont, BufferedImage> rendered = new HashMap<>();
        for (WatermarkFont font : latin) {
            rendered.put(font, stamp(whitePng(W, H), WatermarkElement.text("Hamburgefonstiv")
                    .withFont(font, WatermarkStyle.REGULAR, 40)));
        }
        for (int i = 0; i < latin.size(); i++) {
            for (int j = i + 1; j < latin.size(); j++) {
                assertThat(differingPixels(rendered.get(latin.get(i)), rendered.get(latin.get(j))))
                        .as("%s vs %s", latin.get(i), latin.get(j)).isGreaterThan(500);
            }
        }
        BufferedImage bold = stamp(whitePng(W, H), WatermarkElement.text("Hamburgefonstiv")
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 40));
        BufferedImage italic = stamp(whitePng(W, H), WatermarkElement.text("Hamburgefonstiv")
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.ITALIC, 40));
        assertThat(differingPixels(rendered.get(WatermarkFont.ARIAL), bold)).isGreaterThan(500);
        assertThat(differingPixels(rendered.get(WatermarkFont.ARIAL), italic)).isGreaterThan(500);
        assertThat(differingPixels(bold, italic)).isGreaterThan(500);
    }

    @Test
    void otherScriptsRenderFromShippedFontsThatHaveTheirGlyphs() throws Exception {
        // Every shipped font file by its family name, as fontconfig knows them.
        Map<String, List<Font>> shipped = new HashMap<>();
        try (var files = Files.list(WatermarkFont.directory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ttf")).toList()) {
                Font font = Font.createFont(Font.TRUETYPE_FONT, file.toFile());
                shipped.computeIfAbsent(font.getFamily(), k -> new java.util.ArrayList<>()).add(font);
            }
        }
        List<Map.Entry<WatermarkFont, String>> samples = List.of(Map.entry(WatermarkFont.WENQUANYI_ZEN_HEI, "水印图片"),
                Map.entry(WatermarkFont.WENQUANYI_ZEN_HEI, "すかしカタカナ"), Map.entry(WatermarkFont.WENQUANYI_ZEN_HEI, "워터마크"),
                Map.entry(WatermarkFont.ARIAL_UNICODE_MS, "水印 워터마크 जलचिन्ह Ωμέγα Привет"),
                Map.entry(WatermarkFont.LOHIT_MARATHI, "जलचिन्ह"), Map.entry(WatermarkFont.ARIAL, "Ωμέγα Привет"),
                Map.entry(WatermarkFont.VERDANA, "علامة مائية"), Map.entry(WatermarkFont.TIMES_NEW_ROMAN, "علامة"),
                Map.entry(WatermarkFont.COURIER, "علامة"));
        for (var sample : samples) {
            // Each character has a glyph in one of the family's fonts: Pango draws real letters, not the boxes of
            // missing ones.
            List<Font> candidates = new java.util.ArrayList<>();
            sample.getKey().families().forEach(f -> candidates.addAll(shipped.getOrDefault(f, List.of())));
            sample.getValue().codePoints().filter(c -> !Character.isWhitespace(c)).forEach(c -> assertThat(
                    candidates.stream().anyMatch(font -> font.canDisplay(c)))
                    .as("%s has U+%04X", sample.getKey().wire(), c).isTrue());
            BufferedImage out = stamp(whitePng(W, H), WatermarkElement.text(sample.getValue())
                    .withFont(sample.getKey(), WatermarkStyle.REGULAR, 30));
            assertThat(inkBox(out)).as("%s", sample).isNotNull();
        }
    }

    // --- the task API's parameters and their errors ---

    @Test
    void jsonElementsAreParsedWithTheReferencesNamesAndDefaults() {
        WatermarkOptions options = WatermarkOptions.parse(params(Map.of("elements", List.of(
                "{\"type\":\"text\",\"text\":\"Hi\",\"gravity\":\"SouthWest\",\"vertical_adjustment_percent\":-5,"
                        + "\"horizontal_adjustment_percent\":\"7\",\"rotation\":45,\"font_family\":\"Comic Sans MS\","
                        + "\"font_style\":\"Bold\",\"font_size\":30,\"font_color\":\"#ff8800\",\"transparency\":60,"
                        + "\"mosaic\":false}",
                "{\"type\":\"image\",\"image\":\"abc.png\",\"font_style\":null}"))));

        assertThat(options.elements()).containsExactly(
                new WatermarkElement(WatermarkElement.Type.TEXT, "Hi", null, WatermarkGravity.SOUTH_WEST, -5, 7, 45,
                        WatermarkFont.COMIC_SANS_MS, WatermarkStyle.BOLD, 30, 0xFF8800, 60, false),
                WatermarkElement.image("abc.png"));
        assertThat(WatermarkElement.text("x")).isEqualTo(new WatermarkElement(WatermarkElement.Type.TEXT, "x", null,
                WatermarkGravity.CENTER, 0, 0, 0, WatermarkFont.ARIAL, WatermarkStyle.REGULAR, 14, 0x000000, 100,
                false));
    }

    @Test
    void decodedJsonAsTheToolsTakeItIsParsedToo() {
        Map<String, Object> params = Map.of("tool", "watermarkimage", "elements", List.of(
                Map.of("type", "text", "text", "Hi", "rotation", 90, "mosaic", true, "font_size", 20.0),
                Map.of("type", "image", "image", "s.png", "transparency", "40")));
        assertThat(WatermarkOptions.from(params).elements()).containsExactly(
                WatermarkElement.text("Hi").withRotation(90).withMosaic(true)
                        .withFont(WatermarkFont.ARIAL, WatermarkStyle.REGULAR, 20),
                WatermarkElement.image("s.png").withTransparency(40));
        // PHP-style keys with plain strings, as a form body gives them.
        assertThat(WatermarkOptions.from(Map.of("elements[0][text]", "Hi", "elements[0][gravity]", "West"))
                .elements()).containsExactly(WatermarkElement.text("Hi").withGravity(WatermarkGravity.WEST));
        assertProcessingError(() -> WatermarkOptions.from(Map.of("elements", List.of(Map.of("text", "a",
                "font_size", 12.5)))), "elements[0][font_size]");
    }

    @Test
    void formElementsUsePhpStyleKeys() {
        Map<String, List<String>> form = new HashMap<>();
        form.put("elements[0][type]", List.of("text"));
        form.put("elements[0][text]", List.of("Hello"));
        form.put("elements[0][gravity]", List.of("NorthEast"));
        form.put("elements[0][font_family]", List.of("WenQuanYi Zen Hei"));
        form.put("elements[0][mosaic]", List.of("true"));
        form.put("elements[1][image]", List.of("x.jpg"));
        form.put("elements[1][type]", List.of("image"));
        form.put("elements[1][rotation]", List.of("360"));

        WatermarkOptions options = WatermarkOptions.parse(params(form));
        assertThat(options.elements()).hasSize(2);
        assertThat(options.elements().get(0)).isEqualTo(WatermarkElement.text("Hello")
                .withGravity(WatermarkGravity.NORTH_EAST).withMosaic(true)
                .withFont(WatermarkFont.WENQUANYI_ZEN_HEI, WatermarkStyle.REGULAR, 14));
        assertThat(options.elements().get(1)).isEqualTo(WatermarkElement.image("x.jpg").withRotation(360));
    }

    @Test
    void badValuesAreProcessingErrorsNamingTheParameter() throws Exception {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("gravity", "\"Middle\"");
        bad.put("font_family", "\"Helvetica\"");
        bad.put("font_style", "\"Oblique\"");
        bad.put("rotation", "361");
        bad.put("rotation", "-1");
        bad.put("transparency", "0");
        bad.put("font_size", "0");
        bad.put("font_color", "\"red\"");
        bad.put("vertical_adjustment_percent", "101");
        bad.put("horizontal_adjustment_percent", "\"1.5\"");
        bad.put("mosaic", "\"sometimes\"");
        bad.put("type", "\"video\"");
        for (var entry : bad.entrySet()) {
            String json = "{\"text\":\"Hi\",\"" + entry.getKey() + "\":" + entry.getValue() + "}";
            assertProcessingError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of("{\"text\":\"ok\"}", json)))),
                    "elements[1][" + entry.getKey() + "]");
        }
        assertProcessingError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of(
                "{\"text\":\"Hi\",\"transparency\":101}")))), "elements[0][transparency]");
        assertProcessingError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of(
                "{\"text\":\"Hi\",\"rotation\":361}")))), "elements[0][rotation]");
        assertProcessingError(() -> WatermarkOptions.parse(params(Map.of())), "elements");
        assertProcessingError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of("{\"type\":\"text\"}")))),
                "elements[0][text]");
        assertProcessingError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of("{\"type\":\"image\"}")))),
                "elements[0][image]");
        assertProcessingError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of("[1,2]")))), "elements");

        // As the task API renders it: its error type, the HTTP code and the parameter.
        ApiError error = catchApiError(() -> WatermarkOptions.parse(params(Map.of("elements", List.of(
                "{\"text\":\"Hi\",\"gravity\":\"Middle\"}")))));
        JsonNode body = Mappers.JSON.readTree(TaskApi.INSTANCE.error(error, Format.JSON).getBody());
        assertThat(body.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(body.at("/error/code").asInt()).isEqualTo(400);
        assertThat(body.at("/error/param").asText()).isEqualTo("elements[0][gravity]");
        assertThat(body.at("/error/message").asText()).contains("Middle").contains("CenterEast");
    }

    // --- against ImageMagick ---

    @Test
    void glyphsMatchImageMagickWithTheSameFontFile(@TempDir Path dir) throws Exception {
        // /usr/local/bin/convert on some machines is a stand-in that only shows images: only Debian's is used.
        Path convert = Path.of("/usr/bin/convert");
        assumeTrue(Files.isExecutable(convert), "ImageMagick (Debian's imagemagick, /usr/bin/convert) is not installed");
        Path font = WatermarkFont.ARIAL.file(WatermarkStyle.BOLD);
        Path theirs = dir.resolve("im.png");
        Process process = new ProcessBuilder(convert.toString(), "-size", W + "x" + H, "xc:white",
                "-font", font.toString(), "-pointsize", "48", "-density", "72", "-fill", "#204080",
                "-gravity", "center", "-annotate", "+0+0", "Loupe Watermark", theirs.toString())
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();

        BufferedImage im = ImageIO.read(theirs.toFile());
        BufferedImage ours = stamp(whitePng(W, H), WatermarkElement.text("Loupe Watermark").withFontColor(0x204080)
                .withFont(WatermarkFont.ARIAL, WatermarkStyle.BOLD, 48));
        Box imInk = inkBox(im);
        Box ourInk = inkBox(ours);
        // Same font file and size: the ink boxes agree within 2 px. (Placement differs by design: ImageMagick
        // centres the line's ascent-to-descent box, Loupe the ink itself, so only sizes are compared.)
        assertThat(Math.abs(imInk.width() - ourInk.width())).isLessThanOrEqualTo(2);
        assertThat(Math.abs(imInk.height() - ourInk.height())).isLessThanOrEqualTo(2);
        // Aligned on their ink boxes, the pixels agree up to where each puts glyphs within a pixel (Pango positions
        // them at sub-pixel offsets, ImageMagick on whole pixels), which moves edges by up to a pixel: measured, a
        // mean difference of about 7 of 255 per channel. Wrong font, size or weight gives several times that.
        double mean = 0;
        int far = 0;
        int n = 0;
        for (int y = 0; y < Math.min(imInk.height(), ourInk.height()); y++) {
            for (int x = 0; x < Math.min(imInk.width(), ourInk.width()); x++) {
                int[] a = rgb(im, imInk.minX() + x, imInk.minY() + y);
                int[] b = rgb(ours, ourInk.minX() + x, ourInk.minY() + y);
                for (int c = 0; c < 3; c++) {
                    int d = Math.abs(a[c] - b[c]);
                    mean += d;
                    far += d > 128 ? 1 : 0;
                    n++;
                }
            }
        }
        mean /= n;
        assertThat(mean).isLessThan(10.0);
        assertThat((double) far / n).isLessThan(0.04);
        // And the solid ink is the same colour.
        assertThat(mostCoveredPixel(im, 0xFFFFFF)).containsExactly(0x20, 0x40, 0x80);
        assertThat(mostCoveredPixel(ours, 0xFFFFFF)).containsExactly(0x20, 0x40, 0x80);
    }

    // --- helpers ---

    private static ToolOutput run(byte[] file, WatermarkOptions options, Watermark.StampImages stamps) {
        return Watermark.apply(new ToolInput(file), options, stamps, ToolImage.DEFAULT_MAX_PIXELS);
    }

    private static BufferedImage stamp(byte[] file, WatermarkElement element) throws IOException {
        ToolOutput output = run(file, new WatermarkOptions(List.of(element)), NO_STAMPS);
        BufferedImage image = decode(output.bytes());
        assertThat(image.getWidth()).isEqualTo(output.width());
        assertThat(image.getHeight()).isEqualTo(output.height());
        return image;
    }

    private static java.util.function.Function<String, List<String>> params(Map<String, List<String>> values) {
        return name -> values.getOrDefault(name, List.of());
    }

    private static void assertProcessingError(Runnable call, String param) {
        ApiError error = catchApiError(call);
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo("ProcessingError");
        assertThat(error.param()).as(error.getMessage()).contains(param);
    }

    private static ApiError catchApiError(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("no ApiError");
    }

    /** The smallest box holding every pixel that isn't white, or null when there is none. */
    record Box(int minX, int minY, int maxX, int maxY) {
        int width() {
            return maxX - minX + 1;
        }

        int height() {
            return maxY - minY + 1;
        }

        int centreX() {
            return (minX + maxX) / 2;
        }

        int centreY() {
            return (minY + maxY) / 2;
        }
    }

    static Box inkBox(BufferedImage image) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF && !nearlyWhite(image.getRGB(x, y))) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new Box(minX, minY, maxX, maxY);
    }

    /** JPEG noise around white is not ink. */
    private static boolean nearlyWhite(int argb) {
        return ((argb >> 16) & 0xFF) > 245 && ((argb >> 8) & 0xFF) > 245 && (argb & 0xFF) > 245;
    }

    private static int changedIn(BufferedImage image, int x0, int y0, int w, int h) {
        int changed = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                changed += (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        return changed;
    }

    private static int inkWidthOfRows(BufferedImage image, int fromY, int toY) {
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (int y = fromY; y <= toY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        return max < 0 ? 0 : max - min + 1;
    }

    /** The pixel farthest from the background: where the ink covers it fully. */
    private static int[] mostCoveredPixel(BufferedImage image, int background) {
        int best = -1;
        int[] found = null;
        int[] bg = {(background >> 16) & 0xFF, (background >> 8) & 0xFF, background & 0xFF};
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int[] p = rgb(image, x, y);
                int d = Math.abs(p[0] - bg[0]) + Math.abs(p[1] - bg[1]) + Math.abs(p[2] - bg[2]);
                if (d > best) {
                    best = d;
                    found = p;
                }
            }
        }
        return found;
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                n += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
        }
        return n;
    }

    private static int[] rgb(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }

    /**
     * The frames as a viewer shows them. libvips writes later frames as the changed part only, so they are
     * composed by libvips (every frame loaded, stacked) rather than read one by one.
     */
    private static List<BufferedImage> gifFrames(byte[] gif) throws IOException {
        try (ToolImage image = ToolImage.load(gif, 0)) {
            BufferedImage strip;
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                strip = decode(dev.loupe.imaging.Vips.encode(image.vipsImage(), ".png", arena));
            }
            List<BufferedImage> frames = new java.util.ArrayList<>();
            for (int i = 0; i < image.frames(); i++) {
                frames.add(strip.getSubimage(0, i * image.height(), image.width(), image.height()));
            }
            return frames;
        }
    }

    private static BufferedImage crop(BufferedImage image, int x, int y, int w, int h) {
        return image.getSubimage(x, y, w, h);
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).isNotNull();
        return image;
    }

    private static byte[] whitePng(int w, int h) {
        return solidPng(w, h, Color.WHITE);
    }

    private static byte[] solidPng(int w, int h, Color color) {
        return png(solid(w, h, color));
    }

    private static BufferedImage solid(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    private static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
