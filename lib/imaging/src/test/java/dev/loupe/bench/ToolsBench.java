package dev.loupe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.imaging.tools.ImageTool;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.imaging.tools.ToolImage;
import dev.loupe.imaging.tools.ToolInput;
import dev.loupe.imaging.tools.ToolOutput;
import dev.loupe.imaging.tools.ToolResult;
import dev.loupe.imaging.tools.WatermarkImage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The processing tools against sharp (bench/tools.sh; docs/PERFORMANCE.md, "Processing tools against sharp"): each
 * tool through {@link ProcessingTools} on a 12-megapixel JPEG, and the same operation in sharp (bench/tools/
 * sharp-bench.mjs, kept running as a child process), run by run in alternation (Loupe first on even runs, sharp
 * first on odd ones) so that the machine's load falls on both alike. Both are warmed up first; the figures are the
 * medians and the ratio of the medians. Every output is checked: the tool succeeds, and Loupe's and sharp's outputs
 * have the same size in pixels. Then, for the tools that miss their target, Loupe's stages are timed apart (decode
 * into memory, encode).
 *
 * <p>Not part of the test run: it needs {@code -Dloupe.bench=true}, {@code -Dloupe.bench.input} (the JPEG),
 * {@code -Dloupe.bench.sharp} (the folder of sharp-bench.mjs with its node_modules).
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class ToolsBench {
    private static final int RUNS = Integer.getInteger("loupe.bench.runs", 11);
    private static final int WARMUP = Integer.getInteger("loupe.bench.warmup", 3);
    private static final String ONLY = System.getProperty("loupe.bench.only", "");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row: the tool and its parameters, the file's rotate, sharp's operation, the target ratio. */
    private record Op(String name, String tool, Map<String, Object> params, int rotate, String sharpOp,
            double target) {
    }

    private static final List<Op> OPS = List.of(
            new Op("resizeimage pixels_width=1024", "resizeimage",
                    Map.of("resize_mode", "pixels", "pixels_width", 1024), 0, "resize", 1.2),
            new Op("resizeimage pixels_width=1024, sharp with fastShrinkOnLoad: false", "resizeimage",
                    Map.of("resize_mode", "pixels", "pixels_width", 1024), 0, "resize-exact", 1.2),
            new Op("cropimage 1000x1000 at 1500,1000", "cropimage",
                    Map.of("width", 1000, "height", 1000, "x", 1500, "y", 1000), 0, "crop", 1.5),
            new Op("compressimage recommended", "compressimage", Map.of("compression_level", "recommended"), 0,
                    "compress", 1.5),
            new Op("convertimage to=png", "convertimage", Map.of("to", "png"), 0, "png", 1.5),
            new Op("convertimage to=jpg", "convertimage", Map.of("to", "jpg"), 0, "jpg", 1.5),
            new Op("rotateimage rotate=90", "rotateimage", Map.of(), 90, "rotate", 1.5),
            new Op("watermarkimage text, SouthEast, 120 px bold, 60%", "watermarkimage",
                    Map.of("elements", List.of(Map.of("type", "text", "text", "© Loupe bench", "gravity",
                            "SouthEast", "font_family", "Arial", "font_style", "Bold", "font_size", 120,
                            "font_color", "#FFFFFF", "transparency", 60))), 0, "watermark", 1.5),
            new Op("repairimage (intact JPEG)", "repairimage", Map.of(), 0, "repair", 1.5));

    @Test
    void toolsAgainstSharp() throws Exception {
        Path input = Path.of(System.getProperty("loupe.bench.input"));
        Path sharpDir = Path.of(System.getProperty("loupe.bench.sharp"));
        Path font = Path.of(System.getenv("LOUPE_LIBVIPS_PATH")).getParent().resolveSibling("fonts")
                .resolve("LiberationSans-Bold.ttf");
        byte[] bytes = Files.readAllBytes(input);
        ProcessingTools tools = new ProcessingTools().with(new WatermarkImage(ToolImage.DEFAULT_MAX_PIXELS,
                name -> Optional.empty()));

        Process node = new ProcessBuilder("node", sharpDir.resolve("sharp-bench.mjs").toString(), "serve",
                input.toString(), font.toString()).directory(sharpDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> rows = new ArrayList<>();
        List<Op> misses = new ArrayList<>();
        try (BufferedWriter toSharp = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(),
                StandardCharsets.UTF_8));
                BufferedReader fromSharp = new BufferedReader(new InputStreamReader(node.getInputStream(),
                        StandardCharsets.UTF_8))) {
            Sharp sharp = new Sharp(toSharp, fromSharp);
            double loadBefore = load();
            for (Op op : OPS) {
                if (!op.name().contains(ONLY)) {
                    continue;
                }
                ImageTool.Run run = tools.prepare(op.tool(), op.params());
                List<ToolInput> inputs = List.of(new ToolInput(bytes, "photo.jpg", op.rotate()));
                for (int i = 0; i < WARMUP; i++) {
                    loupe(run, inputs);
                    sharp.run(op.sharpOp());
                }
                double[] loupeMs = new double[RUNS];
                double[] sharpMs = new double[RUNS];
                ToolOutput out = null;
                JsonNode sharpOut = null;
                for (int i = 0; i < RUNS; i++) {
                    if (i % 2 == 1) {
                        sharpOut = sharp.run(op.sharpOp());
                        sharpMs[i] = sharpOut.get("ms").asDouble();
                    }
                    long start = System.nanoTime();
                    out = loupe(run, inputs);
                    loupeMs[i] = (System.nanoTime() - start) / 1e6;
                    if (i % 2 == 0) {
                        sharpOut = sharp.run(op.sharpOp());
                        sharpMs[i] = sharpOut.get("ms").asDouble();
                    }
                }
                assertThat(out.width()).as(op.name() + ": width, Loupe vs sharp")
                        .isEqualTo(sharpOut.get("width").asInt());
                assertThat(out.height()).as(op.name() + ": height, Loupe vs sharp")
                        .isEqualTo(sharpOut.get("height").asInt());
                double loupe = median(loupeMs);
                double theirs = median(sharpMs);
                double ratio = loupe / theirs;
                boolean met = ratio <= op.target();
                if (!met) {
                    misses.add(op);
                }
                String row = String.format(Locale.ROOT,
                        "| %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %.2f | ≤ %.1f: %s | %,d / %,d |", op.name(), loupe,
                        min(loupeMs), max(loupeMs), theirs, min(sharpMs), max(sharpMs), ratio, op.target(),
                        met ? "met" : "missed", out.bytes().length, sharpOut.get("bytes").asLong());
                rows.add(row);
                System.out.println("[bench] " + row);
            }
            double loadAfter = load();

            List<String> report = new ArrayList<>();
            report.add(String.format(Locale.ROOT, "Input: %s, %,d bytes. %d warm-up and %d timed runs each, "
                    + "alternated; load average %.1f before, %.1f after (%d cores). JDK %s, sharp %s (libvips %s).",
                    input.getFileName(), bytes.length, WARMUP, RUNS, loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), sharp.version("sharp"),
                    sharp.version("vips")));
            report.add("");
            report.add("| tool | Loupe ms, median (range) | sharp ms, median (range) | Loupe / sharp | target | "
                    + "output bytes Loupe / sharp |");
            report.add("|---|---|---|---|---|---|");
            report.addAll(rows);
            if (!misses.isEmpty()) {
                report.add("");
                report.add("Loupe's stages (median ms) for the tools that missed:");
                report.add("");
                report.add("| stage | ms |");
                report.add("|---|---|");
                report.addAll(stages(bytes));
            }
            report.forEach(line -> System.out.println("[bench] " + line));
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/bench-tools.md"), report);
        } finally {
            node.destroy();
        }
    }

    /** Load, decode to memory, and save as JPEG Q 90 apart: where a full-size tool's time goes. */
    private static List<String> stages(byte[] bytes) {
        List<String> rows = new ArrayList<>();
        rows.add(stage("header (ToolImage.probe)", () -> ToolImage.probe(bytes)));
        rows.add(stage("load: decode into memory, autorot, sRGB check (ToolImage.load + close)", () -> {
            try (ToolImage image = ToolImage.load(bytes, 0)) {
                return image.width();
            }
        }));
        rows.add(stage("load and save JPEG Q 90 (ToolImage.load + save)", () -> {
            try (ToolImage image = ToolImage.load(bytes, 0)) {
                return image.save(dev.loupe.imaging.tools.OutputFormat.JPG);
            }
        }));
        return rows;
    }

    private static String stage(String name, Supplier<Object> work) {
        for (int i = 0; i < WARMUP; i++) {
            work.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return String.format(Locale.ROOT, "| %s | %.0f |", name, median(ms));
    }

    private static ToolOutput loupe(ImageTool.Run run, List<ToolInput> inputs) {
        ToolResult result = run.apply(inputs);
        ToolResult.FileResult file = result.files().getFirst();
        assertThat(file.succeeded()).as(file.message()).isTrue();
        return file.output();
    }

    /** The sharp process: one operation a line, one JSON answer a line. */
    private record Sharp(BufferedWriter to, BufferedReader from) {
        JsonNode run(String op) throws Exception {
            to.write(op);
            to.newLine();
            to.flush();
            String line = from.readLine();
            assertThat(line).as("sharp's answer to " + op).isNotNull();
            JsonNode answer = JSON.readTree(line);
            assertThat(answer.has("error")).as(line).isFalse();
            return answer;
        }

        String version(String of) throws Exception {
            JsonNode answer = run("version");
            return answer.path(of).asText("?");
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
