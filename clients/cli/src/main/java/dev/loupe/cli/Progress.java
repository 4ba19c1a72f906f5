package dev.loupe.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The progress of a batch of transfers on stderr: on a terminal, a bar per file being sent and one for the whole
 * batch, redrawn in place ten times a second; elsewhere (a pipe, a log, CI) plain lines, one per finished file and
 * an overall line at each tenth of the files (and every 5 s); or nothing ({@link Mode#NONE}).
 */
public final class Progress implements AutoCloseable {
    /** How progress is shown: {@code auto} picks {@code tty} on a terminal, else {@code plain}. */
    public enum Mode { AUTO, TTY, PLAIN, NONE }

    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final Mode mode;
    private final int columns;
    private final LongSupplier clock;
    private final long startNanos;
    private final long totalBytes;
    private final int totalFiles;
    private final List<Transfer> active = new CopyOnWriteArrayList<>();
    private final AtomicLong finishedBytes = new AtomicLong();
    private final AtomicInteger finishedFiles = new AtomicInteger();
    private final Thread redraw;
    private int drawnLines;
    private long lastPlainLine;
    private int lastPlainTenth;

    Progress(PrintStream err, Mode mode, int columns, LongSupplier clock, long totalBytes, int totalFiles) {
        this.err = err;
        this.mode = mode;
        this.columns = columns;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastPlainLine = startNanos;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
        if (mode == Mode.TTY) {
            redraw = Thread.ofPlatform().daemon().name("loupectl-progress").start(this::redrawLoop);
        } else {
            redraw = null;
        }
    }

    /** A display for {@code totalFiles} files of {@code totalBytes} bytes, as the terminal allows. */
    public static Progress start(Terminal terminal, Mode mode, long totalBytes, int totalFiles) {
        Mode resolved = mode == Mode.AUTO ? (terminal.tty() ? Mode.TTY : Mode.PLAIN) : mode;
        return new Progress(terminal.err(), resolved, terminal.columns(), System::nanoTime, totalBytes, totalFiles);
    }

    public Transfer begin(String name, long size) {
        Transfer transfer = new Transfer(name, size);
        transfer.start(clock.getAsLong());
        active.add(transfer);
        return transfer;
    }

    /** The file is done ({@code failure} null) or failed with that reason. */
    public void end(Transfer transfer, String failure) {
        active.remove(transfer);
        // A failed file's bytes count as done too: the overall bar and ETA are about what is left to do.
        finishedBytes.addAndGet(transfer.total());
        finishedFiles.incrementAndGet();
        long now = clock.getAsLong();
        String line = failure == null
                ? String.format(Locale.ROOT, "sent    %s  %s in %s", transfer.name(), ProgressMath.bytes(transfer.total()),
                seconds(now - transfer.startNanos()))
                : "FAILED  " + transfer.name() + ": " + failure;
        switch (mode) {
            case TTY -> {
                synchronized (this) {
                    clearDrawn();
                    err.println(line);
                    draw();
                }
            }
            case PLAIN -> {
                synchronized (this) {
                    err.println(line);
                    // The overall line at each tenth of the files, and at a file's end 5 s after the last one.
                    int tenth = totalFiles == 0 ? 10 : finishedFiles.get() * 10 / totalFiles;
                    if (tenth > lastPlainTenth || now - lastPlainLine >= PLAIN_EVERY_NANOS) {
                        lastPlainLine = now;
                        lastPlainTenth = tenth;
                        err.println(overallLine(now));
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The overall line: files done of all, and the bytes of done and active files against the batch's. */
    String overallLine(long now) {
        long sent = finishedBytes.get();
        for (Transfer transfer : active) {
            sent += transfer.sent();
        }
        String label = String.format(Locale.ROOT, "total %d/%d files", finishedFiles.get(), totalFiles);
        return ProgressMath.line(label, Math.min(sent, totalBytes), totalBytes, now - startNanos, columns);
    }

    /** The lines a terminal shows now: one per active file, then the overall line. */
    List<String> frame(long now) {
        List<String> lines = new ArrayList<>();
        for (Transfer transfer : active) {
            long sentAt = transfer.sentAtNanos();
            lines.add(sentAt >= 0 && transfer.total() > 0
                    ? ProgressMath.waitingLine(transfer.name(), transfer.total(), sentAt - transfer.startNanos(),
                    now - sentAt, columns)
                    : ProgressMath.line(transfer.name(), transfer.sent(), transfer.total(), now - transfer.startNanos(),
                    columns));
        }
        lines.add(overallLine(now));
        return lines;
    }

    private void redrawLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            synchronized (this) {
                clearDrawn();
                draw();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void draw() {
        List<String> lines = frame(clock.getAsLong());
        for (String line : lines) {
            err.print("\u001b[2K" + line + "\n");
        }
        err.flush();
        drawnLines = lines.size();
    }

    private void clearDrawn() {
        if (drawnLines > 0) {
            // Up to the first drawn line, then clear from there to the end of the screen.
            err.print("\u001b[" + drawnLines + "A\r\u001b[J");
            drawnLines = 0;
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    @Override
    public void close() {
        if (redraw != null) {
            redraw.interrupt();
            try {
                redraw.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                clearDrawn();
                draw();
            }
        }
    }
}
