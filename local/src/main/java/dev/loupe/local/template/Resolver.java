package dev.loupe.local.template;

import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import java.util.Map;

/**
 * Turns template values into what AWS would put in a function's environment, given the physical names the local
 * cloud created: {@code !Ref Table} is the table name, {@code !Ref Queue} the queue URL, {@code !Ref Bucket} the
 * bucket name, {@code !GetAtt X.Arn} an ARN.
 */
public final class Resolver {
    private final Map<String, String> refs;
    private final Map<String, String> arns;

    /**
     * @param refs logical id to what {@code !Ref} yields for it
     * @param arns logical id to its ARN ({@code !GetAtt X.Arn}); a table's stream ARN under "X.StreamArn"
     */
    public Resolver(Map<String, String> refs, Map<String, String> arns) {
        this.refs = Map.copyOf(refs);
        this.arns = Map.copyOf(arns);
    }

    public String resolve(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            return String.valueOf(value);
        }
        Map<String, Object> m = map(value);
        if (m.get("Ref") instanceof String ref) {
            return require(refs.get(ref), "!Ref " + ref);
        }
        if (m.containsKey("Fn::GetAtt")) {
            var parts = list(m.get("Fn::GetAtt"));
            String id = String.valueOf(parts.get(0));
            String attribute = String.valueOf(parts.get(1));
            return require(attribute.equals("Arn") ? arns.get(id) : arns.get(id + "." + attribute),
                    "!GetAtt " + id + "." + attribute);
        }
        throw new IllegalArgumentException("the local cloud cannot resolve " + value);
    }

    private static String require(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " names a resource that template.yaml does not declare");
        }
        return value;
    }
}
