package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loupe.local.LoupeRoot;
import dev.loupe.local.template.AwsCalls.Grant;
import dev.loupe.local.template.AwsCalls.Kind;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: each function's role in template.yaml grants exactly the AWS actions its code can call, on the
 * resources it calls them on ({@link AwsCalls} derives them from the bytecode), and docs/DESIGN.md's table of grants
 * is what the template grants. docs/DESIGN.md ("IAM grants") says how to declare a new function's grants.
 */
class IamGrantsTest {
    private static final String TABLE_BEGIN = "<!-- grants:begin (IamGrantsTest checks this table) -->";
    private static final String TABLE_END = "<!-- grants:end -->";
    /** SAM policy templates that grant exactly one action on one resource, and the parameter naming it. */
    private static final Map<String, List<String>> EXACT_POLICY_TEMPLATES = Map.of(
            // sqs:SendMessage* is sqs:SendMessage: SQS authorizes SendMessageBatch with it, and there is no other.
            "SQSSendMessagePolicy", List.of("sqs:SendMessage", "QueueName"));

    private final Path root = LoupeRoot.path();
    private final Template template = Template.load(root);
    private final Map<String, Object> resources;

    IamGrantsTest() throws IOException {
        resources = Template.map(CloudFormationYaml.read(root.resolve("template.yaml")).get("Resources"));
    }

    @Test
    void everyFunctionIsGrantedExactlyWhatItsCodeCalls() throws IOException {
        List<String> problems = new ArrayList<>();
        for (FunctionDef function : template.functions().values()) {
            AwsCalls.Grants needed = needed(function);
            Set<Grant> granted = new TreeSet<>();
            List<String> unreadable = new ArrayList<>();
            granted(function.logicalId(), granted, unreadable);
            Set<Grant> missing = new TreeSet<>(needed.grants());
            missing.removeAll(granted);
            Set<Grant> surplus = new TreeSet<>(granted);
            surplus.removeAll(needed.grants());
            if (missing.isEmpty() && surplus.isEmpty() && unreadable.isEmpty() && needed.unmapped().isEmpty()) {
                continue;
            }
            StringBuilder problem = new StringBuilder(function.logicalId() + " (" + function.handlerClass() + "):");
            missing.forEach(g -> problem.append("\n  called but not granted: ").append(g));
            surplus.forEach(g -> problem.append("\n  granted but never called: ").append(g));
            unreadable.forEach(u -> problem.append("\n  a policy the test cannot read: ").append(u));
            needed.unmapped().forEach(u -> problem.append("\n  an SDK call AwsCalls.ACTIONS does not map: ").append(u)
                    .append(" (add its IAM action there)"));
            boolean consumer = !function.sqsSources().isEmpty() || !function.streamSources().isEmpty();
            problem.append(consumer
                    ? "\n  Fix: a queue or stream consumer has a role of its own (Role: !GetAtt " + function.logicalId()
                    + "Role.Arn, an AWS::IAM::Role like TaskCleanupFunctionRole) whose policy grants exactly this"
                    : "\n  Fix: its Policies in template.yaml must grant exactly this");
            problem.append(" (docs/DESIGN.md, \"IAM grants\"):\n").append(policiesYaml(needed.grants()));
            problems.add(problem.toString());
        }
        assertThat(problems).as("functions whose grants differ from what their code calls").isEmpty();
    }

    /** What the public pages may write: the view counter (an UpdateItem) and nothing else. */
    @Test
    void publicPagesReadAndCountViewsOnly() throws IOException {
        for (String id : List.of("GalleryPageFunction", "GalleryPlayerFunction")) {
            Set<Grant> granted = new TreeSet<>();
            List<String> unreadable = new ArrayList<>();
            granted(id, granted, unreadable);
            assertThat(granted).as(id).isNotEmpty().allSatisfy(g -> assertThat(g.action())
                    .isIn("dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "s3:GetObject",
                            "dynamodb:UpdateItem"));
            assertThat(granted).as(id + " writes only the galleries table (its view counter)")
                    .filteredOn(g -> g.action().equals("dynamodb:UpdateItem"))
                    .extracting(Grant::resource).containsOnly("GalleriesTable");
        }
    }

