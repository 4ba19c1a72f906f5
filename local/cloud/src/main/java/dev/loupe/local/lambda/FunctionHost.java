package dev.loupe.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.loupe.local.AwsLimits;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

/**
 * Runs the template's functions in this JVM as Lambda runs them in containers: each function gets its own class
 * loader over its built artifact (the {@code CodeUri} jar that {@code sam deploy} uploads), which defines Loupe's
 * own classes ({@value #OWN_PACKAGE} packages), so Loupe's static state is per function; its environment comes from
 * the template and reaches it as its loader's {@link #ENVIRONMENT_RESOURCE}. The jar's third-party classes (the AWS
 * SDK, Jackson, ...) come from one library loader per jar, shared by the functions built into it: they are loaded,
 * initialised and compiled once per jar instead of once per function, which made every cold start here pay for the
 * whole SDK again (on Lambda each function is its own process anyway; see DESIGN.md's local-cloud section);
 * events are deserialized and results serialized with aws-lambda-java-serialization, as the Lambda Java runtime
 * does. Payloads above 6 MB and invocations past the
 * function's timeout fail as they would on Lambda.
 *
 * <p>Unlike Lambda, one instance of a function may serve several invocations at once (the local cloud does not
 * scale out containers); handlers are written to be thread-safe anyway.
 */
public final class FunctionHost implements Invoker, AutoCloseable {
    private static final int MAX_PAYLOAD_BYTES = AwsLimits.LAMBDA_PAYLOAD_BYTES;

    /**
     * Where a function finds its environment in this JVM, whose process environment is shared by every function:
     * a {@link Properties} resource of its own class loader, e.g.
     * {@code Handler.class.getClassLoader().getResourceAsStream(FunctionHost.ENVIRONMENT_RESOURCE)}. On Lambda
     * (and wherever the resource is absent) the code reads {@link System#getenv} instead.
     */
    public static final String ENVIRONMENT_RESOURCE = "META-INF/function-environment.properties";

    /** The packages a function's own loader defines: Loupe's code, whose static state must stay per function. */
    static final String OWN_PACKAGE = "dev.loupe.";

    private final Template template;
    private final Map<String, String> baseEnvironment;
    private final Map<String, Map<String, String>> environments;
    private final Map<String, LoadedFunction> loaded = new ConcurrentHashMap<>();
    private final Map<Path, LibraryClassLoader> libraries = new ConcurrentHashMap<>();
    private final Map<ClassLoader, URLClassLoader> serializationLoaders = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param baseEnvironment what the Lambda runtime sets for every function (region, credentials, endpoints)
     * @param environments    each function's template variables, resolved to physical names
     */
    public FunctionHost(Template template, Map<String, String> baseEnvironment,
                        Map<String, Map<String, String>> environments) {
        this.template = template;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.environments = Map.copyOf(environments);
    }

