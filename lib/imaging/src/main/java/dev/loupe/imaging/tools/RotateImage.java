package dev.loupe.imaging.tools;

import java.util.Map;

/**
 * rotateimage (iLoveIMG: "Rotate tool has no options, just set rotation property in file"): each file turned by
 * its own {@code rotate} (0, 90, 180 or 270 degrees clockwise) after its EXIF orientation, so a photo that showed
 * sideways in a viewer that ignores EXIF comes out upright even with rotate 0. Pixels are moved, never resampled;
 * the output keeps the input's format. A JPEG is decoded and encoded again (at the tools' Q 90): libvips has no
 * DCT-domain (jpegtran-style) rotation, and the orientation must be applied to the pixels anyway.
 */
public final class RotateImage implements ImageTool {
    public static final String NAME = "rotateimage";

    private final long maxPixels;

    public RotateImage(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(Map<String, ?> params) {
        return inputs -> PerFile.run(NAME, inputs, this::rotate);
    }

    public ToolOutput rotate(ToolInput input) {
        // ToolImage.load applies the orientation and the rotate: all there is to do is write the result.
        try (ToolImage image = ToolImage.load(input.bytes(), ToolImage.Load.rotated(input.rotate())
                .withMaxPixels(maxPixels))) {
            return image.save(OutputFormat.keeping(image.sourceFormat()));
        }
    }
}
