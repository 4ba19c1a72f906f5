package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressMathTest {
    @Test
    void rateAndEta() {
        assertThat(ProgressMath.rate(1_000_000, 2_000_000_000L)).isEqualTo(500_000.0);
        assertThat(ProgressMath.rate(10, 0)).isZero();
        assertThat(ProgressMath.etaSeconds(1_000_000, 500_000)).isEqualTo(2);
        assertThat(ProgressMath.etaSeconds(1_000_001, 500_000)).isEqualTo(3);
        assertThat(ProgressMath.etaSeconds(0, 0)).isZero();
        assertThat(ProgressMath.etaSeconds(5, 0)).isEqualTo(-1);
    }

    @Test
    void percentAndBar() {
        assertThat(ProgressMath.percent(50, 200)).isEqualTo(25);
        assertThat(ProgressMath.percent(300, 200)).isEqualTo(100);
        assertThat(ProgressMath.percent(0, 0)).isEqualTo(100);
        assertThat(ProgressMath.bar(50, 200, 8)).isEqualTo("[##------]");
        assertThat(ProgressMath.bar(0, 200, 4)).isEqualTo("[----]");
        assertThat(ProgressMath.bar(200, 200, 4)).isEqualTo("[####]");
    }

    @Test
    void sizesDurationsAndNames() {
        assertThat(ProgressMath.bytes(512)).isEqualTo("512 B");
        assertThat(ProgressMath.bytes(1536)).isEqualTo("1.5 KB");
        assertThat(ProgressMath.bytes(12L * 1024 * 1024)).isEqualTo("12.0 MB");
        assertThat(ProgressMath.duration(7)).isEqualTo("7s");
        assertThat(ProgressMath.duration(125)).isEqualTo("2m05s");
        assertThat(ProgressMath.duration(3720)).isEqualTo("1h02m");
        assertThat(ProgressMath.duration(-1)).isEqualTo("--");
        assertThat(ProgressMath.fit("a-very-long-file-name.jpg", 10)).isEqualTo("a-very-lo~");
        assertThat(ProgressMath.fit("a.jpg", 7)).isEqualTo("a.jpg  ");
    }

    @Test
    void aLineFitsTheTerminal() {
        String line = ProgressMath.line("photo.jpg", 512 * 1024, 1024 * 1024, 1_000_000_000L, 100);
        assertThat(line).startsWith("photo.jpg").contains(" 50%").contains("512.0 KB / 1.0 MB")
                .contains("512.0 KB/s").contains("ETA 1s");
        assertThat(line.length()).isLessThanOrEqualTo(100);
        assertThat(ProgressMath.line("x", 0, 10, 0, 60)).contains("ETA --");
        String waiting = ProgressMath.waitingLine("photo.jpg", 2 * 1024 * 1024, 500_000_000L, 12_400_000_000L, 100);
        assertThat(waiting).contains("[##########").contains(" 100%  2.0 MB  4.0 MB/s, server working 12s");
        assertThat(waiting.length()).isLessThanOrEqualTo(100);
    }

    @Test
    void plainProgressPrintsAFinishedFileAndTheOverallLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong();
        try (Progress progress = new Progress(err, Progress.Mode.PLAIN, 100, now::get, 3000, 2)) {
            Transfer a = progress.begin("a.jpg", 1000);
            Transfer b = progress.begin("b.jpg", 2000);
            a.sent(1000);
            b.sent(500);
            now.set(1_000_000_000L);
            assertThat(progress.frame(now.get())).hasSize(3);
            assertThat(progress.overallLine(now.get())).startsWith("total 0/2 files").contains(" 50%");
            progress.end(a, null);
            b.sent(2000);
            now.set(2_000_000_000L);
            progress.end(b, "400 damaged_file: broken");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("sent    a.jpg  1000 B in 1.0 s").contains("FAILED  b.jpg: 400 damaged_file: broken")
                .contains("total 2/2 files").doesNotContain("\u001b[");
    }
}
