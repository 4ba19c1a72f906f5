package dev.loupe.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.lambda.fixtures.Probe;
import dev.loupe.local.template.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two functions built into one jar, as the areas' shaded jars hold many: each has its own class of Loupe's code (its
 * own static state), its own environment, and finds the jar's service entries naming Loupe's classes, while the jar's
 * third-party classes (here Jackson) are loaded once, by the jar's library loader, and shared.
 */
class FunctionHostClassLoadingTest {
    private static final String PROBE_PACKAGE = "dev/loupe/local/lambda/fixtures/";

    @TempDir
    Path root;

    @Test
    void loupeClassesAndEnvironmentArePerFunctionWhileLibraryClassesArePerJar() throws Exception {
        probeJar(root.resolve("probe.jar"));
        Files.writeString(root.resolve("template.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function: { Runtime: java25, Timeout: 30, CodeUri: probe.jar }
                Resources:
                  FirstFunction:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: "dev.loupe.local.lambda.fixtures.Probe::handleRequest" }
                  SecondFunction:
                    Type: AWS::Serverless::Function
                    Properties: { Handler: "dev.loupe.local.lambda.fixtures.Probe::handleRequest" }
                """);
        Template template = Template.load(root);
        try (FunctionHost host = new FunctionHost(template, Map.of("AWS_REGION", "us-east-1"), Map.of(
                "FirstFunction", Map.of("GREETING", "hello"), "SecondFunction", Map.of("GREETING", "bonjour")))) {
            ClassLoader first = host.function("FirstFunction").loader;
            ClassLoader second = host.function("SecondFunction").loader;

            String objectMapper = ObjectMapper.class.getName();
            assertThat(first.loadClass(objectMapper)).isSameAs(second.loadClass(objectMapper))
                    .isNotSameAs(ObjectMapper.class);
            assertThat(first.loadClass(Probe.class.getName())).isNotSameAs(second.loadClass(Probe.class.getName()))
                    .isNotSameAs(Probe.class);
            assertThat(first.loadClass(Probe.class.getName()).getClassLoader()).isSameAs(first);

            // Each function's static counter saw one instance: its own; its environment is its own; the service entry
            // of the jar names a Loupe class, which its own loader defines.
            assertThat(host.invoke("FirstFunction", "{}"))
                    .isEqualTo("{\"instances\":1,\"greeting\":\"hello\",\"providers\":[\"english\"]}");
            assertThat(host.invoke("SecondFunction", "{}"))
                    .isEqualTo("{\"instances\":1,\"greeting\":\"bonjour\",\"providers\":[\"english\"]}");

            // A resource of the jar is found once, through the library loader; the environment only by the function.
            assertThat(java.util.Collections.list(first.getResources(PROBE_PACKAGE + "Probe.class"))).hasSize(1);
            assertThat(first.loadClass(objectMapper).getClassLoader()
                    .getResource(FunctionHost.ENVIRONMENT_RESOURCE)).isNull();
        }
    }

    /** A jar like an area's shaded jar: Jackson's classes, the probe's classes and a service entry naming a probe. */
    private static void probeJar(Path jar) throws IOException, URISyntaxException {
        Set<String> written = new HashSet<>();
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> library : new Class<?>[]{ObjectMapper.class, JsonFactory.class, JsonProperty.class}) {
                Path source = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
                try (JarFile in = new JarFile(source.toFile())) {
                    for (JarEntry entry : java.util.Collections.list(in.entries())) {
                        if (entry.isDirectory() || entry.getName().startsWith("META-INF/")
                                || !written.add(entry.getName())) {
                            continue;
                        }
                        out.putNextEntry(new JarEntry(entry.getName()));
                        try (InputStream bytes = in.getInputStream(entry)) {
                            bytes.transferTo(out);
                        }
                    }
                }
            }
            Path classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.list(classes.resolve(PROBE_PACKAGE))) {
                for (Path file : files.toList()) {
                    out.putNextEntry(new JarEntry(PROBE_PACKAGE + file.getFileName()));
                    Files.copy(file, out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.loupe.local.lambda.fixtures.ProbeService"));
            write(out, "dev.loupe.local.lambda.fixtures.EnglishProbeService\n");
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
