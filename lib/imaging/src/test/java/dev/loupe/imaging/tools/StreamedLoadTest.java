package dev.loupe.imaging.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.Vips;
import dev.loupe.imaging.tools.FileStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resize, crop, compress, convert, watermark and repair load streamed (ToolImage, "Streamed loading"): the same output
 * as from the whole decode, and a damaged file still a DamagedFile, though the damage is met while saving.
 */
class StreamedLoadTest {
    private static final ProcessingTools TOOLS = ToolAssertions.TOOLS
            .with(new WatermarkImage(ToolImage.DEFAULT_MAX_PIXELS, name -> java.util.Optional.empty()));
    private static final byte[] PHOTO = Fixtures.photo();
    private static final byte[] TRUNCATED = Arrays.copyOf(PHOTO, PHOTO.length / 2);
    private static final ToolImage.Load EVERY_ROW = ToolImage.Load.rotated(0).withStream(ToolImage.Stream.EVERY_ROW);
    /** The photo with 2 KB of garbage inside its scan: libjpeg only warns ("premature end of data segment"). */
    private static final byte[] CORRUPT_MIDDLE = Fixtures.corruptMiddle(PHOTO);

    @Test
    void theTestPhotoAndATruncatedFileStream() {
        try (ToolImage image = ToolImage.load(PHOTO, EVERY_ROW)) {
            assertThat(image.streamed()).isTrue();
        }
        try (ToolImage image = ToolImage.load(TRUNCATED, EVERY_ROW)) {
            assertThat(image.streamed()).isTrue();
        }
    }

    @Test
    void garbageInsideTheScanIsADamagedFileThroughResizeCropAndCompress() {
        ImageInfo info = ToolImage.probe(CORRUPT_MIDDLE);
        for (Map<String, ?> crop : List.of(
                Map.of("width", 100, "height", 100, "x", 10, "y", info.height() - 100),
                // above the damage, in a file that ends whole: streamed, the rows below decoded after the encode, so
                // the damage is still met
                Map.of("width", 100, "height", 100, "x", 10, "y", 10))) {
            assertDamagedThroughTool(CropImage.NAME, crop, CORRUPT_MIDDLE);
        }
        assertDamagedThroughTool(ResizeImage.NAME, Map.of("pixels_width", 200), CORRUPT_MIDDLE);
        assertDamagedThroughTool(ResizeImage.NAME, Map.of("percentage", 60, "resize_mode", "percentage"),
                CORRUPT_MIDDLE);
        assertDamagedThroughTool(CompressImage.NAME, Map.of(), CORRUPT_MIDDLE);
        assertDamagedThroughTool(CompressImage.NAME, Map.of(), TRUNCATED);
        assertDamagedThroughTool(RotateImage.NAME, Map.of(), CORRUPT_MIDDLE);
        Map<String, ?> watermark = Map.of("elements", List.of(Map.of("type", "text", "text", "L")));
        for (byte[] damaged : List.of(CORRUPT_MIDDLE, TRUNCATED)) {
            for (String to : List.of("jpg", "png", "gif")) {
                assertDamagedThroughTool(ConvertImage.NAME, Map.of("to", to), damaged);
            }
            assertDamagedThroughTool(ProcessingTools.WATERMARK, watermark, damaged);
        }
    }

    @Test
    void theWholeImageToolsGiveTheBytesOfTheWholeDecode() {
        byte[] png = Fixtures.png(TestImages.noisyGradient(300, 200));
        for (byte[] file : List.of(PHOTO, png)) {
            try (ToolImage whole = ToolImage.load(file, 0)) {
                assertThat(whole.streamed()).isFalse();
                OutputFormat own = OutputFormat.keeping(whole.sourceFormat());
                assertThat(ToolAssertions.single(ConvertImage.NAME, file, Map.of("to", "jpg")).bytes())
                        .isEqualTo(whole.save(OutputFormat.JPG).bytes());
                assertThat(ToolAssertions.single(ConvertImage.NAME, file, Map.of("to", "png")).bytes())
                        .isEqualTo(whole.save(OutputFormat.PNG).bytes());
                assertThat(ToolAssertions.single(RepairImage.NAME, file, Map.of()).bytes())
                        .isEqualTo(whole.save(own).bytes());
                byte[] compressed = whole.save(own, CompressImage.Level.RECOMMENDED.options(own)).bytes();
                byte[] tool = ToolAssertions.single(CompressImage.NAME, file, Map.of()).bytes();
                // compress gives the file back when it can't make it smaller
                assertThat(tool).isEqualTo(compressed.length < file.length ? compressed : file);
            }
        }
    }

