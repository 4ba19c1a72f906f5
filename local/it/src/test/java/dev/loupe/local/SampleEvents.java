package dev.loupe.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a function's sample events as the repository names them: {@code events/<FunctionLogicalId>.json} or
 * {@code events/<FunctionLogicalId>/*.json}, each with its expectation beside it ({@code *.expected.json}).
 */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static List<Path> of(Path root, String functionId) throws IOException {
        Path single = root.resolve("events").resolve(functionId + ".json");
        Path folder = root.resolve("events").resolve(functionId);
        List<Path> events = new ArrayList<>();
        if (Files.isRegularFile(single)) events.add(single);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expected.json"))
                        .sorted().forEach(events::add);
            }
        }
        return events;
    }

    public static Path expectationOf(Path event) {
        return event.resolveSibling(event.getFileName().toString().replaceAll("\\.json$", ".expected.json"));
    }
}
