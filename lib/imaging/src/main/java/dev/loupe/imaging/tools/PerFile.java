package dev.loupe.imaging.tools;

import dev.loupe.imaging.ImageType;
import dev.loupe.imaging.tools.FileStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a one-file-in, one-file-out tool over a task's files. A file's own fault ({@link ToolFailure}) becomes its
 * status; anything else that goes wrong with one file (a libvips failure after the file decoded, a bug) is that
 * file's {@code UnknownError}, logged, and the other files go on.
 */
final class PerFile {
    private static final System.Logger LOG = System.getLogger(PerFile.class.getName());

    private PerFile() {
    }

    static ToolResult run(String tool, List<ToolInput> inputs, Function<ToolInput, ToolOutput> each) {
        List<ToolResult.FileResult> results = new ArrayList<>(inputs.size());
        for (ToolInput input : inputs) {
            results.add(one(tool, input, each));
        }
        return ToolResult.perFile(results);
    }

    static ToolResult.FileResult one(String tool, ToolInput input, Function<ToolInput, ToolOutput> each) {
        try {
            refuseMisnamed(input);
            return ToolResult.FileResult.success(each.apply(input));
        } catch (ToolFailure failure) {
            return ToolResult.FileResult.failure(failure.status(), failure.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, tool + " failed on '" + input.filename() + "'", e);
            return ToolResult.FileResult.failure(FileStatus.UNKNOWN_ERROR, tool + " failed: " + e.getMessage());
        }
    }

    /**
     * The rule on every path (docs/DESIGN.md, "File types"): the bytes say what a file is, and a name whose extension
     * names another image format (a JPEG called photo.png) is refused, as the library refuses it (extension_mismatch).
     * DamagedFile, the task API's status for a file "we were unable to read": its name and content disagree. A name
     * without an image extension (none, ".bin") is not checked: tasks take files by their bytes.
     */
    static void refuseMisnamed(ToolInput input) {
        Optional<ImageType> named = ImageType.fromExtension(input.filename());
        Optional<ImageType> actual = ImageType.detect(input.bytes());
        if (named.isPresent() && actual.isPresent() && named.get() != actual.get()) {
            throw new ToolFailure(FileStatus.DAMAGED_FILE, "The file name says " + named.get() + " but the file is "
                    + actual.get() + "; name it ." + actual.get().extension() + ".");
        }
    }

    /** Refuses an output larger than the pixel limit (a resize by 1000% of a large photo): OutOfRange. */
    static void refuseLargeOutput(long width, long height, long frames, long maxPixels) {
        long pixels = width * height * frames;
        if (pixels > maxPixels) {
            throw new ToolFailure(FileStatus.OUT_OF_RANGE, "the result would be " + width + " x " + height
                    + (frames > 1 ? " x " + frames + " frames" : "") + " = " + pixels + " pixels; at most "
                    + maxPixels + " are made");
        }
    }
}
