package dev.loupe.local.template;

import java.io.IOException;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.constantpool.ClassEntry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM actions a function's code can perform, and on which of the template's resources, from the bytecode of its
 * jar: the AWS SDK v2 calls reachable from its handler, each mapped to the IAM action AWS authorizes it with
 * ({@link #ACTIONS}), on the resource that the environment variable behind it names.
 *
 * <p>The walk is {@link TemplateTest#envReadFrom}'s, with one refinement: a call through a supertype (an abstract
 * handler method, an interface, a JDK functional interface such as {@code Function.apply}) reaches the overrides of
 * the classes that reachable code instantiates only, not every subtype in the jar (else each handler would reach
 * every other handler of its area). Lambdas and method references count as called where they are created.
 *
 * <p>Which resource a call uses: a store is built with the name it works on, read from {@code Env} right before its
 * constructor runs ({@code new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required())}), so the variable
 * is bound to the class constructed next in that method (or to the method's own class when nothing is constructed
 * after it), and a class built in a bound class's constructor shares its binding. A call counts on the resources
 * bound to the class making it or, for an unbound helper, to the nearest bound class on the call path; a call with
 * no bound resource of its service on its path counts on every resource of that service the function binds (an
 * over-approximation: {@link Grants#unattributed()} lists them).
 *
 * <p>Resources are named by logical id: {@code T} (a table, or a bucket itself: ListBucket), {@code T/index/*} (a
 * table's indexes: a Query whose request names an index), {@code B/*} (a bucket's objects), {@code Q} (a queue).
 */
final class AwsCalls {
    private static final String ENV_CLASS = "dev/loupe/core/config/Env";
    private static final String SDK = "software/amazon/awssdk/";
    private static final String QUERY_INDEX_NAME = SDK + "services/dynamodb/model/QueryRequest$Builder.indexName";

    /** What a resource variable names, by the template: its service decides which calls can use it. */
    enum Kind { TABLE, BUCKET, QUEUE }

    /** One permission: an IAM action on a resource (see the class comment for how resources are named). */
    record Grant(String action, String resource) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant other) {
            int byResource = resource.compareTo(other.resource);
            return byResource != 0 ? byResource : action.compareTo(other.action);
        }

        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    /**
     * What a function's code does: its grants; the SDK calls that no mapping knows (the test fails on them); the
     * calls whose resource was over-approximated.
     */
    record Grants(Set<Grant> grants, Set<String> unmapped, Set<String> unattributed) {
    }

    /** How an SDK call is authorized: the actions, and on what part of its resource. */
    private enum Scope { ITEM, INDEX_OR_TABLE, OBJECT, BUCKET, QUEUE, MAIL_IDENTITY }

    /**
     * SES's sending identities (the verified address or domain mail goes out from): a resource the template names by
     * ARN, {@code arn:...:ses:<region>:<account>:identity/*}, not by a logical id.
     */
    static final String MAIL_IDENTITIES = "MailIdentities";

    private record Mapping(Kind kind, Scope scope, List<String> actions) {
    }

    /**
     * SDK client methods to IAM actions (the service authorization reference). Keys are the SDK type's internal name
     * and the method name. A method of these types missing here fails the test: add its mapping.
     */
    static final Map<String, Mapping> ACTIONS = new HashMap<>();
    /** Methods of the SDK types above that call no AWS API. */
    private static final Set<String> LOCAL_METHODS = Set.of("builder", "create", "close", "serviceName",
            "serviceClientConfiguration", "utilities", "waiter", "table", "index", "tableName", "indexName",
            "tableSchema", "mapperExtension", "keyFrom");

    static {
        String ddb = SDK + "services/dynamodb/DynamoDbClient.";
        dynamo(ddb, "getItem", "dynamodb:GetItem");
        dynamo(ddb, "putItem", "dynamodb:PutItem");
        dynamo(ddb, "updateItem", "dynamodb:UpdateItem");
        dynamo(ddb, "deleteItem", "dynamodb:DeleteItem");
        dynamo(ddb, "batchGetItem", "dynamodb:BatchGetItem");
        dynamo(ddb, "batchWriteItem", "dynamodb:BatchWriteItem");
        dynamo(ddb, "transactGetItems", "dynamodb:GetItem");
        dynamo(ddb, "describeTable", "dynamodb:DescribeTable");
        dynamo(ddb, "scan", "dynamodb:Scan");
        dynamo(ddb, "scanPaginator", "dynamodb:Scan");
        ACTIONS.put(ddb + "query", new Mapping(Kind.TABLE, Scope.INDEX_OR_TABLE, List.of("dynamodb:Query")));
        ACTIONS.put(ddb + "queryPaginator", new Mapping(Kind.TABLE, Scope.INDEX_OR_TABLE, List.of("dynamodb:Query")));
        // A transaction is authorized item by item: the actions come from the items (TransactWriteItem below).
        ACTIONS.put(ddb + "transactWriteItems", new Mapping(Kind.TABLE, Scope.ITEM, List.of()));
        String item = SDK + "services/dynamodb/model/TransactWriteItem$Builder.";
        dynamo(item, "put", "dynamodb:PutItem");
        dynamo(item, "update", "dynamodb:UpdateItem");
        dynamo(item, "delete", "dynamodb:DeleteItem");
        dynamo(item, "conditionCheck", "dynamodb:ConditionCheckItem");
        String table = SDK + "enhanced/dynamodb/DynamoDbTable.";
        dynamo(table, "getItem", "dynamodb:GetItem");
        dynamo(table, "putItem", "dynamodb:PutItem");
        dynamo(table, "updateItem", "dynamodb:UpdateItem");
        dynamo(table, "deleteItem", "dynamodb:DeleteItem");
        dynamo(table, "query", "dynamodb:Query");
        dynamo(table, "scan", "dynamodb:Scan");
        dynamo(table, "describeTable", "dynamodb:DescribeTable");
        String index = SDK + "enhanced/dynamodb/DynamoDbIndex.";
        ACTIONS.put(index + "query", new Mapping(Kind.TABLE, Scope.INDEX_OR_TABLE, List.of("dynamodb:Query")));
        ACTIONS.put(index + "scan", new Mapping(Kind.TABLE, Scope.INDEX_OR_TABLE, List.of("dynamodb:Scan")));

        String s3 = SDK + "services/s3/S3Client.";
        object(s3, "getObject", "s3:GetObject");
        object(s3, "getObjectAsBytes", "s3:GetObject");
        object(s3, "headObject", "s3:GetObject");
        object(s3, "putObject", "s3:PutObject");
        object(s3, "createMultipartUpload", "s3:PutObject");
        object(s3, "uploadPart", "s3:PutObject");
        object(s3, "completeMultipartUpload", "s3:PutObject");
        object(s3, "copyObject", "s3:GetObject", "s3:PutObject");
        object(s3, "uploadPartCopy", "s3:GetObject", "s3:PutObject");
        object(s3, "deleteObject", "s3:DeleteObject");
        object(s3, "deleteObjects", "s3:DeleteObject");
        object(s3, "abortMultipartUpload", "s3:AbortMultipartUpload");
        object(s3, "listParts", "s3:ListMultipartUploadParts");
        ACTIONS.put(s3 + "listObjectsV2", new Mapping(Kind.BUCKET, Scope.BUCKET, List.of("s3:ListBucket")));
        ACTIONS.put(s3 + "listObjectsV2Paginator", new Mapping(Kind.BUCKET, Scope.BUCKET, List.of("s3:ListBucket")));
        ACTIONS.put(s3 + "listObjects", new Mapping(Kind.BUCKET, Scope.BUCKET, List.of("s3:ListBucket")));
        // A presigned request is signed with the function's credentials: the function needs what the request does.
        String presigner = SDK + "services/s3/presigner/S3Presigner.";
        object(presigner, "presignGetObject", "s3:GetObject");
        object(presigner, "presignPutObject", "s3:PutObject");
        object(presigner, "presignUploadPart", "s3:PutObject");
        object(presigner, "presignCreateMultipartUpload", "s3:PutObject");
        object(presigner, "presignCompleteMultipartUpload", "s3:PutObject");
        object(presigner, "presignAbortMultipartUpload", "s3:AbortMultipartUpload");
        object(presigner, "presignDeleteObject", "s3:DeleteObject");

        // SQS authorizes a batch with the single message's action.
        String sqs = SDK + "services/sqs/SqsClient.";
        queue(sqs, "sendMessage", "sqs:SendMessage");
        queue(sqs, "sendMessageBatch", "sqs:SendMessage");
        queue(sqs, "receiveMessage", "sqs:ReceiveMessage");
        queue(sqs, "deleteMessage", "sqs:DeleteMessage");
        queue(sqs, "deleteMessageBatch", "sqs:DeleteMessage");
        queue(sqs, "changeMessageVisibility", "sqs:ChangeMessageVisibility");
        queue(sqs, "changeMessageVisibilityBatch", "sqs:ChangeMessageVisibility");
        queue(sqs, "getQueueAttributes", "sqs:GetQueueAttributes");

        // SES v2 authorizes a send on the identity it is sent from.
        ACTIONS.put(SDK + "services/sesv2/SesV2Client.sendEmail",
                new Mapping(Kind.TABLE, Scope.MAIL_IDENTITY, List.of("ses:SendEmail")));
    }

    /** The SDK types whose methods call AWS: every method of them is mapped above or in LOCAL_METHODS. */
    private static final Set<String> CLIENT_TYPES = Set.of(SDK + "services/dynamodb/DynamoDbClient",
            SDK + "enhanced/dynamodb/DynamoDbTable", SDK + "enhanced/dynamodb/DynamoDbIndex",
            SDK + "enhanced/dynamodb/DynamoDbEnhancedClient", SDK + "services/s3/S3Client",
            SDK + "services/s3/presigner/S3Presigner", SDK + "services/sqs/SqsClient",
            SDK + "services/sesv2/SesV2Client");
    /** Services with no mapping at all: calling one fails the test until it has one. */
    private static final List<String> OTHER_SERVICES = List.of(SDK + "services/", SDK + "enhanced/");

    private static void dynamo(String owner, String method, String action) {
        ACTIONS.put(owner + method, new Mapping(Kind.TABLE, Scope.ITEM, List.of(action)));
    }

    private static void object(String owner, String method, String... actions) {
        ACTIONS.put(owner + method, new Mapping(Kind.BUCKET, Scope.OBJECT, List.of(actions)));
    }

    private static void queue(String owner, String method, String action) {
        ACTIONS.put(owner + method, new Mapping(Kind.QUEUE, Scope.QUEUE, List.of(action)));
    }

    private final Map<String, ClassModel> classes;
    private final Map<String, Set<String>> subtypes;

    private AwsCalls(Path jar) throws IOException {
        JarClasses parsed = JarClasses.read(jar);
        this.classes = parsed.classes();
        this.subtypes = parsed.subtypes();
    }

    /**
     * The grants a function's code needs.
     *
     * @param resources each resource variable the function's environment sets to the logical id it names
     * @param kinds     each of those logical ids to its kind
     */
    static Grants of(Path jar, String handlerClass, Map<String, String> resources, Map<String, Kind> kinds,
                     Set<String> eventBuckets) throws IOException {
        return new AwsCalls(jar).derive(handlerClass.replace('.', '/'), resources, kinds, eventBuckets);
    }

    private record Ref(String owner, String name, String type, Set<String> context) {
    }

    private Grants derive(String handler, Map<String, String> resources, Map<String, Kind> kinds,
                          Set<String> eventBuckets) {
        List<MethodModel> reachable = reachable(handler);
        Map<String, Set<String>> bindings = bindings(reachable, resources.keySet());

        Set<Grant> grants = new TreeSet<>();
        Set<String> unmapped = new TreeSet<>();
        Set<String> unattributed = new TreeSet<>();
        Map<Kind, Set<String>> bound = new HashMap<>();
        bindings.values().forEach(vars -> vars.forEach(v -> bound.computeIfAbsent(kinds.get(resources.get(v)),
                k -> new TreeSet<>()).add(resources.get(v))));
        // A bucket that an S3 event names reaches the code in the event, not through a variable.
        eventBuckets.forEach(id -> bound.computeIfAbsent(Kind.BUCKET, k -> new TreeSet<>()).add(id));
        List<Object[]> pendingCalls = new ArrayList<>();

        Set<String> seen = new HashSet<>();
        ArrayDeque<Ref> queue = new ArrayDeque<>();
        for (String owner = handler; classes.containsKey(owner); owner = superOf(owner)) {
            for (MethodModel method : classes.get(owner).methods()) {
                queue.add(new Ref(owner, method.methodName().stringValue(), method.methodType().stringValue(),
                        Set.of()));
            }
        }
        Set<String> initialized = new HashSet<>();
        while (!queue.isEmpty()) {
            Ref ref = queue.poll();
            if (!classes.containsKey(ref.owner) && throughForeignType(ref.owner, ref.name)
                    && seen.add(ref.owner + "." + ref.name + ref.type + ref.context)) {
                for (String sub : allSubtypes(ref.owner)) {
                    if (instantiated.contains(sub)) queue.add(new Ref(sub, ref.name, ref.type, ref.context));
                }
                continue;
            }
            if (!classes.containsKey(ref.owner) || ref.owner.equals(ENV_CLASS)) continue;
            Set<String> context = bindings.getOrDefault(ref.owner, Set.of()).isEmpty() ? ref.context
                    : bindings.get(ref.owner);
            if (!seen.add(ref.owner + "." + ref.name + ref.type + context)) continue;
            if (initialized.add(ref.owner)) queue.add(new Ref(ref.owner, "<clinit>", "()V", Set.of()));
            if (!ref.name.startsWith("<")) {
                for (String sub : allSubtypes(ref.owner)) {
                    if (instantiated.contains(sub)) queue.add(new Ref(sub, ref.name, ref.type, context));
                }
            }
            MethodModel method = declared(ref.owner, ref.name, ref.type);
            if (method == null) {
                String sup = superOf(ref.owner);
                if (!sup.isEmpty()) queue.add(new Ref(sup, ref.name, ref.type, ref.context));
                continue;
            }
            if (method.code().isEmpty()) continue;
            for (CodeElement element : method.code().get()) {
                switch (element) {
                    case InvokeInstruction call when call.owner().asInternalName().startsWith(SDK) -> {
                        String key = call.owner().asInternalName() + "." + call.name().stringValue();
                        Mapping mapping = ACTIONS.get(key);
                        if (mapping == null) {
                            if (CLIENT_TYPES.contains(call.owner().asInternalName())
                                    && !LOCAL_METHODS.contains(call.name().stringValue())
                                    || isOtherServiceClient(call.owner().asInternalName())) {
                                unmapped.add(key + " (called in " + ref.owner.replace('/', '.') + "."
                                        + ref.name + ")");
                            }
                            continue;
                        }
                        boolean index = mapping.scope == Scope.INDEX_OR_TABLE
                                && (key.startsWith(SDK + "enhanced/dynamodb/DynamoDbIndex")
                                || namesIndex(ref.owner, method));
                        pendingCalls.add(new Object[]{mapping, index, context, key, ref.owner + "." + ref.name});
                    }
                    case InvokeInstruction call -> queue.add(new Ref(call.owner().asInternalName(),
                            call.name().stringValue(), call.type().stringValue(), context));
                    case FieldInstruction f when !f.owner().asInternalName().equals(ref.owner) ->
                            queue.add(new Ref(f.owner().asInternalName(), "<clinit>", "()V", Set.of()));
                    case NewObjectInstruction created ->
                            queue.add(new Ref(created.className().asInternalName(), "<clinit>", "()V", Set.of()));
                    case InvokeDynamicInstruction indy -> indy.bootstrapArgs().forEach(arg -> {
                        if (arg instanceof java.lang.constant.DirectMethodHandleDesc handle) {
                            queue.add(new Ref(handle.owner().descriptorString().replaceAll("^L|;$", ""),
                                    handle.methodName(), handle.lookupDescriptor(), context));
                        }
                    });
                    default -> {
                    }
                }
            }
        }
        for (Object[] call : pendingCalls) {
            Mapping mapping = (Mapping) call[0];
            if (mapping.scope == Scope.MAIL_IDENTITY) {
                mapping.actions.forEach(action -> grants.add(new Grant(action, MAIL_IDENTITIES)));
                continue;
            }
            @SuppressWarnings("unchecked")
            Set<String> context = (Set<String>) call[2];
            Set<String> targets = new TreeSet<>();
            for (String variable : context) {
                String id = resources.get(variable);
                if (kinds.get(id) == mapping.kind) targets.add(id);
            }
            if (targets.isEmpty()) {
                targets.addAll(bound.getOrDefault(mapping.kind, Set.of()));
                unattributed.add(call[3] + " in " + String.valueOf(call[4]).replace('/', '.') + " -> " + targets);
                if (targets.isEmpty()) {
                    unmapped.add(call[3] + " in " + call[4] + ": no " + mapping.kind
                            + " variable is bound on its path");
                }
            }
            for (String id : targets) {
                String resource = switch (mapping.scope) {
                    case ITEM, BUCKET, QUEUE -> id;
                    case INDEX_OR_TABLE -> (boolean) call[1] ? id + "/index/*" : id;
                    case OBJECT -> id + "/*";
                    case MAIL_IDENTITY -> throw new IllegalStateException("handled above");
                };
                mapping.actions.forEach(action -> grants.add(new Grant(action, resource)));
            }
        }
        return new Grants(grants, unmapped, unattributed);
    }

    private static boolean isOtherServiceClient(String owner) {
        // A client of a service this class has no mapping for (SnsClient, KmsClient, ...), not a model class.
        return OTHER_SERVICES.stream().anyMatch(owner::startsWith) && !owner.contains("/model/")
                && owner.matches(".*/[A-Za-z0-9]+(Client|Presigner)$") && !CLIENT_TYPES.contains(owner)
                && !owner.endsWith("EnhancedClient");
    }

    /** Whether a Query built in this method, or in a method of its class it calls (a helper), names an index. */
    private boolean namesIndex(String owner, MethodModel method) {
        if (callsIndexName(method)) return true;
        for (CodeElement element : method.code().orElseThrow()) {
            String target = null;
            String name = null;
            String type = null;
            if (element instanceof InvokeInstruction call && call.owner().asInternalName().equals(owner)) {
                name = call.name().stringValue();
                type = call.type().stringValue();
                target = owner;
            } else if (element instanceof InvokeDynamicInstruction indy) {
                for (var arg : indy.bootstrapArgs()) {
                    if (arg instanceof java.lang.constant.DirectMethodHandleDesc handle
                            && handle.owner().descriptorString().equals("L" + owner + ";")) {
                        name = handle.methodName();
                        type = handle.lookupDescriptor();
                        target = owner;
                    }
                }
            }
            if (target != null) {
                MethodModel callee = declared(target, name, type);
                if (callee != null && callsIndexName(callee)) return true;
            }
        }
        return false;
    }

    private static boolean callsIndexName(MethodModel method) {
        return method.code().isPresent() && method.code().get().elementStream().anyMatch(e ->
                e instanceof InvokeInstruction call
                        && (call.owner().asInternalName() + "." + call.name().stringValue()).equals(QUERY_INDEX_NAME));
    }

    /**
     * Which resource variables each class works on: a variable read from Env binds to the Loupe class constructed
     * next in the same method (else to the method's class); classes built in a bound class's constructor share it.
     */
    private Map<String, Set<String>> bindings(List<MethodModel> reachable, Set<String> variables) {
        Map<String, Set<String>> bindings = new HashMap<>();
        for (MethodModel method : reachable) {
            if (method.code().isEmpty()) continue;
            String owner = method.parent().orElseThrow().thisClass().asInternalName();
            List<String> pending = new ArrayList<>();
            for (CodeElement element : method.code().get()) {
                if (element instanceof FieldInstruction f && f.owner().asInternalName().equals(ENV_CLASS)
                        && variables.contains(f.name().stringValue())) {
                    pending.add(f.name().stringValue());
                } else if (element instanceof InvokeInstruction call && call.name().stringValue().equals("<init>")
                        && call.owner().asInternalName().startsWith("dev/loupe/") && !pending.isEmpty()) {
                    bindings.computeIfAbsent(call.owner().asInternalName(), k -> new TreeSet<>()).addAll(pending);
                    pending.clear();
                }
            }
            if (!pending.isEmpty()) bindings.computeIfAbsent(owner, k -> new TreeSet<>()).addAll(pending);
        }
        // A class built from a bound store works on the store's resources: new ImageListing(client, imageStore()).
        List<String[]> builtFrom = new ArrayList<>();
        for (MethodModel method : reachable) {
            if (method.code().isEmpty()) continue;
            for (CodeElement element : method.code().get()) {
                if (element instanceof InvokeInstruction call && call.name().stringValue().equals("<init>")
                        && classes.containsKey(call.owner().asInternalName())) {
                    for (var parameter : call.typeSymbol().parameterList()) {
                        String type = parameter.descriptorString();
                        if (type.startsWith("Ldev/loupe/")) {
                            builtFrom.add(new String[]{call.owner().asInternalName(),
                                    type.substring(1, type.length() - 1)});
                        }
                    }
                }
            }
        }
        for (boolean changed = true; changed; ) {
            changed = false;
            for (String[] edge : builtFrom) {
                if (edge[0].equals(edge[1]) || !bindings.containsKey(edge[1])) continue;
                changed |= bindings.computeIfAbsent(edge[0], k -> new TreeSet<>()).addAll(bindings.get(edge[1]));
            }
            for (var entry : new ArrayList<>(bindings.entrySet())) {
                ClassModel model = classes.get(entry.getKey());
                if (model == null) continue;
                for (MethodModel constructor : model.methods()) {
                    if (!constructor.methodName().stringValue().equals("<init>") || constructor.code().isEmpty()) {
                        continue;
                    }
                    for (CodeElement element : constructor.code().get()) {
                        if (element instanceof NewObjectInstruction created
                                && classes.containsKey(created.className().asInternalName())) {
                            changed |= bindings.computeIfAbsent(created.className().asInternalName(),
                                    k -> new TreeSet<>()).addAll(entry.getValue());
                        }
                    }
                }
            }
        }
        return bindings;
    }

    /**
     * Every Loupe method reachable from the handler, context-free: TemplateTest's walk, except that a call through a
     * supertype reaches only the overrides of classes the reachable code instantiates (else a handler's abstract
     * {@code handle} would reach every handler of its jar). Fills {@link #instantiated}.
     */
    private List<MethodModel> reachable(String handler) {
        List<MethodModel> found = new ArrayList<>();
        List<String[]> virtualCalls = new ArrayList<>();
        instantiated.add(handler);
        Set<String> seen = new LinkedHashSet<>();
        Set<String> initialized = new HashSet<>();
        ArrayDeque<String[]> queue = new ArrayDeque<>();
        for (String owner = handler; classes.containsKey(owner); owner = superOf(owner)) {
            for (MethodModel method : classes.get(owner).methods()) {
                queue.add(new String[]{owner, method.methodName().stringValue(), method.methodType().stringValue()});
            }
        }
        while (!queue.isEmpty()) {
            String[] ref = queue.poll();
            String owner = ref[0];
            if (!classes.containsKey(owner) && throughForeignType(owner, ref[1])
                    && seen.add(owner + "." + ref[1] + ref[2])) {
                // A JDK interface's method (Function.apply, ...): it runs whichever Loupe implementation was built.
                virtualCalls.add(ref);
                for (String sub : allSubtypes(owner)) {
                    if (instantiated.contains(sub)) queue.add(new String[]{sub, ref[1], ref[2]});
                }
                continue;
            }
            if (!classes.containsKey(owner) || owner.equals(ENV_CLASS) || !seen.add(owner + "." + ref[1] + ref[2])) {
                continue;
            }
            if (initialized.add(owner)) queue.add(new String[]{owner, "<clinit>", "()V"});
            if (!ref[1].startsWith("<")) {
                virtualCalls.add(ref);
                for (String sub : allSubtypes(owner)) {
                    if (instantiated.contains(sub)) queue.add(new String[]{sub, ref[1], ref[2]});
                }
            }
            MethodModel method = declared(owner, ref[1], ref[2]);
            if (method == null) {
                String sup = superOf(owner);
                if (!sup.isEmpty()) queue.add(new String[]{sup, ref[1], ref[2]});
                continue;
            }
            found.add(method);
            if (method.code().isEmpty()) continue;
            for (CodeElement element : method.code().get()) {
                switch (element) {
                    case FieldInstruction f -> queue.add(new String[]{f.owner().asInternalName(), "<clinit>", "()V"});
                    case InvokeInstruction call -> queue.add(new String[]{call.owner().asInternalName(),
                            call.name().stringValue(), call.type().stringValue()});
                    case InvokeDynamicInstruction indy -> indy.bootstrapArgs().forEach(arg -> {
                        if (arg instanceof java.lang.constant.DirectMethodHandleDesc handle) {
                            queue.add(new String[]{handle.owner().descriptorString().replaceAll("^L|;$", ""),
                                    handle.methodName(), handle.lookupDescriptor()});
                        }
                    });
                    case NewObjectInstruction created -> {
                        String made = created.className().asInternalName();
                        queue.add(new String[]{made, "<clinit>", "()V"});
                        if (instantiated.add(made)) {
                            // Calls already walked through a supertype now reach this class's overrides too.
                            for (String[] call : List.copyOf(virtualCalls)) {
                                if (allSubtypes(call[0]).contains(made)) {
                                    queue.add(new String[]{made, call[1], call[2]});
                                }
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return found;
    }

    /** A call through a JDK type that Loupe classes implement (not Object's methods, not constructors). */
    private boolean throughForeignType(String owner, String name) {
        return !owner.equals("java/lang/Object") && !owner.startsWith(SDK) && !name.startsWith("<")
                && subtypes.containsKey(owner);
    }

    private final Set<String> instantiated = new HashSet<>();
    private final Map<String, Set<String>> allSubtypes = new HashMap<>();

    /** The Loupe classes below a type, at any depth. */
    private Set<String> allSubtypes(String type) {
        return allSubtypes.computeIfAbsent(type, t -> {
            Set<String> below = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>(subtypes.getOrDefault(t, Set.of()));
            while (!todo.isEmpty()) {
                String next = todo.poll();
                if (below.add(next)) todo.addAll(subtypes.getOrDefault(next, Set.of()));
            }
            return below;
        });
    }

    private MethodModel declared(String owner, String name, String type) {
        ClassModel model = classes.get(owner);
        if (model == null) return null;
        return model.methods().stream().filter(m -> m.methodName().stringValue().equals(name)
                && m.methodType().stringValue().equals(type)).findFirst().orElse(null);
    }

    private String superOf(String owner) {
        ClassModel model = classes.get(owner);
        return model == null ? "" : model.superclass().map(ClassEntry::asInternalName).orElse("");
    }
}
