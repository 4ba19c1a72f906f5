package dev.loupe.local.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.template.FunctionDef;
import dev.loupe.local.template.Template;

/**
 * The template's {@code Type: Schedule} and {@code Type: ScheduleV2} events: each enabled {@code rate(...)} schedule
 * invokes its function on that rate (the first time one period after start, as a new rule does), on a virtual
 * thread of its own, with the event's {@code Input} or, without one, an EventBridge "Scheduled Event". A
 * {@code cron(...)} or {@code at(...)} expression is not run on its own locally (said once at start); any scheduled
 * function runs now through the cloud's invoke API ({@code POST /_local/invoke/<FunctionLogicalId>}, or
 * {@link #event} with the {@link Invoker}), which is what tests do. A failed invocation is logged; the next period
 * comes anyway, as EventBridge's retries are not emulated.
 */
public final class ScheduleEventSource implements AutoCloseable {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Invoker invoker;
    private final String region;
    private final List<Runner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public ScheduleEventSource(Template template, Invoker invoker, String region) {
        this.invoker = invoker;
        this.region = region;
        for (FunctionDef function : template.functions().values()) {
            for (FunctionDef.ScheduleSource source : function.schedules()) {
                if (!source.enabled()) {
                    continue;
                }
                Optional<Duration> rate = rate(source.expression());
                if (rate.isEmpty()) {
                    System.out.println("[schedule] " + source.functionId() + "." + source.name() + " ("
                            + source.expression() + ") does not run on its own locally: invoke it through "
                            + "/_local/invoke/" + source.functionId());
                    continue;
                }
                runners.add(new Runner(source, rate.get()));
            }
        }
    }

    /** A {@code rate(N unit)} expression's period; empty for cron and at expressions. */
    public static Optional<Duration> rate(String expression) {
        Matcher m = RATE.matcher(expression.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            if (expression.startsWith("rate(")) {
                throw new IllegalArgumentException("not a rate expression EventBridge takes: " + expression);
            }
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        if (n < 1) {
            throw new IllegalArgumentException("a rate is at least 1: " + expression);
        }
        return Optional.of(switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    /** What the schedule passes its function: its {@code Input}, else an EventBridge "Scheduled Event". */
    public static String event(FunctionDef.ScheduleSource source, String region, Instant time) {
        if (source.input().isPresent()) {
            return source.input().get();
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", source.type().equals("ScheduleV2") ? "aws.scheduler" : "aws.events");
        event.put("account", "123456789012");
        event.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.put("resources", List.of("arn:aws:events:" + region + ":123456789012:rule/" + source.functionId()
                + "-" + source.name()));
        event.put("detail", Map.of());
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void start() {
        if (!threads.isEmpty() || runners.isEmpty()) {
            return;
        }
        for (Runner runner : runners) {
            threads.add(Thread.ofVirtual().name("schedule-" + runner.source.functionId()).start(runner));
        }
        System.out.println("[schedule] " + runners.size() + " schedule(s) running");
    }

    @Override
    public synchronized void close() {
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    private final class Runner implements Runnable {
        private final FunctionDef.ScheduleSource source;
        private final Duration period;

        Runner(FunctionDef.ScheduleSource source, Duration period) {
            this.source = source;
            this.period = period;
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    invoker.invoke(source.functionId(), event(source, region, Instant.now()));
                } catch (Invoker.FunctionFailedException | RuntimeException e) {
                    System.err.println("[schedule] " + source.functionId() + "." + source.name() + " failed: "
                            + e.getMessage());
                }
            }
        }
    }
}
