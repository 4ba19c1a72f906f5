package dev.loupe.imaging.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processing tools by the names the iLoveIMG-style task API gives them, for the task workers: {@code resizeimage},
 * {@code cropimage}, {@code compressimage}, {@code convertimage}, {@code rotateimage}, {@code repairimage}, and
 * {@code watermarkimage} once its tool is registered (it is built apart: pass it to the constructor, or
 * {@link #with}).
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #prepare}(tool, params) checks the tool's name and its parameters, with the task API's defaults for
 * those not given. {@code params} is the process request's parameters by the task API's names (JSON values or form
 * strings; extra entries such as task, files or webhook are ignored). A wrong tool name or parameter value is an
 * {@code ApiError(400, "ProcessingError", message, param)}, which TaskApi renders as the task API's error; call it
 * when /process arrives, before any file is read, so the client hears of a bad parameter at once.
 * <li>{@link ImageTool.Run#apply}(inputs) processes the files (bytes, file name, the file's {@code rotate}) and never
 * throws for a file's own fault: each file has its {@link ToolResult.FileResult}, FileSuccess with its output, or
 * the status it failed with (DamagedFile, OutOfRange, UnknownError...) and a message; the other files go on. One
 * tool makes one output of all the files ({@code convertimage} with {@code to=gif_animation}): its output is
 * {@link ToolResult#combined}.
 * <li>The tools are pure functions of bytes and parameters: no storage, no AWS, thread-safe (each call works on its
 * own images). Each file decodes to at most {@code maxPixels} pixels; beyond that it is DamagedFile ("too many
 * pixels"), and an output beyond it (a large upscale) is OutOfRange.
 * </ul>
 */
public final class ProcessingTools {
    /** The tool the other branch builds; until it is registered, asking for it is a 400 naming the tool. */
    public static final String WATERMARK = "watermarkimage";
    /** Every tool name the iLoveIMG-style task API accepts, registered here or not. */
    public static final Set<String> REFERENCE_TOOLS = Set.of("resizeimage", "cropimage", "compressimage",
            "convertimage", WATERMARK, "repairimage", "rotateimage");

    private final Map<String, ImageTool> tools;
    private final long maxPixels;
    private final ImageTool[] extras;

    /** The six tools built here, with the default pixel limit. */
    public ProcessingTools() {
        this(ToolImage.DEFAULT_MAX_PIXELS);
    }

    /** The six tools built here and any others (the watermark tool), with a pixel limit per file. */
    public ProcessingTools(long maxPixels, ImageTool... more) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.extras = more.clone();
        Map<String, ImageTool> all = new LinkedHashMap<>();
        for (ImageTool tool : List.of(new ResizeImage(maxPixels), new CropImage(maxPixels),
                new CompressImage(maxPixels), new ConvertImage(maxPixels), new RotateImage(maxPixels),
                new RepairImage(maxPixels))) {
            all.put(tool.name(), tool);
        }
        for (ImageTool tool : more) {
            all.put(tool.name(), tool);
        }
        this.tools = Map.copyOf(all);
    }

    /** A copy with one more tool (or one replaced, by name): how the watermark tool plugs in. */
    public ProcessingTools with(ImageTool tool) {
        ImageTool[] all = java.util.Arrays.copyOf(extras, extras.length + 1);
        all[extras.length] = tool;
        return new ProcessingTools(maxPixels, all);
    }

    /** The names of the tools that can run here. */
    public Set<String> names() {
        return tools.keySet();
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** The tool bound to its checked parameters; 400 ProcessingError for an unknown tool or a bad parameter. */
    public ImageTool.Run prepare(String tool, Map<String, ?> params) {
        ImageTool found = tools.get(tool);
        if (found == null) {
            throw ToolParams.invalid("tool", REFERENCE_TOOLS.contains(tool)
                    ? "the tool " + tool + " is not available on this server yet"
                    : "tool must be one of " + String.join(", ", REFERENCE_TOOLS.stream().sorted().toList())
                            + ", not '" + tool + "'");
        }
        return found.prepare(params);
    }

    /** {@link #prepare} and run in one call. */
    public ToolResult apply(String tool, List<ToolInput> inputs, Map<String, ?> params) {
        return prepare(tool, params).apply(inputs);
    }
}
