package dev.loupe.core.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * An AWS SDK client (any service's interface) that answers every call with an empty response: no items, no
 * objects, every write accepted. For handler tests whose services are real but whose tables and buckets need not
 * hold anything; a call whose empty answer the code can't take shows up as the test's failure.
 */
public final class NoAws {
    private NoAws() {
    }

    public static <T> T client(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "serviceName" -> "no-aws";
                    case "close" -> null;
                    case "toString" -> "NoAws(" + type.getSimpleName() + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> emptyResponse(method);
                }));
    }

    private static Object emptyResponse(Method method) throws ReflectiveOperationException {
        Object builder = method.getReturnType().getMethod("builder").invoke(null);
        Method build = builder.getClass().getMethod("build");
        build.setAccessible(true);
        return build.invoke(builder);
    }
}
