package dev.loupe.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.imaging.tools.ToolImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What decoding an image at the pixel limit costs the process (docs/DESIGN.md, "Decoding memory against each
 * function's MemorySize"): the resident size is sampled every few milliseconds while it decodes, and its peak above
 * the size before is what the decode took (libvips' native memory, which no Java heap setting bounds). The streamed
 * thumbnails go first: memory a whole decode freed stays in the process (malloc keeps it) and would hide theirs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecodingMemoryTest {
    private static final long MB = 1024 * 1024;
    /** 10 000 x 10 000: exactly the default limit of 100 megapixels. */
    private static byte[] atTheLimit;

    @BeforeAll
    static void makeAnImageAtTheLimit() {
        byte[] small = TestImages.encode(TestImages.noisyGradient(100, 100), "jpg");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = Vips.imageFromBuffer(arena.allocateFrom(ValueLayout.JAVA_BYTE, small), arena);
            MemorySegment big = MemorySegment.NULL;
            try {
                big = Vips.resize(image, 100, 100, arena); // lazy: encoded strip by strip
                atTheLimit = Vips.encode(big, ".jpg[Q=75]", arena);
            } finally {
                Vips.unref(big);
                Vips.unref(image);
            }
        }
        assertThat(new ImagingEngine().probe(atTheLimit).pixels()).isEqualTo(ImagingEngine.DEFAULT_MAX_PIXELS);
    }

    @Test
    @Order(1)
    void thumbnailsOfAnImageAtTheLimitKeepA1024MbFunctionFarFromIt() {
        ImagingEngine engine = new ImagingEngine();
        long peak = peakGrowth(() -> {
            for (int size : new int[] {150, 800}) {
                engine.thumbnailJpeg(atTheLimit, size, size, 82);
            }
        });
        System.out.printf("thumbnails of a 100 MP JPEG: peak resident growth %d MB%n", peak / MB);
        // the ingest path streams: a small fraction of even the smallest function's 1024 MB
        assertThat(peak).isLessThan(256 * MB);
    }

    @Test
    @Order(2)
    void aWholeDecodeAtTheLimitStaysWithinHalfOfTheToolWorkersMemory() {
        long peak = peakGrowth(() -> {
            try (ToolImage image = ToolImage.load(atTheLimit, 0)) {
                assertThat(image.width()).isEqualTo(10_000);
            }
        });
        System.out.printf("whole decode of a 100 MP JPEG: peak resident growth %d MB%n", peak / MB);
        // 300 MB of RGB pixels; the task file worker has 2048 MB
        assertThat(peak).isLessThan(1024 * MB);
    }

    /** The highest resident size above the one before {@code work}, sampled every 2 ms while it runs. */
    private static long peakGrowth(Runnable work) {
        System.gc();
        long before = residentBytes();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(residentBytes(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            work.run();
        } finally {
            done.set(true);
        }
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peak.accumulateAndGet(residentBytes(), Math::max);
        return peak.get() - before;
    }

    /** VmRSS from /proc/self/status (Linux, as Lambda is). */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
