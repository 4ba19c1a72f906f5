package dev.loupe.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import dev.loupe.local.LoupeRoot;
import dev.loupe.local.SampleEvents;
import dev.loupe.local.events.S3EventSource;
import dev.loupe.core.config.Env;
import org.junit.jupiter.api.Test;

/**
 * template.yaml is the single source of truth: this test fails wherever it and the code disagree.
 */
class TemplateTest {
    private static final String ENV_CLASS = "dev/loupe/core/config/Env";
    private final Path root = LoupeRoot.path();
    private final Template template = Template.load(root);

    @Test
    void everyCodeUriWasBuiltAndHoldsItsHandlerOfTheRightType() throws Exception {
        assertThat(template.functions()).isNotEmpty();
        for (FunctionDef function : template.functions().values()) {
            Path jar = root.resolve(function.codeUri());
            assertThat(jar).as("%s CodeUri (run mvn package)", function.logicalId()).isRegularFile();
            try (var loader = new URLClassLoader(new java.net.URL[]{jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(function.handlerClass(), false, loader);
                assertThat(Modifier.isPublic(handler.getModifiers()) && !Modifier.isAbstract(handler.getModifiers()))
                        .as("%s is a public concrete class", handler.getName()).isTrue();
                assertThat(handler.getConstructor()).as("public no-argument constructor").isNotNull();
                Class<?> requestHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler",
                        false, loader);
                assertThat(requestHandler.isAssignableFrom(handler))
                        .as("%s implements RequestHandler", handler.getName()).isTrue();
                Method method = Arrays.stream(handler.getMethods())
                        .filter(m -> m.getName().equals("handleRequest") && !m.isBridge())
                        .findFirst().orElseThrow();
                String input = method.getParameterTypes()[0].getName();
                for (String expected : expectedInputTypes(function)) {
                    assertThat(input).as("%s event type", function.logicalId()).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * The AWS SDK talks through the URL-connection client in every jar (small, quick to start). HttpClient 5 is the
     * import function's and the task upload's own client for fetching users' URLs (SafeFetcher: its resolver and
     * sockets are where every address is vetted), so loupe-imports.jar and loupe-tasks.jar alone may carry
     * org/apache/hc/ (and loupe-admin.jar, whose SafeFetcher vets a project's events webhook), and even there the SDK must not use
     * it: no SDK apache or NIO client, no Netty, no HttpClient 4 (org/apache/http/) anywhere.
     */
    @Test
    void functionJarsCarryNoNettyAndNoApacheHttpClient() throws IOException {
        for (String codeUri : template.functions().values().stream().map(FunctionDef::codeUri).distinct().toList()) {
            // The administration vets a project's events_webhook with SafeFetcher.vet (as process vets a task's).
            boolean fetches = codeUri.endsWith("/loupe-imports.jar") || codeUri.endsWith("/loupe-tasks.jar")
                    || codeUri.endsWith("/loupe-admin.jar");
            try (JarFile jar = new JarFile(root.resolve(codeUri).toFile())) {
                List<String> heavy = jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.startsWith("io/netty/") || !fetches && n.startsWith("org/apache/hc/")
                                || n.startsWith("org/apache/http/") || n.startsWith("software/amazon/awssdk/http/nio/")
                                || n.startsWith("software/amazon/awssdk/http/apache"))
                        .limit(3).toList();
                assertThat(heavy).as("%s holds only the URL-connection HTTP client", codeUri).isEmpty();
                assertThat(jar.getEntry("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class"))
                        .as("%s has the URL-connection client", codeUri).isNotNull();
                if (fetches) {
                    assertThat(jar.getEntry("org/apache/hc/client5/http/impl/classic/CloseableHttpClient.class"))
                            .as("%s has SafeFetcher's HttpClient 5", codeUri).isNotNull();
                }
            }
        }
    }

    private static Set<String> expectedInputTypes(FunctionDef function) {
        String events = "com.amazonaws.services.lambda.runtime.events.";
        Set<String> types = new HashSet<>();
        if (!function.httpRoutes().isEmpty()) types.add(events + "APIGatewayV2HTTPEvent");
        if (!function.sqsSources().isEmpty()) types.add(events + "SQSEvent");
        // EventBridge events (S3's, through a rule) come as the runtime's one EventBridge type, detail a map.
        if (!function.eventRules().isEmpty()) types.add(events + "ScheduledEvent");
        if (!function.streamSources().isEmpty()) types.add(events + "DynamodbEvent");
        // Schedules: their Input (a JSON object, so a Map) when every one sets it, else EventBridge's scheduled event.
        if (!function.schedules().isEmpty()) {
            types.add(function.schedules().stream().allMatch(s -> s.input().isPresent()) ? "java.util.Map"
                    : events + "ScheduledEvent");
        }
        assertThat(types).as("%s has exactly one kind of event source", function.logicalId()).hasSize(1);
        return types;
    }

    @Test
    void everyFunctionHasSampleEventsWithExpectations() throws IOException {
        for (String id : template.functions().keySet()) {
            List<Path> events = SampleEvents.of(root, id);
            assertThat(events).as("events/%s.json or events/%s/*.json", id, id).isNotEmpty();
            for (Path event : events) {
                assertThat(SampleEvents.expectationOf(event)).as("expectation for %s", event).isRegularFile();
            }
        }
        try (Stream<Path> all = Files.list(root.resolve("events"))) {
            all.map(p -> p.getFileName().toString().replaceAll("\\.json$", ""))
                    .forEach(name -> assertThat(template.functions()).as("events/%s names a function", name)
                            .containsKey(name));
        }
    }

    @Test
    void noTwoRoutesAreAlike() {
        Map<String, String> seen = new HashMap<>();
        for (FunctionDef.HttpRoute route : template.routes()) {
            // {name} and {id} in the same place are the same route to API Gateway.
            String shape = route.method() + " " + route.path().replaceAll("\\{[^}+]+}", "{}");
            assertThat(seen.put(shape, route.functionId())).as("route %s is declared twice", route.routeKey())
                    .isNull();
        }
    }

    @Test
    void everyEnvironmentVariableIsOneThatCodeKnows() {
        for (FunctionDef function : template.functions().values()) {
            for (String name : function.environment().keySet()) {
                assertThat(Arrays.stream(Env.values()).map(Env::name))
                        .as("%s sets %s, which Env does not list", function.logicalId(), name).contains(name);
                assertThat(Env.valueOf(name).source()).as("%s is set by the template", name)
                        .isEqualTo(Env.Source.TEMPLATE);
            }
        }
    }

    /**
     * A webhook or a URL import to a loopback address is for the local cloud only, which sets the variable itself
     * ({@code ./loupe run --allow-loopback}, tests): in the template it is empty wherever it appears, and that is what
     * keeps it off on AWS. The functions that fetch or post to URLs users give all declare it.
     */
    @Test
    void noFunctionMayCallALoopbackAddressWhenDeployed() {
        List<FunctionDef> setting = template.functions().values().stream()
                .filter(f -> f.environment().containsKey("LOOPBACK_ALLOWED_TARGET")).toList();
        assertThat(setting).extracting(FunctionDef::logicalId).as("the functions that send webhooks or import URLs")
                .contains("TaskWebhookFunction", "TaskProcessFunction", "TaskUploadFunction", "ImageImportFunction");
        for (FunctionDef function : setting) {
            assertThat(String.valueOf(function.environment().get("LOOPBACK_ALLOWED_TARGET")))
                    .as("%s's LOOPBACK_ALLOWED_TARGET", function.logicalId()).isEmpty();
        }
    }

    @Test
    void everyVariableAFunctionCanReadIsSetByTheTemplate() throws IOException {
        for (FunctionDef function : template.functions().values()) {
            Set<String> read = envReadFrom(root.resolve(function.codeUri()), function.handlerClass());
            for (String name : read) {
                if (Env.valueOf(name).source() == Env.Source.TEMPLATE) {
                    assertThat(function.environment()).as("%s reads %s", function.logicalId(), name)
                            .containsKey(name);
                }
            }
        }
    }

    @Test
    void staticScanSeesWhatAHandlerReads() throws IOException {
        FunctionDef create = template.function("GalleryCreateFunction").orElseThrow();
        assertThat(envReadFrom(root.resolve(create.codeUri()), create.handlerClass()))
                .contains("GALLERIES_TABLE", "PROJECTS_TABLE", "AWS_REGION");
        FunctionDef auth = template.function("AuthCreateTokenFunction").orElseThrow();
        assertThat(envReadFrom(root.resolve(auth.codeUri()), auth.handlerClass()))
                .contains("PROJECTS_TABLE").doesNotContain("GALLERIES_TABLE");
    }

    /**
     * The {@link Env} constants that Loupe code reachable from a handler reads, from the jar's bytecode. Method by
     * method, not class by class: each function module has one wiring class that builds all of its area's services,
     * and a handler reaches only the factory methods it calls (each service's build is its own lambda). It
     * over-approximates still: every method of the handler class and its Loupe superclasses counts, a class's static
     * initializer counts once the class is used, and a call of a Loupe method also reaches its overrides in Loupe
     * subtypes (a call through an interface).
     */
    static Set<String> envReadFrom(Path jar, String handlerClass) throws IOException {
        JarClasses parsed = JarClasses.read(jar);
        Map<String, ClassModel> classes = parsed.classes();
        Map<String, Set<String>> subtypes = parsed.subtypes();
        Set<String> names = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        Set<String> initialized = new HashSet<>();
        ArrayDeque<String[]> queue = new ArrayDeque<>();
        for (String owner = handlerClass.replace('.', '/'); classes.containsKey(owner);
             owner = classes.get(owner).superclass().map(ClassEntry::asInternalName).orElse("")) {
            for (MethodModel method : classes.get(owner).methods()) {
                queue.add(new String[]{owner, method.methodName().stringValue(), method.methodType().stringValue()});
            }
        }
        while (!queue.isEmpty()) {
            String[] ref = queue.poll();
            String owner = ref[0];
            if (!classes.containsKey(owner) || owner.equals(ENV_CLASS) || !seen.add(owner + "." + ref[1] + ref[2])) {
                continue;
            }
            if (initialized.add(owner)) {
                queue.add(new String[]{owner, "<clinit>", "()V"});
            }
            if (!ref[1].startsWith("<")) {
                // A call through a supertype may run any override (constructors and initializers are not inherited).
                for (String sub : subtypes.getOrDefault(owner, Set.of())) {
                    queue.add(new String[]{sub, ref[1], ref[2]});
                }
            }
            // A method not declared here is inherited: look it up in the superclass.
            ClassModel model = classes.get(owner);
            var declared = model.methods().stream().filter(m -> m.methodName().stringValue().equals(ref[1])
                    && m.methodType().stringValue().equals(ref[2])).findFirst();
            if (declared.isEmpty()) {
                model.superclass().ifPresent(sup -> queue.add(new String[]{sup.asInternalName(), ref[1], ref[2]}));
                continue;
            }
            if (declared.get().code().isEmpty()) continue;
            for (CodeElement element : declared.get().code().get()) {
                switch (element) {
                    case FieldInstruction f when f.owner().asInternalName().equals(ENV_CLASS)
                            && f.typeSymbol().descriptorString().equals("L" + ENV_CLASS + ";") ->
                            names.add(f.name().stringValue());
                    case FieldInstruction f -> queue.add(new String[]{f.owner().asInternalName(), "<clinit>", "()V"});
                    case InvokeInstruction call -> queue.add(new String[]{call.owner().asInternalName(),
                            call.name().stringValue(), call.type().stringValue()});
                    case InvokeDynamicInstruction indy -> indy.bootstrapArgs().forEach(arg -> {
                        if (arg instanceof java.lang.constant.DirectMethodHandleDesc handle) {
                            queue.add(new String[]{handle.owner().descriptorString().replaceAll("^L|;$", ""),
                                    handle.methodName(), handle.lookupDescriptor()});
                        }
                    });
                    case NewObjectInstruction created ->
                            queue.add(new String[]{created.className().asInternalName(), "<clinit>", "()V"});
                    default -> {
                    }
                }
            }
        }
        return names;
    }

    @Test
    void everyReferencedResourceIsDeclared() {
        Set<String> declared = new HashSet<>();
        declared.addAll(template.functions().keySet());
        declared.addAll(template.tables().keySet());
        declared.addAll(template.queues().keySet());
        declared.addAll(template.buckets().keySet());
        declared.addAll(template.httpApis().keySet());
        declared.addAll(template.otherResources());
        declared.addAll(template.parameters().keySet());
        for (FunctionDef function : template.functions().values()) {
            for (Object value : function.environment().values()) {
                references(value).forEach(id -> assertThat(declared)
                        .as("%s refers to %s", function.logicalId(), id).contains(id));
            }
            function.sqsSources().forEach(s -> assertThat(template.queues()).containsKey(s.queueId()));
            // A rule for S3's events gets them only from buckets that send their events to EventBridge.
            function.eventRules().forEach(rule -> rule.bucketIds().forEach(id -> assertThat(
                    S3EventSource.sendsToEventBridge(template.buckets().getOrDefault(id, Map.of())))
                    .as("%s.%s names bucket %s, which must exist and have EventBridgeEnabled", function.logicalId(),
                            rule.name(), id).isTrue()));
            function.streamSources().forEach(s -> assertThat(template.tables()).containsKey(s.tableId()));
        }
        Map<String, Object> everything = new HashMap<>();
        everything.put("queues", template.queues());
        everything.put("tables", template.tables());
        references(everything).forEach(id -> assertThat(declared).as("reference to %s", id).contains(id));
    }

    /** `sam deploy` and the local cloud need no overrides: every parameter (the limits) has its default here. */
    @Test
    void everyParameterHasADefault() {
        assertThat(template.parameters()).isNotEmpty();
        template.parameters().forEach((name, declaration) ->
                assertThat(declaration).as("parameter %s", name).containsKey("Default"));
        assertThat(template.parameterValues(Map.of())).containsEntry("TaskMaxFiles", "100");
    }

    /**
     * Process's timeout is written once: TaskProcessFunction's Timeout and every task function's
     * TASK_PROCESS_TIMEOUT_SECONDS (which tells a task whose process call died) are the same parameter.
     */
    @Test
    void processTimeoutIsOneParameterForTheFunctionAndItsReaders() {
        String seconds = template.parameterValues(Map.of()).get("TaskProcessTimeoutSeconds");
        assertThat(template.function("TaskProcessFunction").orElseThrow().timeoutSeconds())
                .isEqualTo(Integer.parseInt(seconds));
        List<FunctionDef> readers = template.functions().values().stream()
                .filter(f -> f.environment().containsKey("TASK_LIFETIME_SECONDS")).toList();
        assertThat(readers).isNotEmpty();
        for (FunctionDef function : readers) {
            assertThat(function.environment().get("TASK_PROCESS_TIMEOUT_SECONDS")).as(function.logicalId())
                    .isEqualTo(Map.of("Ref", "TaskProcessTimeoutSeconds"));
        }
    }

    @Test
    void policiesOnlyNameDeclaredTables() throws IOException {
        // Policies are outside FunctionDef; read them straight from the YAML.
        Map<String, Object> yaml = CloudFormationYaml.read(root.resolve("template.yaml"));
        Map<String, Object> resources = Template.map(yaml.get("Resources"));
        for (String id : template.functions().keySet()) {
            Object policies = Template.map(Template.map(resources.get(id)).get("Properties")).get("Policies");
            Set<String> storage = new HashSet<>(template.tables().keySet());
            storage.addAll(template.queues().keySet());
            storage.addAll(template.buckets().keySet());
            for (String ref : references(policies)) {
                // A managed policy of the template (!Ref X in Policies): what its own statements name counts.
                Map<String, Object> resource = Template.map(resources.get(ref));
                List<String> named = "AWS::IAM::ManagedPolicy".equals(resource.get("Type"))
                        ? references(Template.map(resource.get("Properties")).get("PolicyDocument")) : List.of(ref);
                assertThat(named).as("%s policy %s names something", id, ref).isNotEmpty();
                for (String name : named) {
                    assertThat(storage).as("%s policy names %s", id, name).contains(name);
                }
            }
        }
    }

    /** Logical ids named by Ref or GetAtt anywhere inside a value. */
    static List<String> references(Object value) {
        List<String> ids = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("Ref".equals(k) && v instanceof String ref && !ref.startsWith("AWS::")) ids.add(ref);
                else if ("Fn::GetAtt".equals(k)) ids.add(String.valueOf(Template.list(v).getFirst()));
                else ids.addAll(references(v));
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> ids.addAll(references(v)));
        }
        return ids;
    }
}
