package dev.loupe.local.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.loupe.local.LocalCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.project.LoupeCloud;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local cloud (Loupe on the in-memory emulators) for the whole test JVM, started by the first test class that
 * asks for it and closed by JUnit when the run ends; each test class gets a {@link ProjectClient}: a project of its
 * own on that cloud (so classes can't see each other's data) and the HTTP calls to make as it.
 *
 * <p>Ask for it as a parameter of a {@code @BeforeAll} method (or of a test method) in a class annotated
 * {@link LoupeCloudTest}: {@code ProjectClient} for the class's project, {@code LoupeCloud} for the cloud itself.
 * Starting a cloud takes seconds and loads every function it calls, so a class that needs a different one (other
 * environment variables, a short lifetime) starts its own and says why.
 */
public final class SharedLoupeCloud implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedLoupeCloud.class);

    /** Gives the class the shared cloud and a project of its own on it. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(SharedLoupeCloud.class)
    public @interface LoupeCloudTest {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LoupeCloud.class || type == ProjectClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LoupeCloud cloud = cloud(context);
        if (parameter.getParameter().getType() == LoupeCloud.class) {
            return cloud;
        }
        // One project per test class, whether @BeforeAll or a test method asks first.
        Class<?> testClass = context.getRequiredTestClass();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(testClass,
                key -> ProjectClient.newProject(cloud, testClass.getSimpleName()), ProjectClient.class);
    }

    /**
     * The JVM's cloud: the root store keeps it for every class and JUnit closes it (an AutoCloseable, as
     * SharedEmulators' emulators) when the test run ends.
     */
    static LoupeCloud cloud(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("cloud", key -> start(), LoupeCloud.class);
    }

    private static LoupeCloud start() {
        try {
            // A project cached by a warm function is trusted for 5 s instead of a minute: a test that rotates a key
            // or changes a project waits seconds, not a minute, for every container to see it.
            return LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path())
                    .withEnvironment(Map.of("PROJECT_CACHE_SECONDS", "5")));
        } catch (Exception e) {
            throw new IllegalStateException("the shared local cloud did not start", e);
        }
    }
}
