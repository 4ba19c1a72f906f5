package dev.loupe.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/** {@link SampleEvents}' arguments: the function's event files, sorted, each with its expectation. */
public final class SampleEventsProvider implements ArgumentsProvider, AnnotationConsumer<SampleEvents> {
    private SampleEvents events;

    @Override
    public void accept(SampleEvents annotation) {
        this.events = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) throws IOException {
        Path folder = root().resolve("events").resolve(events.value());
        List<String> only = List.of(events.only());
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expected.json"))
                    .filter(p -> only.isEmpty() || only.contains(p.getFileName().toString().replaceAll("\\.json$", "")))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no sample events in " + folder + (only.isEmpty() ? "" : " named " + only));
        }
        return files.stream().map(file -> Arguments.of(SampleEvent.read(file)));
    }

    /** The repository's root: the nearest directory above the working directory that holds template.yaml. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
}
