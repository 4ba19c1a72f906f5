package dev.loupe.local.provision;

import java.util.List;
import java.util.Map;

/** Reads the plain maps and lists a template's resource properties come as. */
final class CfnValues {
    private CfnValues() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
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
