package dev.loupe.imaging.tools;

import static dev.loupe.imaging.tools.ToolAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.imaging.tools.FileStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessingToolsTest {
    private final ProcessingTools tools = new ProcessingTools();

    @Test
    void knowsTheReferencesToolsButWatermarkUntilItIsRegistered() {
        assertThat(tools.names()).containsExactlyInAnyOrder("resizeimage", "cropimage", "compressimage",
                "convertimage", "rotateimage", "repairimage");
        assertInvalid(() -> tools.prepare("watermarkimage", Map.of()), "tool");
        assertInvalid(() -> tools.prepare("pdfjpg", Map.of()), "tool");
    }

    @Test
    void aRegisteredToolRunsByItsName() {
        ImageTool stamp = new ImageTool() {
            @Override
            public String name() {
                return ProcessingTools.WATERMARK;
            }

            @Override
            public Run prepare(Map<String, ?> params) {
                return inputs -> PerFile.run(name(), inputs, input -> new ToolOutput(input.bytes(), "png", 1, 1));
            }
        };
        ProcessingTools withStamp = tools.with(stamp);
        assertThat(withStamp.names()).contains("watermarkimage", "resizeimage");
        ToolResult result = withStamp.apply("watermarkimage", List.of(new ToolInput(new byte[] {1})), Map.of());
        assertThat(result.files().getFirst().status()).isEqualTo(FileStatus.FILE_SUCCESS);
    }

    @Test
    void parametersAreCheckedBeforeAnyFileIsRead() {
        // A bad value fails in prepare, with no file given at all.
        assertInvalid(() -> tools.prepare("resizeimage", Map.of("pixels_width", "-3")), "pixels_width");
        assertInvalid(() -> tools.prepare("compressimage", Map.of("compression_level", "none")),
                "compression_level");
        assertInvalid(() -> tools.prepare("convertimage", Map.of("to", "svg")), "to");
        // Other request fields are ignored; JSON values and form strings read alike.
        assertThat(tools.prepare("cropimage", Map.of("width", 10, "height", "10", "task", "t1", "files", List.of())))
                .isNotNull();
    }

    @Test
    void aBadRotateIsAProcessingError() {
        assertInvalid(() -> new ToolInput(new byte[0], "a.jpg", 45), "rotate");
    }
}
