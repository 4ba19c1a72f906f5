package dev.loupe.imaging.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.tools.FileStatus;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;

/** Shared checks of the tools' tests. */
final class ToolAssertions {
    static final ProcessingTools TOOLS = new ProcessingTools();

    private ToolAssertions() {
    }

    /** A 400 ProcessingError naming the parameter, as the task API renders it. */
    static void assertInvalid(ThrowableAssert.ThrowingCallable call, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, error -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.code()).isEqualTo("ProcessingError");
            assertThat(error.param()).contains(param);
            assertThat(error.getMessage()).contains(param);
        });
    }

    /** The one file's output, which must have succeeded. */
    static ToolOutput single(String tool, ToolInput input, Map<String, ?> params) {
        ToolResult result = TOOLS.apply(tool, List.of(input), params);
        assertThat(result.files()).hasSize(1);
        ToolResult.FileResult file = result.files().getFirst();
        assertThat(file.status()).as(file.message()).isEqualTo(FileStatus.FILE_SUCCESS);
        return file.output();
    }

    static ToolOutput single(String tool, byte[] bytes, Map<String, ?> params) {
        return single(tool, new ToolInput(bytes), params);
    }

    /** The status one bad file ends with. */
    static FileStatus statusOf(String tool, byte[] bytes, Map<String, ?> params) {
        ToolResult result = TOOLS.apply(tool, List.of(new ToolInput(bytes)), params);
        ToolResult.FileResult file = result.files().getFirst();
        assertThat(file.output()).isNull();
        assertThat(file.message()).isNotBlank();
        return file.status();
    }
}