    @Test
    void repairStillRepairsWhatTheStreamedAttemptFindsDamaged() {
        for (byte[] damaged : List.of(TRUNCATED, CORRUPT_MIDDLE)) {
            ToolResult.FileResult file = ToolAssertions.TOOLS.apply(RepairImage.NAME,
                    List.of(new ToolInput(damaged, "t.jpg", 0)), Map.of()).files().getFirst();
            assertThat(file.status()).as(file.message()).isEqualTo(FileStatus.FILE_SUCCESS);
            try (ToolImage lenient = ToolImage.load(damaged, ToolImage.Load.rotated(0).withLenient(true))) {
                assertThat(file.output().bytes()).isEqualTo(lenient.save(OutputFormat.JPG).bytes());
            }
        }
    }

    @Test
    void extraneousBytesBeforeTheEndMarkerAreNoDamage() {
        byte[] extraneous = Fixtures.extraneousBytesBeforeEnd(PHOTO);
        for (String tool : List.of(ResizeImage.NAME, CompressImage.NAME, CropImage.NAME)) {
            Map<String, ?> params = switch (tool) {
                case ResizeImage.NAME -> Map.of("pixels_width", 200);
                case CropImage.NAME -> Map.of("width", 100, "height", 100, "x", 10, "y", 10);
                default -> Map.of();
            };
            ToolResult.FileResult file = ToolAssertions.TOOLS.apply(tool,
                    List.of(new ToolInput(extraneous, "x.jpg", 0)), params).files().getFirst();
            assertThat(file.status()).as(tool + ": " + file.message()).isEqualTo(FileStatus.FILE_SUCCESS);
        }
    }

    @Test
    void theDamagedMessageNamesTheDamageOnceAndNoEncoding() {
        ToolResult.FileResult file = ToolAssertions.TOOLS.apply(ResizeImage.NAME,
                List.of(new ToolInput(CORRUPT_MIDDLE, "c.jpg", 0)), Map.of("pixels_width", 200)).files().getFirst();
        assertThat(file.message()).isEqualTo(
                "The file is damaged or is not an image: Corrupt JPEG data: premature end of data segment.");
        try (ToolImage ignored = ToolImage.load(CORRUPT_MIDDLE, 0)) {
            throw new AssertionError("loaded");
        } catch (ToolFailure failure) {
            assertThat(failure.getMessage()).doesNotContain("encode")
                    .containsOnlyOnce("premature end of data segment");
        }
    }

    @Test
    void aStreamedTruncatedJpegIsADamagedFileWhenSaved() {
        try (ToolImage image = ToolImage.load(TRUNCATED, EVERY_ROW)) {
            assertDamaged(() -> image.save(OutputFormat.JPG));
        }
    }

    @Test
    void aTruncatedJpegThroughResizeAndCropIsADamagedFile() {
        ImageInfo info = ToolImage.probe(TRUNCATED);
        for (Map<String, ?> crop : List.of(
                // to the bottom edge: streamed, the truncation met while saving
                Map.of("width", 100, "height", 100, "x", 10, "y", info.height() - 100),
                // above the cut: streamed, the cut met in the rows below the area, after its encode
                Map.of("width", 100, "height", 100, "x", 10, "y", 10))) {
            assertDamagedThroughTool(CropImage.NAME, crop);
        }
        assertDamagedThroughTool(ResizeImage.NAME, Map.of("pixels_width", 200));
        assertDamagedThroughTool(ResizeImage.NAME, Map.of("percentage", 60, "resize_mode", "percentage"));
    }

