package dev.loupe.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a {@code @ParameterizedTest} once per sample event of a function, {@code events/<FunctionLogicalId>/*.json}
 * at the repository's root, each given as a {@link SampleEvent} with its expectation (the {@code *.expected.json}
 * beside it). In the style of aws-lambda-java-tests' {@code @Events}, whose loader can't fill in the events'
 * placeholders ({@code ${LOUPE_TOKEN}}) or read their expectations.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(SampleEventsProvider.class)
public @interface SampleEvents {
    /** The function's logical id in template.yaml. */
    String value();

    /** Only these events (file names without {@code .json}); every one when empty. */
    String[] only() default {};
}