    /** No function reads every project (secret keys): one project by its public key is all any code does. */
    @Test
    void projectsTableIsReadOneProjectAtATime() throws IOException {
        // The project administration (functions/admin, behind the IAM authorizer) is the one exception: it creates,
        // lists, changes and deletes projects.
        for (String id : template.functions().keySet().stream().filter(f -> !f.startsWith("AdminProject")).toList()) {
            Set<Grant> granted = new TreeSet<>();
            granted(id, granted, new ArrayList<>());
            assertThat(granted).as(id).filteredOn(g -> g.resource().startsWith("ProjectsTable"))
                    .allSatisfy(g -> assertThat(g).isEqualTo(new Grant("dynamodb:GetItem", "ProjectsTable")));
        }
    }

    /** docs/DESIGN.md's table of grants is the template's, so it cannot drift. */
    @Test
    void designDocumentListsEachFunctionsGrants() throws IOException {
        Map<String, Set<Grant>> all = new TreeMap<>();
        for (String id : template.functions().keySet()) {
            Set<Grant> granted = new TreeSet<>();
            granted(id, granted, new ArrayList<>(), true);
            all.put(id, granted);
        }
        String expected = grantsTable(all);
        Path design = root.resolve("docs/DESIGN.md");
        String text = Files.readString(design);
        int begin = text.indexOf(TABLE_BEGIN);
        int end = text.indexOf(TABLE_END);
        assertThat(begin).as("docs/DESIGN.md has the marker %s", TABLE_BEGIN).isNotNegative();
        assertThat(end).as("docs/DESIGN.md has the marker %s", TABLE_END).isGreaterThan(begin);
        String actual = text.substring(begin + TABLE_BEGIN.length(), end);
        if (!actual.equals(expected) && Boolean.getBoolean("loupe.writeGrantsTable")) {
            Files.writeString(design, text.substring(0, begin + TABLE_BEGIN.length()) + expected
                    + text.substring(end));
            return;
        }
        assertThat(actual).as("docs/DESIGN.md's grants table (regenerate it: run this test with "
                + "-Dloupe.writeGrantsTable=true)").isEqualTo(expected);
    }

    @Test
    void derivationSeesTheStoresResources() throws IOException {
        // The store's table, not every table the function names: the page's counter is on the galleries table.
        AwsCalls.Grants page = needed(template.function("GalleryPageFunction").orElseThrow());
        // It reads a project only to verify a visitor's session cookie (GetItem), and counts no API rate.
        assertThat(page.grants()).contains(new Grant("dynamodb:UpdateItem", "GalleriesTable"),
                new Grant("s3:GetObject", "ImageBucket/*"))
                .filteredOn(g -> g.resource().startsWith("ProjectsTable") || g.resource().startsWith("RateLimits"))
                .containsOnly(new Grant("dynamodb:GetItem", "ProjectsTable"));
        // The authenticator's project lookup reaches through java.util.function.Function to ProjectStore.
        AwsCalls.Grants view = needed(template.function("GalleryViewFunction").orElseThrow());
        assertThat(view.grants()).contains(new Grant("dynamodb:GetItem", "ProjectsTable"))
                .doesNotContain(new Grant("dynamodb:UpdateItem", "ProjectsTable"));
        assertThat(view.unattributed()).isEmpty();
        AwsCalls.Grants list = needed(template.function("GalleryListFunction").orElseThrow());
        // A user's galleries come from an index; no image is read and no object signed. (GetItem on ImagesTable
        // stays: the upload service's FolderStore::isOpen counts where GalleryCalls is built, see docs/DESIGN.md.)
        assertThat(list.grants()).contains(new Grant("dynamodb:Query", "GalleriesTable/index/*"))
                .noneMatch(g -> g.resource().startsWith("ImageBucket"))
                .doesNotContain(new Grant("dynamodb:Query", "ImagesTable"), new Grant("dynamodb:BatchGetItem",
                        "ImagesTable"));
    }

