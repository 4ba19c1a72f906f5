package dev.loupe.library;

import java.util.Locale;

/** Sizes in the human form the compatible APIs show ("118.57 KB"): 1024-based, two decimals. */
public final class FileSizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private FileSizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, UNITS[unit]);
    }
}
