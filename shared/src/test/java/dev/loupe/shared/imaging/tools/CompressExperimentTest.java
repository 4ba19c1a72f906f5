package dev.loupe.shared.imaging.tools;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class CompressExperimentTest {
    @Test
    void explore() {
        byte[] photo = Fixtures.photo();
        BufferedImage original = Fixtures.decode(photo);
        String base = "optimize_coding=true,trellis_quant=true,overshoot_deringing=true,optimize_scans=true,interlace=true,quant_table=3,subsample_mode=on";
        for (String opts : new String[] {"Q=90," + base, "Q=85," + base, "Q=82," + base, "Q=80," + base, "Q=75," + base, "Q=70," + base, "Q=60," + base, "Q=50," + base, "Q=40," + base,
                "Q=80,optimize_coding=true", "Q=75,optimize_coding=true,subsample_mode=on"}) {
            long t = System.nanoTime();
            try (ToolImage image = ToolImage.load(photo, 0)) {
                ToolOutput out = image.save(OutputFormat.JPG, opts);
                long ms = (System.nanoTime() - t) / 1_000_000;
                double ssim = Ssim.of(original, Fixtures.decode(out.bytes()));
                System.out.printf("EXP %s -> %d bytes (%.1f%% smaller) ssim %.4f %d ms%n", opts, out.bytes().length,
                        100.0 * (photo.length - out.bytes().length) / photo.length, ssim, ms);
            }
        }
    }
}
