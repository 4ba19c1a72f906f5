package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExifSummaryTest {
    private static final byte[] JPEG = encode("jpg");
    private static final byte[] PNG = encode("png");

    /** A camera's full set: Paris, the Eiffel Tower's second floor, on a summer afternoon in CEST. */
    private static ExifBuilder eiffel(ByteOrder order) {
        return new ExifBuilder(order)
                .make("Canon")
                .model("Canon EOS R5")
                .orientation(6)
                .dateTimeOriginal("2024:06:01 14:30:05")
                .offsetTimeOriginal("+02:00")
                .lensModel("RF24-105mm F4 L IS USM")
                .gps(48.8582, 2.2945)
                .altitude(150.5);
    }

    @ParameterizedTest
    @EnumSource(ByteOrderName.class)
    void readsEveryFieldFromAJpeg(ByteOrderName orderName) {
        ExifSummary exif = ExifSummary.read(eiffel(orderName.order()).into(JPEG));

        assertThat(exif.make()).contains("Canon");
        assertThat(exif.model()).contains("Canon EOS R5");
        assertThat(exif.lens()).contains("RF24-105mm F4 L IS USM");
        assertThat(exif.takenAt()).contains(Instant.parse("2024-06-01T12:30:05Z"));
        assertThat(exif.orientation()).contains(6);
        assertThat(exif.latitude().orElseThrow()).isCloseTo(48.8582, within(1e-4));
        assertThat(exif.longitude().orElseThrow()).isCloseTo(2.2945, within(1e-4));
        assertThat(exif.altitude().orElseThrow()).isCloseTo(150.5, within(1e-9));
        assertThat(exif.isEmpty()).isFalse();
    }

    @Test
    void readsExifFromAPngToo() {
        ExifSummary exif = ExifSummary.read(eiffel(ByteOrder.BIG_ENDIAN).intoPng(PNG));

        assertThat(exif.model()).contains("Canon EOS R5");
        assertThat(exif.takenAt()).contains(Instant.parse("2024-06-01T12:30:05Z"));
    }

    @Test
    void withoutAnOffsetTheTimeIsTakenAsUtc() {
        ExifSummary exif = ExifSummary.read(new ExifBuilder().dateTimeOriginal("2024:06:01 14:30:05").into(JPEG));

        assertThat(exif.takenAt()).contains(Instant.parse("2024-06-01T14:30:05Z"));
        assertThat(exif.make()).isEmpty();
        assertThat(exif.lens()).isEmpty();
        assertThat(exif.latitude()).isEmpty();
        assertThat(exif.altitude()).isEmpty();
    }

    @Test
    void subSecondsAndNegativeOffsetsCount() {
        ExifSummary exif = ExifSummary.read(new ExifBuilder().dateTimeOriginal("2023:12:31 23:59:59")
                .subSecTimeOriginal("25").offsetTimeOriginal("-05:00").into(JPEG));

        assertThat(exif.takenAt()).contains(Instant.parse("2024-01-01T04:59:59.250Z"));
    }

    @Test
    void southWestAndBelowSeaLevelAreNegative() {
        // The Dead Sea's shore is about 430 m below sea level; Lima is south and west.
        ExifSummary exif = ExifSummary.read(new ExifBuilder().gps(-12.0464, -77.0428).altitude(-430).into(JPEG));

        assertThat(exif.latitude().orElseThrow()).isCloseTo(-12.0464, within(1e-4));
        assertThat(exif.longitude().orElseThrow()).isCloseTo(-77.0428, within(1e-4));
        assertThat(exif.altitude()).contains(-430.0);
    }

    @Test
    void paddingAndNulsAreTrimmed() {
        ExifSummary exif = ExifSummary.read(new ExifBuilder().make("NIKON CORPORATION\0\0   ").model("   ")
                .into(JPEG));

        assertThat(exif.make()).contains("NIKON CORPORATION");
        assertThat(exif.model()).isEmpty();
    }

    @Test
    void nonsenseValuesAreLeftOutOneByOne() {
        ExifSummary exif = ExifSummary.read(new ExifBuilder().make("Sony").orientation(9)
                .dateTimeOriginal("0000:00:00 00:00:00").gps(0, 0).into(JPEG));
        assertThat(exif.make()).contains("Sony"); // the rest doesn't spoil it
        assertThat(exif.orientation()).isEmpty();
        assertThat(exif.takenAt()).isEmpty();
        assertThat(exif.latitude()).isEmpty(); // (0, 0): no fix

        assertThat(ExifSummary.read(new ExifBuilder().dateTimeOriginal("2024:02:30 10:00:00").into(JPEG)).takenAt())
                .isEmpty();
        assertThat(ExifSummary.read(new ExifBuilder().dateTimeOriginal("2024:02:29 10:00:00")
                .offsetTimeOriginal("   :  ").into(JPEG)).takenAt())
                .contains(Instant.parse("2024-02-29T10:00:00Z")); // an unset offset: UTC
        assertThat(ExifSummary.read(new ExifBuilder().dateTimeOriginal("2024-02-29 10:00:00").into(JPEG)).takenAt())
                .contains(Instant.parse("2024-02-29T10:00:00Z"));
    }

    @Test
    void filesWithoutExifGiveTheEmptySummary() {
        assertThat(ExifSummary.read(JPEG)).isEqualTo(ExifSummary.EMPTY);
        assertThat(ExifSummary.read(PNG).isEmpty()).isTrue();
        assertThat(ExifSummary.read(encode("gif"))).isEqualTo(ExifSummary.EMPTY);
        assertThat(ExifSummary.read(encode("bmp"))).isEqualTo(ExifSummary.EMPTY);
        assertThat(ExifSummary.read(encode("tiff"))).isEqualTo(ExifSummary.EMPTY);
    }

    @Test
    void oddFilesNeverThrow() {
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        byte[] withExif = eiffel(ByteOrder.BIG_ENDIAN).into(JPEG);

        assertThat(ExifSummary.read(noise)).isEqualTo(ExifSummary.EMPTY);
        assertThat(ExifSummary.read(new byte[0])).isEqualTo(ExifSummary.EMPTY);
        assertThat(ExifSummary.read(null)).isEqualTo(ExifSummary.EMPTY);
        assertThat(ExifSummary.read("<svg/>".getBytes())).isEqualTo(ExifSummary.EMPTY);
        for (int cut = 1; cut < 400; cut += 7) { // cut anywhere in the EXIF segment
            ExifSummary.read(Arrays.copyOf(withExif, cut));
        }
        // EXIF whose every byte after the header is noise: offsets pointing anywhere, loops, huge counts.
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] hostile = withExif.clone();
            for (int j = 0; j < 20; j++) {
                hostile[12 + random.nextInt(300)] = (byte) random.nextInt(256);
            }
            ExifSummary.read(hostile);
        }
    }

    /** ByteOrder isn't an enum: this names the two for the parameterized test. */
    enum ByteOrderName {
        BIG_ENDIAN(ByteOrder.BIG_ENDIAN), LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN);

        private final ByteOrder order;

        ByteOrderName(ByteOrder order) {
            this.order = order;
        }

        ByteOrder order() {
            return order;
        }
    }

    private static byte[] encode(String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB), format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
