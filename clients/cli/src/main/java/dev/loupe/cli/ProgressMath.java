package dev.loupe.cli;

import java.util.Locale;

/** The arithmetic of the progress display: sizes, rates, ETAs and bars, as text. Pure, so it is unit-tested. */
public final class ProgressMath {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private ProgressMath() {
    }

    /** Bytes a second over {@code elapsedNanos}; 0 before any time has passed. */
    public static double rate(long bytes, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : bytes * 1e9 / elapsedNanos;
    }

    /** Seconds left for {@code remaining} bytes at {@code rate} bytes a second; -1 (unknown) at rate 0. */
    public static long etaSeconds(long remaining, double rate) {
        if (remaining <= 0) {
            return 0;
        }
        return rate <= 0 ? -1 : (long) Math.ceil(remaining / rate);
    }

    /** {@code sent} of {@code total} as a whole percentage, 0 to 100 (100 for an empty total). */
    public static int percent(long sent, long total) {
        if (total <= 0) {
            return 100;
        }
        return (int) Math.min(100, Math.max(0, sent * 100 / total));
    }

    /** A bar of {@code width} cells between brackets: filled cells {@code #}, the rest {@code -}. */
    public static String bar(long sent, long total, int width) {
        int filled = total <= 0 ? width : (int) Math.min(width, Math.max(0, sent * width / total));
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** 1024-based sizes with one decimal from KB on: {@code 512 B}, {@code 1.5 KB}, {@code 12.0 MB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** A rate as {@code 1.2 MB/s}. */
    public static String rateText(double rate) {
        return bytes((long) rate) + "/s";
    }

    /** An ETA as {@code 7s}, {@code 2m05s}, {@code 1h02m}; {@code --} when unknown. */
    public static String duration(long seconds) {
        if (seconds < 0) {
            return "--";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** {@code text} cut or padded to exactly {@code width} characters (a cut name ends in {@code ~}). */
    public static String fit(String text, int width) {
        if (text.length() > width) {
            return text.substring(0, Math.max(0, width - 1)) + "~";
        }
        return text + " ".repeat(width - text.length());
    }

    /**
     * One progress line: label, bar, percent, bytes of total, rate and ETA, about {@code columns} wide (the bar is
     * what the label and the longest tail leave, 10 to 30 cells, the same on every line).
     */
    public static String line(String label, long sent, long total, long elapsedNanos, int columns) {
        double rate = rate(sent, elapsedNanos);
        String tail = String.format(Locale.ROOT, " %3d%%  %s / %s  %s  ETA %s", percent(sent, total), bytes(sent),
                bytes(total), rateText(rate), duration(etaSeconds(total - sent, rate)));
        int labelWidth = Math.min(24, Math.max(8, columns / 4));
        return fit(label, labelWidth) + " " + bar(sent, total, barWidth(columns, labelWidth)) + tail;
    }

    /** One width for every line of a terminal, so the bars line up: what the label and the longest tail leave. */
    private static int barWidth(int columns, int labelWidth) {
        return Math.max(10, Math.min(30, columns - labelWidth - 56));
    }

    /**
     * The line of a file whose bytes are all sent, while the server reads it (an upload's answer comes once the
     * image is checked and stored): the send's own rate, and how long the server has had it.
     */
    public static String waitingLine(String label, long total, long sendNanos, long waitNanos, int columns) {
        String tail = String.format(Locale.ROOT, " 100%%  %s  %s, server working %s", bytes(total),
                rateText(rate(total, sendNanos)), duration(waitNanos / 1_000_000_000L));
        int labelWidth = Math.min(24, Math.max(8, columns / 4));
        return fit(label, labelWidth) + " " + bar(total, total, barWidth(columns, labelWidth)) + tail;
    }
}