    @Override
    public String invoke(String functionId, String eventJson) throws FunctionFailedException {
        if (eventJson.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new FunctionFailedException("Request payload size exceeded the 6 MB Lambda limit", null);
        }
        LoadedFunction function = function(functionId);
        String requestId = UUID.randomUUID().toString();
        Future<String> result = executor.submit(() -> function.invoke(eventJson, requestId));
        try {
            String output = result.get(function.def.timeoutSeconds(), TimeUnit.SECONDS);
            if (output != null && output.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw new FunctionFailedException(functionId + ": response payload size exceeded the 6 MB limit",
                        null);
            }
            return output;
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new FunctionFailedException(functionId + ": Task timed out after "
                    + function.def.timeoutSeconds() + " seconds", e, true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            throw new FunctionFailedException(functionId + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionFailedException(functionId + ": interrupted", e);
        }
    }

    /** Loads (once) and initializes a function, as a cold start does. */
    public LoadedFunction function(String functionId) throws FunctionFailedException {
        LoadedFunction existing = loaded.get(functionId);
        if (existing != null) {
            return existing;
        }
        FunctionDef def = template.function(functionId)
                .orElseThrow(() -> new FunctionFailedException("no function " + functionId + " in template", null));
        synchronized (this) {
            LoadedFunction again = loaded.get(functionId);
            if (again != null) {
                return again;
            }
            try {
                LoadedFunction function = load(def);
                loaded.put(functionId, function);
                return function;
            } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
                throw new FunctionFailedException(functionId + ": init failed: " + e, e);
            }
        }
    }

    private LoadedFunction load(FunctionDef def) throws ReflectiveOperationException, IOException {
        Path code = template.root().resolve(def.codeUri()).normalize();
        if (!Files.exists(code)) {
            throw new IOException(code + " does not exist: build the functions first (mvn package)");
        }
        Map<String, String> environment = new java.util.HashMap<>(baseEnvironment);
        environment.putAll(environments.getOrDefault(def.logicalId(), Map.of()));
        // A template may declare a variable the runtime sets here (an endpoint) with an empty value, so that
        // `sam local invoke --env-vars` can set it: empty in the template, the local cloud's value stands.
        baseEnvironment.forEach((name, value) -> {
            if (environment.get(name) == null || environment.get(name).isBlank()) {
                environment.put(name, value);
            }
        });
        environment.put("AWS_LAMBDA_FUNCTION_NAME", def.logicalId());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(def.memoryMb()));
        ClassLoader loader = classLoader(def.logicalId(), code, environment);

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> handlerClass = Class.forName(def.handlerClass(), true, loader);
            Object instance = handlerClass.getConstructor().newInstance();
            return new LoadedFunction(def, loader, instance, handlerMethod(handlerClass, def),
                    serializationLoader(def, loader));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * aws-lambda-java-serialization keeps static caches by class name (event classes it loaded, one S3 event
     * serializer instance), as if a JVM ran one function: one jar's event classes would be handed to a function of
     * another (a ClassCastException between two loaders' S3EventNotificationRecord). So each jar gets its own copy of
     * the library, in a loader over the jar's library loader, whose event classes all its functions share (a
     * directory's function, a copy over its own loader). Built on the function's first event.
     */
    private Supplier<ClassLoader> serializationLoader(FunctionDef def, ClassLoader function) {
        ClassLoader parent = function.getParent() instanceof LibraryClassLoader library ? library : function;
        String name = (parent instanceof LibraryClassLoader library ? library.getName() : def.logicalId())
                + "-serialization";
        URL[] serialization = {PojoSerializer.class.getProtectionDomain().getCodeSource().getLocation()};
        return () -> serializationLoaders.computeIfAbsent(parent, p -> new URLClassLoader(name, serialization, p));
    }

    private ClassLoader classLoader(String name, Path code, Map<String, String> environment) throws IOException {
        URL[] urls = {code.toUri().toURL()};
        if (Files.isDirectory(code)) {
            // A directory (test fixtures) sees this class path, which has the Lambda event types.
            return new FunctionClassLoader(name, urls, FunctionHost.class.getClassLoader(), environment, false);
        }
        // A built jar holds everything the function needs, as on Lambda: nothing of this JVM's class path leaks in.
        LibraryClassLoader library = libraries.computeIfAbsent(code, jar -> new LibraryClassLoader(
                jar.getFileName() + "-libraries", urls));
        return new FunctionClassLoader(name, urls, library, environment, true);
    }

    /**
     * The third-party classes and resources of one function jar, shared by the functions built into it: it refuses
     * Loupe's own classes (each function's loader defines them) and never serves a function's environment.
     */
    private static final class LibraryClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        LibraryClassLoader(String name, URL[] urls) {
            super(name, urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(OWN_PACKAGE)) {
                throw new ClassNotFoundException(name + " is a function's own class, not a library's");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL findResource(String name) {
            return ENVIRONMENT_RESOURCE.equals(name) ? null : super.findResource(name);
        }

        @Override
        public java.util.Enumeration<URL> findResources(String name) throws IOException {
            return ENVIRONMENT_RESOURCE.equals(name) ? java.util.Collections.emptyEnumeration()
                    : super.findResources(name);
        }
    }

    /**
     * A function's class loader: its code, and its environment as the resource {@link #ENVIRONMENT_RESOURCE}.
     * Only JDK types cross from host to function, so a function needs nothing of the local cloud to read it. Over a
     * jar it defines only Loupe's own classes from it, itself (child first), and leaves every other class and
     * resource of the jar to its parent, the jar's {@link LibraryClassLoader} (so a resource is found once, not
     * twice, and a {@code META-INF/services} entry naming a Loupe class still loads that class here).
     */
    private static final class FunctionClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final URL environment;
        private final boolean ownClassesOnly;

        FunctionClassLoader(String name, URL[] urls, ClassLoader parent, Map<String, String> variables,
                            boolean ownClassesOnly) throws IOException {
            super(name, urls, parent);
            this.ownClassesOnly = ownClassesOnly;
            Properties properties = new Properties();
            properties.putAll(variables);
            var bytes = new ByteArrayOutputStream();
            properties.store(bytes, null);
            byte[] content = bytes.toByteArray();
            this.environment = URL.of(URI.create("function-environment:/" + name), new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                        @Override
                        public void connect() {
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(content);
                        }
                    };
                }
            });
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!ownClassesOnly || !name.startsWith(OWN_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> own = findLoadedClass(name);
                if (own == null) {
                    own = findClass(name);
                }
                if (resolve) {
                    resolveClass(own);
                }
                return own;
            }
        }

