package dev.loupe.local.template;

import static dev.loupe.local.template.Template.list;
import static dev.loupe.local.template.Template.map;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns template values into what AWS would put in a function's environment, given the physical names the local
 * cloud created and the template's parameters: {@code !Ref Table} is the table name, {@code !Ref Queue} the queue
 * URL, {@code !Ref Bucket} the bucket name, {@code !Ref Param} the parameter's value, {@code !Ref AWS::Region} and the
 * other pseudo parameters what a stack in the local region would see, {@code !GetAtt X.Arn} an ARN, and
 * {@code !Sub} (string or [string, variables] form) its string with each {@code ${Name}} or {@code ${X.Attr}} in it
 * resolved by those rules ({@code ${!Literal}} stays {@code ${Literal}}).
 */
public final class Resolver {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

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

    /**
     * The same resolver that also answers the template's parameters and the pseudo parameters of a stack in
     * {@code region}.
     */
    public Resolver withParameters(Map<String, String> parameters, String region) {
        Map<String, String> all = new HashMap<>(refs);
        all.putAll(parameters);
        all.put("AWS::Region", region);
        all.put("AWS::AccountId", "000000000000");
        all.put("AWS::Partition", "aws");
        all.put("AWS::URLSuffix", "amazonaws.com");
        all.put("AWS::StackName", "local");
        all.put("AWS::StackId", "arn:aws:cloudformation:" + region + ":000000000000:stack/local/local");
        return new Resolver(all, arns);
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
            return getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
        }
        if (m.containsKey("Fn::Sub")) {
            return sub(m.get("Fn::Sub"));
        }
        throw new IllegalArgumentException("the local cloud cannot resolve " + value);
    }

    private String getAtt(String id, String attribute) {
        return require(attribute.equals("Arn") ? arns.get(id) : arns.get(id + "." + attribute),
                "!GetAtt " + id + "." + attribute);
    }

    /** {@code !Sub "text"} or {@code !Sub ["text", {Name: value}]}, whose own variables win over the template's. */
    private String sub(Object argument) {
        String text;
        Map<String, Object> variables;
        if (argument instanceof List<?> form) {
            if (form.size() != 2 || !(form.get(0) instanceof String string)) {
                throw new IllegalArgumentException("!Sub takes a string or [string, variables], not " + argument);
            }
            text = string;
            variables = map(form.get(1));
        } else {
            text = String.valueOf(argument);
            variables = Map.of();
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).strip();
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = resolve(variables.get(name));
            } else if (!name.startsWith("AWS::") && name.contains(".")) {
                int dot = name.indexOf('.');
                replacement = getAtt(name.substring(0, dot), name.substring(dot + 1));
            } else {
                replacement = require(refs.get(name), "${" + name + "} in !Sub");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String require(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " names a resource or parameter that the template does not"
                    + " declare (or one the local cloud cannot answer)");
        }
        return value;
    }
}
