package dev.loupe.imaging.tools;

import dev.loupe.imaging.Vips;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * convertimage (iLoveIMG's "Convert extra parameters"): {@code to} jpg (default), png, gif, or gif_animation.
 *
 * <p>jpg, png and gif convert each file on its own, from any format libvips reads here (JPEG, PNG, GIF, WebP, TIFF,
 * AVIF, BMP through its fallback; HEIC's HEVC decoder is not in sharp's libvips, so HEIC files are DamagedFile).
 * The task API allows png and gif "only from jpg images"; Loupe takes any input, a superset that breaks no client.
 * JPEG flattens transparency onto white and keeps an animation's first frame, as does PNG (libvips writes no APNG);
 * PNG keeps 16 bits and alpha; gif keeps an animation's frames and delays.
 *
 * <p>gif_animation makes one animated GIF of all the files, in their order, every frame of an animated input
 * included: each frame shows {@code gif_time} hundredths of a second (default 50), and it loops forever when
 * {@code gif_loop} is true (the default), else plays once. Frames take the size of the first file's first frame;
 * the others are scaled to fit inside it and centred on black bars (letterboxed), so nothing is stretched or cut: a
 * portrait photo among landscape ones keeps its top and bottom. A file that can't be
 * read is that file's DamagedFile and the animation is made of the others.
 */
public final class ConvertImage implements ImageTool {
    public static final String NAME = "convertimage";
    /** GIF stores delays in hundredths of a second in 16 bits. */
    static final int MAX_GIF_TIME = 65_535;

    public enum Target { JPG, PNG, GIF, GIF_ANIMATION }

    /** The task API's parameters with its defaults: to jpg, gif_time 50 (hundredths of a second), gif_loop true. */
    public record Options(Target to, int gifTime, boolean gifLoop) {

        public static Options parse(Map<String, ?> params) {
            ToolParams p = new ToolParams(params);
            Target to = Target.valueOf(p.choice("to", "jpg", "jpg", "png", "gif", "gif_animation")
                    .toUpperCase(java.util.Locale.ROOT));
            return new Options(to, p.integer("gif_time", 1, MAX_GIF_TIME, 50), p.bool("gif_loop", true));
        }
    }

    private final long maxPixels;

    public ConvertImage(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run prepare(Map<String, ?> params) {
        Options options = Options.parse(params);
        if (options.to() == Target.GIF_ANIMATION) {
            return inputs -> animate(inputs, options);
        }
        OutputFormat format = switch (options.to()) {
            case PNG -> OutputFormat.PNG;
            case GIF -> OutputFormat.GIF;
            default -> OutputFormat.JPG;
        };
        return inputs -> PerFile.run(NAME, inputs, input -> convert(input, format));
    }

    public ToolOutput convert(ToolInput input, OutputFormat format) {
        // Streamed (ToolImage, "Streamed loading"): the encoder reads every row.
        try (ToolImage image = ToolImage.load(input.bytes(), ToolImage.Load.rotated(input.rotate())
                .withMaxPixels(maxPixels).withStream(ToolImage.Stream.EVERY_ROW))) {
            return image.save(format);
        }
    }

    /** One animated GIF of every file's frames; see the class comment. */
    public ToolResult animate(List<ToolInput> inputs, Options options) {
        List<ToolResult.FileResult> results = new ArrayList<>();
        List<ToolImage> parts = new ArrayList<>();
        try {
            for (ToolInput input : inputs) {
                results.add(PerFile.one(NAME, input, in -> {
                    parts.add(framesFor(in, parts));
                    return null; // the file's output is the combined animation
                }));
            }
            if (parts.isEmpty()) {
                return new ToolResult(results, Optional.empty());
            }
            // libvips' "loop": 0 plays for ever, 1 plays once.
            try (ToolImage animation = ToolImage.animation(parts, options.gifTime() * 10, options.gifLoop() ? 0 : 1)) {
                return new ToolResult(results, Optional.of(animation.save(OutputFormat.GIF)));
            }
        } finally {
            parts.forEach(ToolImage::close);
        }
    }

    /**
     * The frame scaled to fit inside width x height (aspect kept, enlarged if smaller) and centred on black bars: a
     * portrait frame in a landscape animation keeps its top and bottom, as a slideshow shows it.
     */
    private static MemorySegment letterboxed(MemorySegment frame, int width,
            int height, Arena arena) {
        MemorySegment fitted = Vips.thumbnailImage(frame, width, height, Vips.SIZE_BOTH,
                Vips.INTERESTING_NONE, arena);
        try {
            int bands = Vips.bands(fitted);
            double[] black = new double[bands];
            if (Vips.hasAlpha(fitted)) {
                black[bands - 1] = Vips.bandFormat(fitted) == Vips.FORMAT_USHORT ? 65535 : 255; // opaque bars
            }
            return Vips.centreIn(fitted, width, height, black, arena);
        } finally {
            Vips.unref(fitted);
        }
    }

    /** One file's frames at the size of the first file's, within the pixel limit for the whole animation. */
    private ToolImage framesFor(ToolInput input, List<ToolImage> before) {
        ToolImage image = ToolImage.load(input.bytes(), ToolImage.Load.rotated(input.rotate()).withMaxPixels(maxPixels));
        try {
            int width = before.isEmpty() ? image.width() : before.getFirst().width();
            int height = before.isEmpty() ? image.height() : before.getFirst().height();
            long frames = image.frames() + before.stream().mapToLong(ToolImage::frames).sum();
            PerFile.refuseLargeOutput(width, height, frames, maxPixels);
            if (image.width() != width || image.height() != height) {
                image.mapFrames((frame, arena) -> letterboxed(frame, width, height, arena));
            }
            return image;
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }
}
