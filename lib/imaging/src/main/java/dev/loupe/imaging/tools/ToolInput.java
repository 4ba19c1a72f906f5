package dev.loupe.imaging.tools;

import dev.loupe.core.http.ApiError;
import java.util.Objects;

/**
 * One file given to a tool: its bytes, the name it was uploaded with (for messages and output names; may be empty),
 * and the task API's per-file {@code rotate} (0, 90, 180 or 270 degrees clockwise, applied after the file's own
 * EXIF orientation and before the tool).
 */
public record ToolInput(byte[] bytes, String filename, int rotate) {

    public ToolInput {
        Objects.requireNonNull(bytes, "bytes");
        filename = filename == null ? "" : filename;
        if (rotate != 0 && rotate != 90 && rotate != 180 && rotate != 270) {
            throw new ApiError(400, "ProcessingError", "rotate must be 0, 90, 180 or 270, not " + rotate, "rotate");
        }
    }

    public ToolInput(byte[] bytes) {
        this(bytes, "", 0);
    }
}