    private AwsCalls.Grants needed(FunctionDef function) throws IOException {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        template.tables().keySet().forEach(id -> kinds.put(id, Kind.TABLE));
        template.buckets().keySet().forEach(id -> kinds.put(id, Kind.BUCKET));
        template.queues().keySet().forEach(id -> kinds.put(id, Kind.QUEUE));
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> {
            if (Template.map(value).get("Ref") instanceof String ref && kinds.containsKey(ref)) {
                variables.put(name, ref);
            }
        });
        Set<String> eventBuckets = new TreeSet<>();
        function.eventRules().forEach(rule -> eventBuckets.addAll(rule.bucketIds()));
        AwsCalls.Grants code = AwsCalls.of(root.resolve(function.codeUri()), function.handlerClass(), variables,
                kinds, eventBuckets);
        // What Lambda's event source mapping does with the function's role: poll the queue, read the stream.
        // (ListStreams takes no resource but "*"; it lists stream names, no data.)
        Set<Grant> grants = new TreeSet<>(code.grants());
        for (FunctionDef.SqsSource source : function.sqsSources()) {
            for (String action : List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")) {
                grants.add(new Grant(action, source.queueId()));
            }
        }
        for (FunctionDef.StreamSource source : function.streamSources()) {
            for (String action : List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator")) {
                grants.add(new Grant(action, source.tableId() + "/stream"));
            }
            grants.add(new Grant("dynamodb:ListStreams", "*"));
        }
        return new AwsCalls.Grants(grants, code.unmapped(), code.unattributed());
    }

    /** The grants of a function's role: its Policies, and AWS::IAM::Policy resources attached to its role. */
    private void granted(String functionId, Set<Grant> granted, List<String> unreadable) {
        granted(functionId, granted, unreadable, false);
    }

    /** As above; {@code asWritten} keeps an object grant's key prefix ({@code B/originals/*}) for the table. */
    private void granted(String functionId, Set<Grant> granted, List<String> unreadable, boolean asWritten) {
        this.asWritten = asWritten;
        Map<String, Object> properties = Template.map(Template.map(resources.get(functionId)).get("Properties"));
        if (properties.containsKey("Role")) {
            // A role of the template's own (the event-source consumers): its inline policies are the grants.
            List<Object> role = Template.list(Template.map(properties.get("Role")).get("Fn::GetAtt"));
            Map<String, Object> resource = role.isEmpty() ? Map.of() : Template.map(resources.get(role.getFirst()));
            if (!"AWS::IAM::Role".equals(resource.get("Type"))) {
                unreadable.add("Role " + properties.get("Role") + " (name a role of this template: !GetAtt XRole.Arn)");
            }
            for (Object policy : Template.list(Template.map(resource.get("Properties")).get("Policies"))) {
                statements(Template.map(Template.map(policy).get("PolicyDocument")).get("Statement"), granted,
                        unreadable);
            }
        }
        for (Object policy : Template.list(properties.get("Policies"))) {
            Map<String, Object> entry = Template.map(policy);
            if (entry.get("Ref") instanceof String ref
                    && "AWS::IAM::ManagedPolicy".equals(Template.map(resources.get(ref)).get("Type"))) {
                statements(Template.map(Template.map(Template.map(resources.get(ref)).get("Properties"))
                        .get("PolicyDocument")).get("Statement"), granted, unreadable);
            } else if (entry.containsKey("Statement")) {
                statements(entry.get("Statement"), granted, unreadable);
            } else if (entry.size() == 1 && EXACT_POLICY_TEMPLATES.containsKey(entry.keySet().iterator().next())) {
                String name = entry.keySet().iterator().next();
                List<String> exact = EXACT_POLICY_TEMPLATES.get(name);
                String target = resourceId(Template.map(entry.get(name)).get(exact.get(1)));
                if (target == null) unreadable.add(name + ": " + entry.get(name));
                else granted.add(new Grant(exact.get(0), target));
            } else {
                unreadable.add(policy + " (use an inline Statement, or a policy template in "
                        + "IamGrantsTest.EXACT_POLICY_TEMPLATES)");
            }
        }
        // A policy kept outside the function (to break a dependency cycle) names the role SAM makes: <Function>Role.
        resources.forEach((id, raw) -> {
            Map<String, Object> resource = Template.map(raw);
            if (!"AWS::IAM::Policy".equals(resource.get("Type"))) return;
            Map<String, Object> policy = Template.map(resource.get("Properties"));
            if (Template.list(policy.get("Roles")).stream()
                    .anyMatch(r -> (functionId + "Role").equals(Template.map(r).get("Ref")))) {
                statements(Template.map(policy.get("PolicyDocument")).get("Statement"), granted, unreadable);
            }
        });
    }

    private void statements(Object statements, Set<Grant> granted, List<String> unreadable) {
        for (Object raw : Template.list(statements)) {
            Map<String, Object> statement = Template.map(raw);
            if (!"Allow".equals(statement.get("Effect")) || statement.containsKey("Condition")
                    || statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                unreadable.add(raw + " (only Allow statements with Action and Resource)");
                continue;
            }
            List<Object> actions = statement.get("Action") instanceof List<?> l ? List.copyOf(l)
                    : List.of(statement.get("Action"));
            List<Object> targets = statement.get("Resource") instanceof List<?> l ? List.copyOf(l)
                    : List.of(statement.get("Resource"));
            for (Object target : targets) {
                String id = resourceId(target);
                if (id == null) {
                    unreadable.add("Resource " + target + " (name a resource: !GetAtt X.Arn, !Sub \"${X.Arn}/...\")");
                    continue;
                }
                for (Object action : actions) {
                    String name = String.valueOf(action);
                    if (name.contains("*")) unreadable.add("Action " + name + " (name each action)");
                    else granted.add(new Grant(name, id));
                }
            }
        }
    }

    private boolean asWritten;

    /** How the template names SES's sending identities (AwsCalls.MAIL_IDENTITIES). */
    private static final String MAIL_IDENTITIES_ARN =
            "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*";

    private static final Pattern SUB_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}(/.*)?");

    /**
     * A statement's or policy template's resource as AwsCalls names it: {@code X} for {@code !GetAtt X.Arn} (and a
     * queue's {@code QueueName}), {@code X/index/*} for a table's indexes, {@code X/*} for objects of a bucket under
     * any prefix (the test checks the action on the bucket's objects; the prefix is the template's narrowing).
     */
    private String resourceId(Object value) {
        Map<String, Object> intrinsic = Template.map(value);
        if (intrinsic.get("Fn::GetAtt") != null) {
            List<Object> parts = Template.list(intrinsic.get("Fn::GetAtt"));
            String attribute = String.valueOf(parts.get(1));
            if (attribute.equals("StreamArn")) return parts.get(0) + "/stream";
            return attribute.equals("Arn") || attribute.equals("QueueName") ? String.valueOf(parts.get(0)) : null;
        }
        if ("*".equals(value)) return "*";
        if (MAIL_IDENTITIES_ARN.equals(intrinsic.get("Fn::Sub"))) return AwsCalls.MAIL_IDENTITIES;
        if (intrinsic.get("Ref") instanceof String ref && template.queues().containsKey(ref)) return ref;
        if (intrinsic.get("Fn::Sub") instanceof String sub) {
            Matcher m = SUB_ARN.matcher(sub);
            if (!m.matches()) return null;
            String id = m.group(1);
            String path = m.group(2);
            if (path == null) return id;
            if (template.tables().containsKey(id) && path.equals("/index/*")) return id + "/index/*";
            if (template.buckets().containsKey(id) && path.endsWith("*") && !path.substring(1).contains("${")) {
                return asWritten ? id + path : id + "/*";
            }
        }
        return null;
    }

    /** The Policies block that grants exactly these, for the failure message. */
    static String policiesYaml(Set<Grant> grants) {
        Map<String, Set<String>> byResource = new TreeMap<>();
        grants.forEach(g -> byResource.computeIfAbsent(g.resource(), k -> new TreeSet<>()).add(g.action()));
        StringBuilder yaml = new StringBuilder("      Policies:\n        - Statement:\n");
        byResource.forEach((resource, actions) -> {
            String arn = resource.equals("*") ? "\"*\""
                    : resource.equals(AwsCalls.MAIL_IDENTITIES) ? "!Sub \"" + MAIL_IDENTITIES_ARN + "\""
                    : resource.endsWith("/stream")
                    ? "!GetAtt " + resource.substring(0, resource.indexOf('/')) + ".StreamArn"
                    : resource.endsWith("/index/*") || resource.endsWith("/*")
                    ? "!Sub \"${" + resource.substring(0, resource.indexOf('/')) + ".Arn}"
                    + resource.substring(resource.indexOf('/')) + "\""
                    : "!GetAtt " + resource + ".Arn";
            yaml.append("            - Effect: Allow\n              Action: [").append(String.join(", ", actions))
                    .append("]\n              Resource: ").append(arn).append('\n');
        });
        return grants.isEmpty() ? "      (no Policies)\n" : yaml.toString();
    }

    private static String grantsTable(Map<String, Set<Grant>> all) {
        StringBuilder table = new StringBuilder("\n| Function | Grants (action on resource; `X/*`: objects, "
                + "`X/prefix/*`: objects"
                + " under a prefix, `X/index/*`: indexes, `X/stream`: its stream) |\n|---|---|\n");
        all.forEach((id, grants) -> {
            Map<String, Set<String>> byResource = new TreeMap<>();
            grants.forEach(g -> byResource.computeIfAbsent(g.resource(), k -> new TreeSet<>())
                    .add(g.action().replaceAll("^\\w+:", "")));
            List<String> cells = new ArrayList<>();
            byResource.forEach((resource, actions) -> cells.add("`" + resource + "`: " + String.join(", ", actions)));
            table.append("| ").append(id).append(" | ").append(cells.isEmpty() ? "(none)" : String.join("; ", cells))
                    .append(" |\n");
        });
        return table.toString();
    }
}
