package dev.loupe.imaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What renditions cost at ingest and save a phone, for docs/PERFORMANCE.md ("Renditions"): for each photo in
 * {@code -Dloupe.bench.photos} (a folder of JPEGs), the time and bytes of each width in each format (after one
 * warm-up run), AVIF at two encoder efforts, and the bytes of a 20-image gallery page on a 390 px phone at DPR 3
 * before (800 px JPEG thumbnails, the original in the lightbox) and after (srcset picks). Not a test: run by
 * bench/renditions.sh; writes lib/imaging/target/bench-renditions.md.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class RenditionCostBench {
    private static final List<Integer> WIDTHS = List.of(320, 640, 1280, 2048);
    private final ImagingEngine engine = new ImagingEngine();

    @Test
    void measure() throws IOException {
        Path folder = Path.of(System.getProperty("loupe.bench.photos"));
        List<Path> photos;
        try (Stream<Path> files = Files.list(folder)) {
            photos = files.filter(p -> p.toString().toLowerCase().matches(".*\\.jpe?g")).sorted().toList();
        }
        StringBuilder md = new StringBuilder();
        md.append("| photo | size | bytes | format | ms (all widths) | bytes 320 / 640 / 1280 / 2048 |\n")
                .append("|---|---|---|---|---|---|\n");
        List<long[]> perPhoto = new ArrayList<>(); // original, thumb800, grid pick, lightbox pick
        for (Path photo : photos) {
            byte[] bytes = Files.readAllBytes(photo);
            ImageInfo info = engine.probe(bytes);
            engine.renditions(bytes, List.of(320), List.of(Rendition.Format.JPEG)); // warm up
            long gridPick = 0;
            long lightboxPick = 0;
            for (Rendition.Format format : Rendition.Format.values()) {
                long start = System.nanoTime();
                List<Rendition> made = engine.renditions(bytes, WIDTHS, List.of(format));
                long ms = (System.nanoTime() - start) / 1_000_000;
                md.append("| ").append(photo.getFileName()).append(" | ").append(info.displayWidth()).append('x')
                        .append(info.displayHeight()).append(" | ").append(bytes.length).append(" | ")
                        .append(format.extension()).append(" | ").append(ms).append(" | ")
                        .append(String.join(" / ", made.reversed().stream()
                                .map(r -> r.width() + ": " + r.bytes().length).toList())).append(" |\n");
                if (format == Rendition.Format.AVIF) {
                    // A phone of 390 x 844 CSS px at DPR 3 (Chromium picks AVIF): the grid is one column of 350 px
                    // (1,050 device px, sizes in GalleryPageRenderer), the lightbox shows a landscape photo 262 px
                    // wide (786 device px: the window less its 64 px side padding); each takes the smallest
                    // rendition at least that wide.
                    gridPick = pick(made, 1050);
                    lightboxPick = pick(made, 786);
                }
            }
            long start = System.nanoTime();
            byte[] thumb800 = engine.thumbnailJpeg(bytes, 800, 800, 82);
            long thumbMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            byte[] og = engine.smartCropJpeg(bytes, 1200, 630, 85);
            long ogMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            engine.smallPixels(bytes, 32);
            long placeholderMs = (System.nanoTime() - start) / 1_000_000;
            md.append("| ").append(photo.getFileName()).append(" | | | 800 px thumbnail (before) | ").append(thumbMs)
                    .append(" | ").append(thumb800.length).append(" |\n");
            md.append("| ").append(photo.getFileName()).append(" | | | og:image 1200x630 | ").append(ogMs)
                    .append(" | ").append(og.length).append(" |\n");
            md.append("| ").append(photo.getFileName()).append(" | | | placeholder pixels | ").append(placeholderMs)
                    .append(" | |\n");
            for (String effort : List.of("2", "4")) {
                start = System.nanoTime();
                long total = avifAtEffort(bytes, effort);
                md.append("| ").append(photo.getFileName()).append(" | | | avif effort ").append(effort)
                        .append(" (2048 only) | ").append((System.nanoTime() - start) / 1_000_000).append(" | ")
                        .append(total).append(" |\n");
            }
            perPhoto.add(new long[] {bytes.length, thumb800.length, gridPick, lightboxPick});
        }
        // A 20-image page: the photos in turn.
        long beforeGrid = 0, afterGrid = 0, beforeLightbox = 0, afterLightbox = 0;
        for (int i = 0; i < 20; i++) {
            long[] p = perPhoto.get(i % perPhoto.size());
            beforeGrid += p[1];
            afterGrid += p[2];
            beforeLightbox += p[0];
            afterLightbox += p[3];
        }
        md.append("\n20-image page on a 390x844 phone at DPR 3, image bytes:\n\n")
                .append("| | before | after | saved |\n|---|---|---|---|\n")
                .append(row("grid (every tile)", beforeGrid, afterGrid))
                .append(row("lightbox (every image opened once)", beforeLightbox, afterLightbox))
                .append(row("both", beforeGrid + beforeLightbox, afterGrid + afterLightbox));
        System.out.println(md);
        Files.writeString(Path.of("target/bench-renditions.md"), md);
    }

    private static long pick(List<Rendition> made, int width) {
        // srcset: the smallest rendition at least as wide as needed, else the widest there is.
        return made.stream().filter(r -> r.width() >= width).min((a, b) -> a.width() - b.width())
                .or(() -> made.stream().max((a, b) -> a.width() - b.width())).orElseThrow().bytes().length;
    }

    private long avifAtEffort(byte[] bytes, String effort) {
        byte[] jpeg2048 = engine.renditions(bytes, List.of(2048), List.of(Rendition.Format.JPEG)).getFirst().bytes();
        return TestImages.viaVips(jpeg2048, ".avif[Q=55,effort=" + effort + ",keep=none]").length;
    }

    private static String row(String what, long before, long after) {
        return "| " + what + " | " + before + " | " + after + " | " + Math.round(100.0 * (before - after) / before)
                + " % |\n";
    }
}
