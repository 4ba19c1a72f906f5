package dev.loupe.local.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.loupe.local.lambda.Invoker;

/** Stands in for the function host: records every invocation and answers as each test function is told to. */
final class RecordingInvoker implements Invoker {
    /** A test function: the event JSON in, the result JSON out (null for a void handler). */
    @FunctionalInterface
    interface TestFunction {
        String handle(String eventJson) throws FunctionFailedException;
    }

    record Invocation(String functionId, String eventJson) {
    }

    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final Map<String, TestFunction> functions = new ConcurrentHashMap<>();

    RecordingInvoker answer(String functionId, TestFunction function) {
        functions.put(functionId, function);
        return this;
    }

    @Override
    public String invoke(String functionId, String eventJson) throws FunctionFailedException {
        invocations.add(new Invocation(functionId, eventJson));
        TestFunction function = functions.get(functionId);
        return function == null ? null : function.handle(eventJson);
    }

    List<String> eventsOf(String functionId) {
        return invocations.stream().filter(i -> i.functionId().equals(functionId)).map(Invocation::eventJson).toList();
    }

    static FunctionFailedException failure(String message) {
        return new FunctionFailedException(message, new RuntimeException(message));
    }
}