        @Override
        public URL findResource(String name) {
            if (ENVIRONMENT_RESOURCE.equals(name)) {
                return environment;
            }
            return ownClassesOnly ? null : super.findResource(name);
        }

        @Override
        public java.util.Enumeration<URL> findResources(String name) throws IOException {
            if (ENVIRONMENT_RESOURCE.equals(name)) {
                return java.util.Collections.enumeration(List.of(environment));
            }
            return ownClassesOnly ? java.util.Collections.emptyEnumeration() : super.findResources(name);
        }
    }

    private static Method handlerMethod(Class<?> handlerClass, FunctionDef def) throws NoSuchMethodException {
        String name = def.handler().contains("::") ? def.handler().substring(def.handler().indexOf("::") + 2)
                : "handleRequest";
        return Arrays.stream(handlerClass.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() >= 1 && m.getParameterCount() <= 3)
                .findFirst()
                .orElseThrow(() -> new NoSuchMethodException(def.handler()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        List<URLClassLoader> loaders = new java.util.ArrayList<>(serializationLoaders.values());
        loaded.values().forEach(f -> {
            if (f.loader instanceof URLClassLoader closable) {
                loaders.add(closable);
            }
        });
        loaders.addAll(libraries.values());
        loaders.forEach(loader -> {
            try {
                loader.close();
            } catch (IOException ignored) {
                // the JVM is going away
            }
        });
    }

    /** A function after its cold start: its loader, its handler instance and how to call it. */
    public static final class LoadedFunction {
        final FunctionDef def;
        final ClassLoader loader;
        private final Object instance;
        private final Method method;
        private final Map<Class<?>, Serializer> serializers = new ConcurrentHashMap<>();
        private final Supplier<ClassLoader> serializationLoader;

        LoadedFunction(FunctionDef def, ClassLoader loader, Object instance, Method method,
                       Supplier<ClassLoader> serializationLoader) {
            this.def = def;
            this.loader = loader;
            this.instance = instance;
            this.method = method;
            this.serializationLoader = serializationLoader;
        }

        String invoke(String eventJson, String requestId) throws Exception {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                Class<?>[] types = method.getParameterTypes();
                if (types.length >= 2 && types[0] == InputStream.class && types[1] == OutputStream.class) {
                    var out = new ByteArrayOutputStream();
                    method.invoke(instance, args(types, new ByteArrayInputStream(
                            eventJson.getBytes(StandardCharsets.UTF_8)), out, requestId));
                    return out.toString(StandardCharsets.UTF_8);
                }
                Object event = serializer(types[0]).fromJson(eventJson);
                Object result = method.invoke(instance, args(types, event, null, requestId));
                if (result == null || method.getReturnType() == void.class) {
                    return null;
                }
                var out = new ByteArrayOutputStream();
                serializer(result.getClass()).toJson(result, out);
                return out.toString(StandardCharsets.UTF_8);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        private Object[] args(Class<?>[] types, Object first, Object second, String requestId) {
            Object[] args = new Object[types.length];
            args[0] = first;
            for (int i = 1; i < types.length; i++) {
                args[i] = types[i].getName().equals("com.amazonaws.services.lambda.runtime.Context")
                        ? LambdaContext.create(types[i], def, requestId) : second;
            }
            return args;
        }

        /**
         * As the Lambda Java runtime: its own serializers for AWS event types, plain Jackson for other POJOs. Built
         * once per type and function (each builds a configured mapper), as the runtime does per handler.
         */
        private Serializer serializer(Class<?> type) {
            return serializers.computeIfAbsent(type, t -> Serializer.of(t, serializationLoader.get(), loader));
        }
    }

    /**
     * A PojoSerializer of one jar's (or one directory function's) copy of the serialization library, called through
     * reflection.
     */
    record Serializer(Object target, Method fromJson, Method toJson) {
        static Serializer of(Class<?> type, ClassLoader serialization, ClassLoader function) {
            try {
                Class<?> events = Class.forName(LambdaEventSerializers.class.getName(), true, serialization);
                boolean awsEvent = (boolean) events.getMethod("isLambdaSupportedEvent", String.class)
                        .invoke(null, type.getName());
                Object target;
                if (awsEvent) {
                    target = events.getMethod("serializerFor", Class.class, ClassLoader.class)
                            .invoke(null, type, function);
                } else {
                    Class<?> factory = Class.forName(JacksonFactory.class.getName(), true, serialization);
                    Object jackson = factory.getMethod("getInstance").invoke(null);
                    target = factory.getMethod("getSerializer", Class.class).invoke(jackson, type);
                }
                Class<?> pojo = Class.forName(PojoSerializer.class.getName(), true, serialization);
                return new Serializer(target, pojo.getMethod("fromJson", String.class),
                        pojo.getMethod("toJson", Object.class, OutputStream.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build the event serializer for " + type.getName(), e);
            }
        }

        Object fromJson(String json) throws Exception {
            return unwrapped(() -> fromJson.invoke(target, json));
        }

        void toJson(Object value, OutputStream out) throws Exception {
            unwrapped(() -> toJson.invoke(target, value, out));
        }

        private static Object unwrapped(java.util.concurrent.Callable<Object> call) throws Exception {
            try {
                return call.call();
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /** The {@code Context} a handler receives: built as a proxy of the interface its own class loader has. */
    static final class LambdaContext {
        private LambdaContext() {
        }

        static Object create(Class<?> contextInterface, FunctionDef def, String requestId) {
            long deadline = System.currentTimeMillis() + def.timeoutSeconds() * 1000L;
            ClassLoader loader = contextInterface.getClassLoader();
            return Proxy.newProxyInstance(loader, new Class<?>[]{contextInterface}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getAwsRequestId" -> requestId;
                        case "getFunctionName" -> def.logicalId();
                        case "getFunctionVersion" -> "$LATEST";
                        case "getInvokedFunctionArn" ->
                                "arn:aws:lambda:us-east-1:000000000000:function:" + def.logicalId();
                        case "getLogGroupName" -> "/aws/lambda/" + def.logicalId();
                        case "getLogStreamName" -> "local";
                        case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
                        case "getMemoryLimitInMB" -> def.memoryMb();
                        case "getLogger" -> logger(loader, def.logicalId());
                        case "toString" -> "LocalContext[" + def.logicalId() + "]";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    });
        }

        private static Object logger(ClassLoader loader, String functionId) throws ClassNotFoundException {
            Class<?> loggerInterface = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false,
                    loader);
            return Proxy.newProxyInstance(loader, new Class<?>[]{loggerInterface}, (proxy, method, args) -> {
                if (method.getName().equals("log") && args != null && args.length > 0) {
                    String message = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                            : String.valueOf(args[0]);
                    System.out.println("[" + functionId + "] " + message.stripTrailing());
                }
                return null;
            });
        }
    }
}
