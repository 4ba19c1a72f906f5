package dev.loupe.local.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs one {@link Poller} per subscription on a virtual thread of its own, and stops them. */
abstract class PollingEventSource implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String label;
    private final List<Poller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** @param label the log prefix and thread name, such as "sqs" */
    PollingEventSource(String label) {
        this.label = label;
    }

    final void add(Poller poller) {
        pollers.add(poller);
    }

    public final synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        for (Poller poller : pollers) {
            threads.add(Thread.ofVirtual().name(label + "-poller-" + threads.size()).start(poller));
        }
        System.out.println("[" + label + "] polling for " + pollers.size() + " subscription(s)");
    }

    /** Stops polling; a batch being processed finishes (its function is not interrupted). */
    @Override
    public final synchronized void close() {
        pollers.forEach(Poller::stop);
        for (Thread thread : threads) {
            try {
                if (!thread.join(STOP_TIMEOUT)) {
                    System.err.println("[" + label + "] " + thread.getName() + " still busy after " + STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
