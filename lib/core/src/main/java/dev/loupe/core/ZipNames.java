package dev.loupe.core;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Entry names for a folder's ZIP. Each is a bare file name, never a path: separators, drive colons, control and
 * invisible formatting characters (which can disguise an extension) become {@code _}, so unzipping can only ever
 * create files in the folder it unzips to. Names are unique without regard to case, as on the file systems most
 * ZIPs are opened on: a second {@code a.jpg} becomes {@code a (2).jpg}.
 */
public final class ZipNames {
    private static final int MAX_CHARS = 200;
    private static final String FORBIDDEN = "/\\:*?\"<>|";
    private static final Pattern WINDOWS_DEVICE = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])");

    private final Set<String> taken = new HashSet<>();

    /** A safe name for {@code fileName} that no earlier call of this instance answered. */
    public String unique(String fileName) {
        String name = safe(fileName);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String candidate = name;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = base + " (" + n + ")" + extension;
        }
        return candidate;
    }

    /** A file name that stays a file name in the folder it is unzipped into, on any common system. */
    public static String safe(String fileName) {
        StringBuilder out = new StringBuilder();
        (fileName == null ? "" : fileName).codePoints().forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || FORBIDDEN.indexOf(c) >= 0
                        ? '_' : c));
        // Leading dots hide a file (or make "." and ".."); Windows drops trailing dots and spaces.
        String name = out.toString().strip().replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
        if (name.isEmpty()) {
            name = "image";
        }
        int dot = name.indexOf('.');
        if (WINDOWS_DEVICE.matcher(dot < 0 ? name : name.substring(0, dot)).matches()) {
            name = "_" + name;
        }
        if (name.codePointCount(0, name.length()) > MAX_CHARS) {
            int lastDot = name.lastIndexOf('.');
            String extension = lastDot > 0 && name.length() - lastDot <= 10 ? name.substring(lastDot) : "";
            int keep = MAX_CHARS - extension.length();
            name = name.substring(0, name.offsetByCodePoints(0, keep)).strip() + extension;
        }
        return name;
    }
}
