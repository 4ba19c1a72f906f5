package dev.loupe.cli;

import java.util.concurrent.atomic.AtomicLong;

/** One file's transfer, as the progress display reads it: its size, the bytes sent so far, since when. */
public final class Transfer {
    private final String name;
    private final long total;
    private final AtomicLong sent = new AtomicLong();
    private volatile long startNanos;
    private volatile long sentAtNanos = -1;

    public Transfer(String name, long total) {
        this.name = name;
        this.total = total;
    }

    public String name() {
        return name;
    }

    public long total() {
        return total;
    }

    public long sent() {
        return sent.get();
    }

    public long startNanos() {
        return startNanos;
    }

    void start(long nanos) {
        startNanos = nanos;
    }

    /** Bytes handed to the network so far (a retried call reports from where the retried part began). */
    public void sent(long bytes) {
        sent.set(bytes);
        if (bytes >= total && sentAtNanos < 0) {
            sentAtNanos = System.nanoTime();
        }
    }

    /** When the last byte was handed over (the server is then reading, checking, storing it), or -1. */
    public long sentAtNanos() {
        return sentAtNanos;
    }
}
