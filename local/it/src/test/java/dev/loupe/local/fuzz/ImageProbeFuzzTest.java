package dev.loupe.local.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.imaging.ImageInfo;
import dev.loupe.imaging.ImageType;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.imaging.tools.ToolFailure;
import dev.loupe.imaging.tools.ToolImage;

/**
 * The image header probe (libvips through FFM, and the BMP fallback): any bytes are a header read, or damaged_file /
 * DamagedFile; the pixel-limit check on what the header says is a refusal too, never a crash.
 */
class ImageProbeFuzzTest {
    private static final ImagingEngine ENGINE = new ImagingEngine();

    @FuzzTest(maxDuration = "15s")
    void anyBytesProbeOrAreDamaged(byte[] bytes) {
        ImageType.detect(bytes);
        FuzzRules.parse(() -> {
            ImageInfo info = ENGINE.probe(bytes);
            info.type();
            ENGINE.refusePixelBomb(info);
        });
        try {
            ToolImage.probe(bytes);
        } catch (ToolFailure damaged) {
            // DamagedFile: the task API's answer for what can't be read
        }
    }
}
