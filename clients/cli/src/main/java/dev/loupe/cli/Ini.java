package dev.loupe.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The profile file's format, as the AWS CLI's {@code ~/.aws/config}: {@code [name]} (or {@code [profile name]})
 * sections of {@code key = value} lines; {@code #} and {@code ;} start comment lines. Keys are read in lower case.
 */
final class Ini {
    private Ini() {
    }

    /** Sections by name; a line outside any section, or one without {@code =}, is an error naming its line. */
    static Map<String, Map<String, String>> parse(List<String> lines, String source) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (name.startsWith("profile ")) {
                    name = name.substring("profile ".length()).strip();
                }
                current = sections.computeIfAbsent(name, key -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1 || current == null) {
                throw new CliException(ExitCode.USAGE, source + " line " + number + ": expected [profile] or key = value");
            }
            current.put(line.substring(0, equals).strip().toLowerCase(Locale.ROOT), line.substring(equals + 1).strip());
        }
        return sections;
    }
}
