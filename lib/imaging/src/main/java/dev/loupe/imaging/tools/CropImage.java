package dev.loupe.imaging.tools;

import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.Vips;
import dev.loupe.imaging.tools.FileStatus;
import java.util.Map;

/**
 * cropimage (iLoveIMG's "Crop extra parameters"): the width x height area whose top left corner is at x, y (both
 * default 0), in the image as seen (after its EXIF orientation and the file's {@code rotate}); the output keeps the
 * input's format, every frame of an animation cropped alike.
 *
 * <p>An area that starts outside the image (x at or beyond its width, or y at or beyond its height) has nothing to
 * crop: that file is {@code OutOfRange}. An area that starts inside but reaches beyond the right or bottom edge is
 * cut at the edge, so that one crop request works on a batch of images of slightly different sizes; the output's
 * size says what was kept.
 */
public final class CropImage implements ImageTool {
    public static final String NAME = "cropimage";

    /** The task API's parameters: width and height (no default: required), x and y (default 0). */
    public record Options(int width, int height, int x, int y) {

        public static Options parse(Map<String, ?> params) {
            ToolParams p = new ToolParams(params);
            int width = p.integer("width", 1, Integer.MAX_VALUE)
                    .orElseThrow(() -> ToolParams.invalid("width", "cropimage needs width"));
            int height = p.integer("height", 1, Integer.MAX_VALUE)
                    .orElseThrow(() -> ToolParams.invalid("height", "cropimage needs height"));
            return new Options(width, height, p.integer("x", 0, Integer.MAX_VALUE, 0),
                    p.integer("y", 0, Integer.MAX_VALUE, 0));
        }
    }

    private final long maxPixels;

    public CropImage(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(Map<String, ?> params) {
        Options options = Options.parse(params);
        return inputs -> PerFile.run(NAME, inputs, input -> crop(input, options));
    }

    public ToolOutput crop(ToolInput input, Options options) {
        // Streamed (ToolImage, "Streamed loading"): an area down to the bottom edge reads every row; above it, the
        // encode reads the rows down to the area's bottom and save decodes the rows below, so that damage below the
        // area is still met (DamagedFile, no output), as a whole decode would meet it.
        ImageInfo info = ToolImage.probe(input.bytes());
        boolean toTheBottom = (long) options.y() + options.height() >= info.height();
        ToolImage.Load load = ToolImage.Load.rotated(input.rotate()).withMaxPixels(maxPixels)
                .withStream(toTheBottom ? ToolImage.Stream.EVERY_ROW : ToolImage.Stream.THEN_THE_REST);
        try (ToolImage image = ToolImage.load(input.bytes(), load)) {
            int imageWidth = image.width();
            int imageHeight = image.height();
            if (options.x() >= imageWidth || options.y() >= imageHeight) {
                throw new ToolFailure(FileStatus.OUT_OF_RANGE, "the crop starts at " + options.x() + ", "
                        + options.y() + ", outside the image (" + imageWidth + " x " + imageHeight + ")");
            }
            int width = (int) Math.min(options.width(), (long) imageWidth - options.x());
            int height = (int) Math.min(options.height(), (long) imageHeight - options.y());
            image.restStartsAt(options.y() + height);
            if (width != imageWidth || height != imageHeight) {
                image.mapFrames((frame, arena) -> Vips.extractArea(frame, options.x(), options.y(), width, height,
                        arena));
            }
            return image.save(OutputFormat.keeping(image.sourceFormat()));
        }
    }
}