    @Test
    void resizeGivesTheBytesOfTheWholeDecode() {
        ImageInfo info = ToolImage.probe(PHOTO);
        for (int width : new int[] {info.width() / 5, info.width() * 2 / 3}) {
            ToolOutput tool = ToolAssertions.single(ResizeImage.NAME, PHOTO, Map.of("pixels_width", width));
            int height = tool.height();
            double reduction = Math.min(info.width() / (double) width, info.height() / (double) height);
            try (ToolImage whole = ToolImage.load(PHOTO,
                    ToolImage.Load.rotated(0).withJpegShrink(ResizeImage.jpegShrink(reduction)))) {
                assertThat(whole.streamed()).isFalse();
                whole.mapFrames((frame, arena) -> Vips.thumbnailImage(frame, width, height, Vips.SIZE_FORCE,
                        Vips.INTERESTING_NONE, arena));
                assertThat(tool.bytes()).isEqualTo(whole.save(OutputFormat.JPG).bytes());
            }
        }
    }

    @Test
    void cropGivesTheBytesOfTheWholeDecode() {
        byte[] png = Fixtures.png(TestImages.noisyGradient(300, 200));
        for (byte[] file : List.of(PHOTO, png)) {
            ImageInfo info = ToolImage.probe(file);
            // above the bottom edge (streamed, then the rows below) and down to it (streamed)
            for (int[] area : new int[][] {{17, 9, 120, 80}, {31, info.height() - 70, 150, 70}}) {
                ToolOutput tool = ToolAssertions.single(CropImage.NAME, file,
                        Map.of("x", area[0], "y", area[1], "width", area[2], "height", area[3]));
                try (ToolImage whole = ToolImage.load(file, 0)) {
                    assertThat(whole.streamed()).isFalse();
                    whole.mapFrames((frame, arena) -> Vips.extractArea(frame, area[0], area[1], area[2], area[3],
                            arena));
                    assertThat(tool.bytes()).isEqualTo(
                            whole.save(OutputFormat.keeping(whole.sourceFormat())).bytes());
                }
            }
        }
    }

    /**
     * {@code ToolImage.encode}'s guard: should libvips never signal posteval, the rows below a crop's area are not
     * decoded from the stream after its encode, and the whole file is decoded once more instead of trusted. An intact
     * file's crop is then byte for byte the streamed crop's; a file damaged only below the area is still a DamagedFile
     * (the crop's own rows are whole, so only the guard's decode can meet the damage).
     */
    @Test
    void withoutPostevalTheWholeFileIsDecodedAgain() {
        byte[] png = Fixtures.png(TestImages.noisyGradient(300, 200));
        for (byte[] file : List.of(PHOTO, png)) {
            byte[] streamed = ToolAssertions.single(CropImage.NAME, file,
                    Map.of("x", 17, "y", 9, "width", 120, "height", 80)).bytes();
            assertThat(cropWithoutPosteval(file, 17, 9, 120, 80)).isEqualTo(streamed);
        }
        for (byte[] damaged : List.of(CORRUPT_MIDDLE, TRUNCATED)) {
            assertDamaged(() -> cropWithoutPosteval(damaged, 10, 10, 100, 100));
        }
    }

    /** What CropImage does with an area above the bottom edge, but encoded without the posteval handler. */
    private static byte[] cropWithoutPosteval(byte[] file, int x, int y, int width, int height) {
        try (ToolImage image = ToolImage.load(file, ToolImage.Load.rotated(0)
                .withStream(ToolImage.Stream.THEN_THE_REST))) {
            assertThat(image.streamed()).isTrue();
            image.restStartsAt(y + height);
            image.mapFrames((frame, arena) -> Vips.extractArea(frame, x, y, width, height, arena));
            image.encodeWithoutPostevalHandler();
            return image.save(OutputFormat.keeping(image.sourceFormat())).bytes();
        }
    }

