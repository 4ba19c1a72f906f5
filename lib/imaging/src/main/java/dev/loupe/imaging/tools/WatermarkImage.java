package dev.loupe.imaging.tools;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * watermarkimage (iLoveIMG's "Watermark extra parameters") as one of the {@link ProcessingTools}: the elements
 * parsed and their stamp images checked once per task, then every file stamped ({@link Watermark}) and written in
 * its own format.
 *
 * <p>Image elements name other files of the task by server_filename, so the tool is made per task with a way to
 * read them: {@code tools.with(new WatermarkImage(maxPixels, stamps))}. Each stamp is read once per task.
 */
public final class WatermarkImage implements ImageTool {
    public static final String NAME = ProcessingTools.WATERMARK;

    private final long maxPixels;
    private final Watermark.StampImages stamps;

    public WatermarkImage(long maxPixels, Watermark.StampImages stamps) {
        this.maxPixels = maxPixels;
        this.stamps = stamps;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 400 ProcessingError naming the field for a bad element or a stamp image that is missing or unreadable. */
    @Override
    public Run prepare(Map<String, ?> params) {
        WatermarkOptions options = WatermarkOptions.from(params);
        Map<String, Optional<byte[]>> read = new HashMap<>();
        Watermark.StampImages once = name -> read.computeIfAbsent(name, stamps::bytes);
        Watermark.check(options, once);
        return inputs -> PerFile.run(NAME, inputs, input -> Watermark.apply(input, options, once, maxPixels));
    }
}
