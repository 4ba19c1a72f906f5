package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Against Wolt's reference implementations: the expected hashes are what the reference C encoder (C/encode.c, whose
 * output the reference's Hashes.csv records) answers for the same pixels; the expected pixels what the npm package
 * {@code blurhash} 2.0.5 (the reference TypeScript decoder) paints. The TypeScript encoder differs from the C one in
 * one place, the largest AC value (it takes the largest signed value, C the largest magnitude): Loupe follows C.
 */
class BlurHashTest {
    /** r = x * 255 / (w - 1), g = y * 255 / (h - 1), b = x * y mod 256, each floored. */
    private static byte[] picture(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (x * 255 / (w - 1));
                rgb[i + 1] = (byte) (y * 255 / (h - 1));
                rgb[i + 2] = (byte) ((x * y) % 256);
            }
        }
        return rgb;
    }

    @Test
    void encodesAsTheReferenceDoes() {
        assertThat(BlurHash.encode(picture(32, 24), 32, 24, 4, 3)).isEqualTo("L$HewC2lwtX4l@WBjwe@gFfmfTfi");
        assertThat(BlurHash.encode(picture(20, 30), 20, 30, 3, 4)).isEqualTo("T$HoEm2+wtl@WCjwgFfmfSniWsjq");
        assertThat(BlurHash.encode(picture(16, 16), 16, 16, 1, 1)).isEqualTo("00Hx#=");
    }

    @Test
    void decodesAsTheReferenceDoes() {
        // The reference's README hash, painted at 4 x 3 (the reference answers RGBA; alpha left out here).
        assertThat(unsigned(BlurHash.decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 4, 3))).containsExactly(
                135, 164, 177, 161, 173, 177, 181, 180, 171, 160, 172, 174,
                124, 154, 169, 148, 148, 154, 164, 145, 134, 146, 152, 155,
                124, 144, 154, 144, 134, 132, 163, 130, 104, 148, 140, 134);
        assertThat(unsigned(BlurHash.decode("LFE.@D9F01_2%L%MIVD*9Goe-;WB", 3, 2))).containsExactly(
                94, 90, 84, 121, 118, 102, 143, 140, 126, 110, 106, 87, 133, 130, 117, 181, 179, 162);
    }

    @Test
    void refusesWhatIsNotAHash() {
        assertThatThrownBy(() -> BlurHash.decode("L", 4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlurHash.decode("LEHV6nWB2yk8", 4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlurHash.decode("LEHV6nWB2yk8pyo0adR*.7kCMd\"j", 4, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] unsigned(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xff;
        }
        return out;
    }
}
