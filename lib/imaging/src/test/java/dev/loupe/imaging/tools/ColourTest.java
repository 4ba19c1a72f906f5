package dev.loupe.imaging.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.imaging.ColourInputs;
import dev.loupe.imaging.ColourInputs.Kind;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The colour test (docs/DESIGN.md, "Colour"): every path that makes a picture, for every awkward kind of input, gives
 * what a browser shows for the original, within a mean difference of 4 of 255 from ImageMagick doing the same
 * operation on the sRGB decode. The paths here: every processing tool of the iLoveIMG-style task API, convertimage
 * once per target (the thumbnails made at ingest are lib/library's IngestColourTest, on the same inputs). Outputs that
 * differ by design (compressimage, a GIF's palette) are held to their mean colour and to the mean colour of every
 * 16 x 16 block, which a hue shift would move and dithering or block noise does not. Each line of the measurements
 * is printed ("colour ..."), which docs/DESIGN.md records.
 */
class ColourTest {
    private static final double BOUND = 4;
    /** OutputFormat.JPG's quality. */
    private static final int TOOL_JPEG_QUALITY = 90;

    private static ColourInputs inputs;
    private static final ProcessingTools TOOLS = new ProcessingTools()
            .with(new WatermarkImage(ToolImage.DEFAULT_MAX_PIXELS, name -> Optional.empty()));

    /** One path: what Loupe makes of the input, and ImageMagick's same operation on the sRGB decode. */
    private record Path(String name, Function<byte[], ToolOutput> make, boolean byDesign, int quality,
            String... operation) {
    }

    @BeforeAll
    static void makeInputs() {
        assumeTrue(ColourInputs.magickInstalled(), "ImageMagick is not installed at /usr/bin/convert (Debian "
                + "package imagemagick, which .ci/run installs): the colour test needs its references");
        inputs = new ColourInputs();
    }

    @AfterAll
    static void removeInputs() {
        if (inputs != null) {
            inputs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, mode = EnumSource.Mode.EXCLUDE, names = "CMYK_EXIF_ROTATED") // the tools: alike
    void everyPathShowsWhatABrowserShows(Kind kind) {
        byte[] bytes = inputs.bytes(kind);
        List<Path> paths = paths();
        List<ToolOutput> outputs = paths.stream().map(path -> path.make().apply(bytes)).toList();
        List<BufferedImage> references = inputs.references(kind, java.util.stream.IntStream.range(0, paths.size())
                .mapToObj(i -> new ColourInputs.Operation(outputs.get(i).extension(), paths.get(i).quality(),
                        List.of(paths.get(i).operation()))).toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < paths.size(); i++) {
            Path path = paths.get(i);
            BufferedImage ours = ColourInputs.flattened(outputs.get(i).bytes());
            BufferedImage reference = references.get(i);
            if (path.byDesign()) {
                double[] a = ColourInputs.meanColour(ours);
                double[] b = ColourInputs.meanColour(reference);
                double meanShift = Math.max(Math.abs(a[0] - b[0]), Math.max(Math.abs(a[1] - b[1]),
                        Math.abs(a[2] - b[2])));
                double blocks = ColourInputs.blockMeanDifference(ours, reference);
                System.out.printf("colour %-13s %-28s mean colour %.2f, 16x16 blocks %.2f (by design: %.2f)%n",
                        kind, path.name(), meanShift, blocks, ColourInputs.meanDifference(ours, reference));
                softly.assertThat(meanShift).as(kind + " " + path.name() + ": mean colour").isLessThanOrEqualTo(BOUND);
                softly.assertThat(blocks).as(kind + " " + path.name() + ": mean colour of 16 x 16 blocks")
                        .isLessThanOrEqualTo(BOUND);
            } else {
                double difference = ColourInputs.meanDifference(ours, reference);
                System.out.printf("colour %-13s %-28s %.2f%n", kind, path.name(), difference);
                softly.assertThat(difference).as(kind + " " + path.name()).isLessThanOrEqualTo(BOUND);
            }
        }
        softly.assertAll();
    }

    private static List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        paths.add(tool("resizeimage", Map.of("pixels_width", 240), 0, false, "-resize", "240x"));
        paths.add(tool("cropimage", Map.of("width", 200, "height", 150, "x", 40, "y", 30), 0, false,
                "-crop", "200x150+40+30", "+repage"));
        paths.add(tool("rotateimage", Map.of(), 90, false, "-rotate", "90"));
        paths.add(tool("repairimage", Map.of(), 0, false));
        // A small text in a corner: a few dozen pixels of 86,400 differ from the reference, which has none.
        paths.add(tool("watermarkimage", Map.of("elements", List.of(Map.of("type", "text", "text", "L",
                "gravity", "SouthEast", "font_size", 10))), 0, false));
        paths.add(tool("convertimage to jpg", Map.of("to", "jpg"), 0, false));
        paths.add(tool("convertimage to png", Map.of("to", "png"), 0, false));
        paths.add(tool("convertimage to gif", Map.of("to", "gif"), 0, true));
        paths.add(new Path("convertimage to gif_animation", bytes -> TOOLS.apply("convertimage",
                List.of(new ToolInput(bytes)), Map.of("to", "gif_animation")).combined().orElseThrow(), true,
                TOOL_JPEG_QUALITY));
        paths.add(tool("compressimage", Map.of(), 0, true));
        return paths;
    }

    private static Path tool(String name, Map<String, ?> params, int rotate, boolean byDesign, String... operation) {
        String tool = name.split(" ")[0];
        return new Path(name + (rotate != 0 ? " (rotate " + rotate + ")" : ""), bytes -> {
            ToolResult result = TOOLS.apply(tool, List.of(new ToolInput(bytes, "in", rotate)), params);
            assertThat(result.files().getFirst().status()).as(result.files().getFirst().message())
                    .isEqualTo(FileStatus.FILE_SUCCESS);
            return result.files().getFirst().output();
        }, byDesign, TOOL_JPEG_QUALITY, operation);
    }
}
