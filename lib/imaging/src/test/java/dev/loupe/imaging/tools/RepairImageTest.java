package dev.loupe.imaging.tools;

import static dev.loupe.imaging.tools.ToolAssertions.single;
import static dev.loupe.imaging.tools.ToolAssertions.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.imaging.TestImages;
import dev.loupe.imaging.tools.FileStatus;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepairImageTest {

    @Test
    void aTruncatedJpegComesBackWholeWithEveryDecodableRow() {
        byte[] photo = Fixtures.photo(); // baseline: rows come in order
        BufferedImage original = Fixtures.decode(photo);
        byte[] cut = Arrays.copyOf(photo, photo.length / 2);

        ToolOutput out = single(RepairImage.NAME, cut, Map.of());

        assertThat(out.extension()).isEqualTo("jpg");
        BufferedImage repaired = Fixtures.decode(out.bytes());
        assertThat(repaired.getWidth()).isEqualTo(2560);
        assertThat(repaired.getHeight()).isEqualTo(1920);
        // Half the bytes hold roughly the top half of the rows; the top 40% must be the original's, up to the
        // loss of one more JPEG encode (Q 90).
        int rows = (int) (original.getHeight() * 0.4);
        BufferedImage top = repaired.getSubimage(0, 0, 2560, rows);
        assertThat(Magick.meanDifference(top, original.getSubimage(0, 0, 2560, rows))).isLessThan(2.0);
        assertThat(Ssim.of(top, original.getSubimage(0, 0, 2560, rows))).isGreaterThan(0.97);
        // and the bottom is not: what was missing could not be made up
        int bottom = original.getHeight() - 100;
        assertThat(Magick.meanDifference(repaired.getSubimage(0, bottom, 2560, 100),
                original.getSubimage(0, bottom, 2560, 100))).isGreaterThan(2.0);
    }

    @Test
    void aTruncatedPngKeepsItsCompleteRows() {
        BufferedImage source = TestImages.noisyGradient(300, 200);
        byte[] png = Fixtures.png(source);
        ToolOutput out = single(RepairImage.NAME, Arrays.copyOf(png, png.length / 2), Map.of());
        assertThat(out.extension()).isEqualTo("png");
        BufferedImage repaired = Fixtures.decode(out.bytes());
        assertThat(repaired.getHeight()).isEqualTo(200);
        // lossless: the top 40% of the rows are exactly the original's
        CropRotateTest.assertSamePixels(repaired.getSubimage(0, 0, 300, 80), source.getSubimage(0, 0, 300, 80));
    }

    @Test
    void anIntactFileIsWrittenAgainUnchanged() {
        BufferedImage source = TestImages.noisyGradient(64, 48);
        ToolOutput out = single(RepairImage.NAME, Fixtures.png(source), Map.of());
        CropRotateTest.assertSamePixels(Fixtures.decode(out.bytes()), source);
    }

    @Test
    void nothingDecodableIsADamagedFile() {
        byte[] jpeg = Fixtures.jpeg(TestImages.noisyGradient(300, 200));
        int sos = RepairImageTest.indexOfSos(jpeg);
        byte[] headerOnly = Arrays.copyOf(jpeg, sos); // every table, no scan
        assertThat(RepairImage.jpegHasScanData(headerOnly)).isFalse();
        assertThat(RepairImage.jpegHasScanData(jpeg)).isTrue();
        assertThat(statusOf(RepairImage.NAME, headerOnly, Map.of())).isEqualTo(FileStatus.DAMAGED_FILE);

        byte[] png = Fixtures.png(TestImages.noisyGradient(300, 200));
        assertThat(statusOf(RepairImage.NAME, Arrays.copyOf(png, 33), Map.of())) // signature and IHDR only
                .isEqualTo(FileStatus.DAMAGED_FILE);
        // a PNG cut before its first complete row decodes as one flat colour: nothing was repaired
        assertThat(statusOf(RepairImage.NAME, Arrays.copyOf(png, 120), Map.of())).isEqualTo(FileStatus.DAMAGED_FILE);
        assertThat(statusOf(RepairImage.NAME, "garbage, not an image".getBytes(), Map.of()))
                .isEqualTo(FileStatus.NO_IMAGES);
        assertThat(statusOf(RepairImage.NAME, new byte[0], Map.of())).isEqualTo(FileStatus.DAMAGED_FILE);
    }

    static int indexOfSos(byte[] jpeg) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda) {
                return i;
            }
        }
        throw new AssertionError("no SOS");
    }
}
