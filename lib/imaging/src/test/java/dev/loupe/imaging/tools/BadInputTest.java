package dev.loupe.imaging.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.tools.FileStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tool, given what is not a usable image: the file fails (NoImages when no image format recognises its bytes,
 * DamagedFile when an image format does but the image is broken), the others go on.
 */
class BadInputTest {
    private static final byte[] GOOD = Fixtures.png(Fixtures.quadrants(64, 48));
    /** A whole JPEG named photo.png: refused on every path (docs/DESIGN.md, "File types"). */
    private static final String NAMED_PNG = "JPEG named .png";
    private static final byte[] WHOLE_JPEG = Fixtures.jpeg(TestImages.noisyGradient(300, 200));

    static Stream<Arguments> cases() {
        Map<String, Map<String, ?>> tools = Map.of(
                ResizeImage.NAME, Map.of("pixels_width", 20),
                CropImage.NAME, Map.of("width", 10, "height", 10),
                CompressImage.NAME, Map.of(),
                ConvertImage.NAME, Map.of("to", "png"),
                RotateImage.NAME, Map.of(),
                RepairImage.NAME, Map.of());
        Map<String, byte[]> bad = Map.ofEntries(
                Map.entry("zero bytes", new byte[0]),
                Map.entry("GIF signature, then text", "GIF89a? no, just text pretending".getBytes()),
                Map.entry("plain text", "Meeting notes: bring the photos.\n".getBytes()),
                Map.entry("a PDF", ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"
                        + "%%EOF\n").getBytes()),
                Map.entry("truncated", Arrays.copyOf(WHOLE_JPEG, WHOLE_JPEG.length / 2)),
                Map.entry("header only", Arrays.copyOf(WHOLE_JPEG, 150)),
                Map.entry("PNG pixel bomb", TestImages.pngClaiming(50_000, 50_000)),
                Map.entry("GIF pixel bomb", TestImages.gifClaiming(30_000, 30_000)),
                // each frame under the limit, all five over it
                Map.entry("GIF frames pixel bomb", TestImages.gifFrames(5000, 5000, 5)),
                Map.entry("corrupt middle", TestImages.corruptMiddle(Fixtures.photo())),
                Map.entry(NAMED_PNG, WHOLE_JPEG));
        return tools.entrySet().stream().flatMap(tool -> bad.entrySet().stream()
                // a truncated JPEG is exactly what repair is for
                .filter(file -> !(tool.getKey().equals(RepairImage.NAME)
                        && (file.getKey().equals("truncated") || file.getKey().equals("corrupt middle"))))
                .map(file -> Arguments.of(tool.getKey(), tool.getValue(), file.getKey(), file.getValue())));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void failsAndTheOthersGoOn(String tool, Map<String, ?> params, String what, byte[] bytes) {
        ToolResult result = ToolAssertions.TOOLS.apply(tool, List.of(
                new ToolInput(bytes, what.equals(NAMED_PNG) ? "photo.png" : "bad", 0),
                new ToolInput(GOOD, "good.png", 0)), params);

        // A GIF's signature makes it a GIF, a broken one: DamagedFile.
        boolean noImage = what.equals("plain text") || what.equals("a PDF");
        assertThat(result.files().get(0).status()).as(result.files().get(0).message())
                .isEqualTo(noImage ? FileStatus.NO_IMAGES : FileStatus.DAMAGED_FILE);
        assertThat(result.files().get(0).output()).isNull();
        if (what.contains("bomb")) {
            assertThat(result.files().get(0).message()).startsWith("too many pixels");
        }
        if (what.equals(NAMED_PNG)) {
            assertThat(result.files().get(0).message()).isEqualTo(
                    "The file name says PNG but the file is JPEG; name it .jpg.");
        }
        assertThat(result.files().get(1).status()).isEqualTo(FileStatus.FILE_SUCCESS);
        assertThat(result.files().get(1).output().bytes()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pixels", "percentage"})
    void aPixelBombIsOneStatusWhateverTheResizeMode(String mode) {
        Map<String, ?> params = mode.equals("pixels") ? Map.of("pixels_width", 20)
                : Map.of("resize_mode", "percentage", "percentage", 50);
        for (byte[] bomb : List.of(TestImages.pngClaiming(50_000, 50_000), TestImages.gifFrames(5000, 5000, 5))) {
            ToolResult.FileResult file = ToolAssertions.TOOLS.apply(ResizeImage.NAME,
                    List.of(new ToolInput(bomb, "bomb", 0)), params).files().getFirst();
            assertThat(file.status()).as(file.message()).isEqualTo(FileStatus.DAMAGED_FILE);
            assertThat(file.message()).startsWith("too many pixels");
        }
    }
}
