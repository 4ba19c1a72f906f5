package dev.loupe.local.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How many records (stream records, SQS messages) each function's event sources handed to it, and how many its
 * {@code FilterCriteria} dropped before it; and, for tests, each record handed to a function as its event holds it:
 * what a test reads to see that a record never reached a function.
 */
public final class Deliveries {
    private final Map<String, LongAdder> delivered = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> filteredOut = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonNode>>> watchers = new ConcurrentHashMap<>();

    void delivered(String functionId, List<? extends JsonNode> records) {
        delivered.computeIfAbsent(functionId, k -> new LongAdder()).add(records.size());
        List<Consumer<JsonNode>> listening = watchers.get(functionId);
        if (listening != null) {
            records.forEach(record -> listening.forEach(watcher -> watcher.accept(record)));
        }
    }

    void filteredOut(String functionId, int records) {
        filteredOut.computeIfAbsent(functionId, k -> new LongAdder()).add(records);
    }

    /** Records handed to the function (each try of a batch counts again). */
    public long delivered(String functionId) {
        LongAdder n = delivered.get(functionId);
        return n == null ? 0 : n.sum();
    }

    /** Records its filters dropped, never handed to it. */
    public long filteredOut(String functionId) {
        LongAdder n = filteredOut.get(functionId);
        return n == null ? 0 : n.sum();
    }

    /**
     * Hands {@code watcher} every record delivered to the function from now on, as the event holds it (an SQS
     * message's body as the string it is), until the returned handle is closed.
     */
    public AutoCloseable watch(String functionId, Consumer<JsonNode> watcher) {
        watchers.computeIfAbsent(functionId, k -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> watchers.get(functionId).remove(watcher);
    }
}
