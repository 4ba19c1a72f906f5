package dev.loupe.local.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.loupe.local.emulators.Emulators;

/**
 * Gives tests ({@code @BeforeAll} or test method parameters) one in-memory {@link Emulators} for the whole test run:
 * starting them costs a few seconds, so test classes share them and use resources of their own. JUnit closes them
 * when the run ends.
 */
public final class SharedEmulators implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedEmulators.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulators.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("emulators", key -> Emulators.start(Emulators.Options.inMemory()),
                        Emulators.class);
    }
}
