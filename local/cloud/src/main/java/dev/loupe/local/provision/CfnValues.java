package dev.loupe.local.provision;

import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import java.util.List;
import java.util.Map;

import dev.loupe.local.template.Template;

/** Reads resource properties beyond {@link Template#map} and {@link Template#list}. */
final class CfnValues {
    private CfnValues() {
    }

    static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    static boolean isTrue(Object value) {
        return value != null && Boolean.parseBoolean(String.valueOf(value));
    }

    /** An explicit physical name such as TableName, if the template gives one as a plain string. */
    static String explicitName(Map<String, Object> properties, String property) {
        return properties.get(property) instanceof String name && !name.isBlank() ? name : null;
    }

    /** The logical id in {@code !GetAtt X.Arn} ({@code {"Fn::GetAtt": ["X", "Arn"]}}), or {@code null}. */
    static String getAttId(Object value) {
        List<Object> parts = list(map(value).get("Fn::GetAtt"));
        return parts.isEmpty() ? null : String.valueOf(parts.getFirst());
    }
}
