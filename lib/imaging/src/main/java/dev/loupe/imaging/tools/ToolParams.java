package dev.loupe.imaging.tools;

import dev.loupe.core.http.ApiError;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tool's parameters as the process request gave them: a JSON body's values (strings, numbers, booleans) or a form
 * body's strings, by the task API's names. A missing, null or blank value is absent and takes the task API's
 * default. A value that is present but wrong is a 400 {@code ProcessingError} naming the parameter, as the task
 * API shapes its errors ({@link dev.loupe.core.http.TaskApi} renders it).
 */
public final class ToolParams {
    private final Map<String, ?> values;

    public ToolParams(Map<String, ?> values) {
        this.values = values == null ? Map.of() : values;
    }

    public static ApiError invalid(String param, String message) {
        return new ApiError(400, "ProcessingError", message, param);
    }

    private Optional<Object> value(String name) {
        Object value = values.get(name);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** One of the accepted words (compared without case), or the default. */
    public String choice(String name, String defaultValue, String... accepted) {
        Optional<Object> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().toString().trim().toLowerCase(Locale.ROOT);
        for (String option : accepted) {
            if (option.equals(text)) {
                return option;
            }
        }
        throw invalid(name, name + " must be one of " + String.join(", ", accepted) + ", not '" + value.get() + "'");
    }

    /** A whole number from min to max, or empty when absent. */
    public Optional<Integer> integer(String name, int min, int max) {
        Optional<Object> value = value(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        long number;
        try {
            Object raw = value.get();
            if (raw instanceof Boolean) {
                throw new NumberFormatException();
            }
            // 50, "50", 50.0 and "50.0" are the same number; 50.5 is not a whole one.
            number = new BigDecimal(raw.toString().trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(name, name + " must be a whole number, not '" + value.get() + "'");
        }
        if (number < min || number > max) {
            throw invalid(name, name + " must be from " + min + " to " + max + ", not " + number);
        }
        return Optional.of((int) number);
    }

    public int integer(String name, int min, int max, int defaultValue) {
        return integer(name, min, max).orElse(defaultValue);
    }

    /** true/false (also 1/0, yes/no, as form bodies send them), or the default. */
    public boolean bool(String name, boolean defaultValue) {
        Optional<Object> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw invalid(name, name + " must be true or false, not '" + value.get() + "'");
        };
    }
}