    /**
     * A crop above the bottom edge ends anywhere in the loader's strips (JPEG 8 rows, PNG 16) and in the chunks the
     * rows below are read in (128): wherever it ends, the rows below are read in order, with no "out of order read".
     */
    @Test
    void aCropEndingAnywhereAboveTheBottomReadsTheRowsBelow() {
        byte[] png = Fixtures.png(TestImages.noisyGradient(300, 200));
        for (byte[] file : List.of(PHOTO, png)) {
            ImageInfo info = ToolImage.probe(file);
            for (int bottom : new int[] {1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, info.height() - 1}) {
                for (int height : bottom >= 5 ? new int[] {1, 5} : new int[] {1}) {
                    int top = bottom - height;
                    ToolOutput tool = ToolAssertions.single(CropImage.NAME, file,
                            Map.of("x", 3, "y", top, "width", 40, "height", height));
                    try (ToolImage whole = ToolImage.load(file, 0)) {
                        whole.mapFrames((frame, arena) -> Vips.extractArea(frame, 3, top, 40, height, arena));
                        assertThat(tool.bytes()).as("rows %d to %d of %s", top, bottom, info)
                                .isEqualTo(whole.save(OutputFormat.keeping(whole.sourceFormat())).bytes());
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk jpeg", "16-bit png", "alpha png", "grey jpeg"})
    void colourDepthAndAlphaComeOutAsFromTheWholeDecode(String what) {
        byte[] file = switch (what) {
            case "cmyk jpeg" -> Fixtures.cmykJpeg(Fixtures.quadrants(200, 100));
            case "16-bit png" -> Fixtures.png16(Fixtures.quadrants(64, 64));
            case "alpha png" -> Fixtures.alphaPng(100, 40);
            default -> Fixtures.jpeg(grey(TestImages.noisyGradient(120, 80)));
        };
        for (OutputFormat format : List.of(OutputFormat.PNG, OutputFormat.JPG)) {
            try (ToolImage streamed = ToolImage.load(file, EVERY_ROW);
                    ToolImage whole = ToolImage.load(file, 0)) {
                assertThat(streamed.streamed()).isTrue();
                assertThat(streamed.sixteenBit()).isEqualTo(whole.sixteenBit());
                assertThat(streamed.hasAlpha()).isEqualTo(whole.hasAlpha());
                for (ToolImage image : List.of(streamed, whole)) {
                    image.mapFrames((frame, arena) -> Vips.extractArea(frame, 3, 5, 30, 20, arena));
                }
                assertThat(streamed.save(format).bytes()).isEqualTo(whole.save(format).bytes());
            }
        }
    }

    private static java.awt.image.BufferedImage grey(java.awt.image.BufferedImage colour) {
        var grey = new java.awt.image.BufferedImage(colour.getWidth(), colour.getHeight(),
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(colour, 0, 0, null);
        return grey;
    }

    @Test
    void onlyStillUprightJpegsAndPngsStream() {
        byte[] turned = TestImages.withExifOrientation(Fixtures.jpeg(Fixtures.quadrants(200, 100)), 6);
        try (ToolImage image = ToolImage.load(turned, EVERY_ROW)) {
            assertThat(image.streamed()).isFalse();
            assertThat(image.width()).isEqualTo(100);
        }
        try (ToolImage image = ToolImage.load(PHOTO, ToolImage.Load.rotated(90).withStream(
                ToolImage.Stream.EVERY_ROW))) {
            assertThat(image.streamed()).isFalse();
        }
        try (ToolImage image = ToolImage.load(TestImages.animatedGif(40, 30, java.awt.Color.RED,
                java.awt.Color.GREEN), EVERY_ROW)) {
            assertThat(image.streamed()).isFalse();
            assertThat(image.frames()).isEqualTo(2);
        }
        try (ToolImage image = ToolImage.load(TRUNCATED, EVERY_ROW.withLenient(true))) {
            assertThat(image.streamed()).isFalse();
        }
    }

    private static void assertDamagedThroughTool(String tool, Map<String, ?> params) {
        assertDamagedThroughTool(tool, params, TRUNCATED);
    }

    private static void assertDamagedThroughTool(String tool, Map<String, ?> params, byte[] bytes) {
        ToolResult result = TOOLS.apply(tool, List.of(new ToolInput(bytes, "t.jpg", 0)), params);
        ToolResult.FileResult file = result.files().getFirst();
        assertThat(file.status()).as(tool + " " + params + ": " + file.message()).isEqualTo(FileStatus.DAMAGED_FILE);
        assertThat(file.message()).startsWith("The file is damaged or is not an image");
        assertThat(file.output()).isNull();
    }

    private static void assertDamaged(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ToolFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(FileStatus.DAMAGED_FILE);
            assertThat(failure.getMessage()).startsWith("The file is damaged or is not an image");
        });
    }
}
