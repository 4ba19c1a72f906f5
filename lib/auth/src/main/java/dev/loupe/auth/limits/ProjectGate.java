package dev.loupe.auth.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.loupe.auth.Authenticator;
import dev.loupe.auth.IpRange;
import dev.loupe.auth.Origins;
import dev.loupe.auth.Project;
import dev.loupe.core.config.Env;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.dynamo.DynamoDbClients;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a project's call to the task API passes before its handler runs (its documented "Rate Limiting" and "IP and
 * domain filtering"): the project's IP ranges, its allowed origins for browser tokens, then its request rate.
 *
 * <p>Refused by a filter: 403 ({@code ip_not_allowed}, {@code origin_not_allowed}), without rate headers: the caller
 * holds a valid token but is not where the project allows it, so it learns nothing about the project's traffic and
 * uses none of its quota. Past the rate: 429 {@code rate_limited} with {@code Retry-After}. Every other answer to an
 * admitted call, errors included, carries the {@link Admission#headers() rate headers}.
 *
 * <p>The count lives in DynamoDB ({@link RateLimiter}). When that table can't be reached the call goes on uncounted
 * and without rate headers (fail open, logged): an outage of the counter must not take the whole task API down.
 */
public final class ProjectGate {
    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    /** When the window ends, in Unix seconds (as GitHub's API); {@code Retry-After} is the seconds until then. */
    public static final String RESET = "X-RateLimit-Reset";

    /** The deployment's rate: {@code limit} requests a project per {@code window}. */
    public record Rate(int limit, Duration window) {
        public Rate {
            if (limit < 1 || window.toSeconds() < 1) {
                throw new IllegalArgumentException("a rate of at least 1 request per at least one second");
            }
        }

        /** {@code TASK_RATE_LIMIT} requests per {@code TASK_RATE_WINDOW_SECONDS}, from template.yaml. */
        public static Rate fromEnv() {
            return new Rate(Integer.parseInt(Env.TASK_RATE_LIMIT.required()),
                    Duration.ofSeconds(Long.parseLong(Env.TASK_RATE_WINDOW_SECONDS.required())));
        }

        /** The project's own rate where it has one, this one's otherwise (limit and window each on their own). */
        Rate forProject(Project project) {
            return new Rate(project.rateLimit() > 0 ? project.rateLimit() : limit,
                    project.rateWindowSeconds() > 0 ? Duration.ofSeconds(project.rateWindowSeconds()) : window);
        }
    }

    /** Counts one request of a project; {@link RateLimiter#acquire} in production. */
    @FunctionalInterface
    public interface Counter {
        RateLimiter.Decision acquire(String projectId, int limit, Duration window);
    }

    /** An admitted call: the headers its answer carries, whatever the answer is. */
    public record Admission(Map<String, String> headers) {
        public Admission {
            headers = Map.copyOf(headers);
        }
    }

    private final Counter counter;
    private final Rate rate;
    private final Clock clock;
    private final Consumer<String> log;

    public ProjectGate(Counter counter, Rate rate, Clock clock, Consumer<String> log) {
        this.counter = counter;
        this.rate = rate;
        this.clock = clock;
        this.log = log;
    }

    /** The container's gate: the rate-limits table and the deployment's rate from template.yaml. */
    public static ProjectGate fromEnv() {
        return Holder.GATE;
    }

    /**
     * Lets a call of {@code project} through, or refuses it with a 403 or 429 {@link ApiError}.
     *
     * @param browser whether the caller holds a browser token ({@code POST /v1/auth}); only those are bound to the
     *                project's origins (a backend's call has no Origin to check)
     */
    public Admission admit(HttpRequest request, Project project, boolean browser) {
        if (!allowedAddress(project.allowedIpRanges(), request.sourceIp())) {
            throw new ApiError(403, "ip_not_allowed", "This project does not accept calls from "
                    + request.sourceIp().orElse("an unknown address") + "; its allowed IP ranges are set on the project");
        }
        if (browser) {
            Optional<String> origin = Origins.ofRequest(request.header("origin"), request.header("referer"));
            if (!Origins.allows(project.allowedOrigins(), origin)) {
                throw new ApiError(403, "origin_not_allowed", origin.map(o -> "This project's browser tokens may "
                        + "not be used from " + o).orElse("This project's browser tokens may be used only from its "
                        + "allowed origins, and the request names none (no Origin or Referer header)"));
            }
        }
        return count(project);
    }

    /**
     * Counts one call of the project against its rate, or refuses it (429 with {@code Retry-After}). The library and
     * gallery routes pass this alone: the IP ranges and origins are the task API's settings. Their answers carry no
     * rate headers; the 429 does.
     */
    public Admission count(Project project) {
        Rate own = rate.forProject(project);
        RateLimiter.Decision decision;
        try {
            decision = counter.acquire(project.projectId(), own.limit(), own.window());
        } catch (SdkException unreachable) {
            log.accept("WARN rate limit not counted for project " + project.projectId() + " (the call goes on): "
                    + unreachable.getMessage());
            return new Admission(Map.of());
        }
        Map<String, String> headers = headers(decision);
        if (!decision.allowed()) {
            long retryAfter = decision.retryAfterSeconds(clock.instant());
            headers.put("Retry-After", Long.toString(retryAfter));
            throw new ApiError(429, "rate_limited", "Too many requests: this project may make " + own.limit()
                    + " requests every " + own.window().toSeconds() + " s; retry after " + retryAfter + " s")
                    .withHeaders(headers);
        }
        return new Admission(headers);
    }

    /**
     * A verifier whose callers are also counted against their project's rate (the library and gallery routes): the
     * token is verified first, so an anonymous flood spends no project's quota.
     */
    public static Authenticator counting(Authenticator verifier, Supplier<ProjectGate> gate) {
        return verifier.alsoOnEachCaller(project -> gate.get().count(project));
    }

    /** The {@code X-RateLimit-*} headers of a decision. */
    static Map<String, String> headers(RateLimiter.Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT, Integer.toString(decision.limit()));
        headers.put(REMAINING, Integer.toString(decision.remaining()));
        headers.put(RESET, Long.toString(decision.reset().getEpochSecond()));
        return headers;
    }

    /**
     * An empty list admits every address. Otherwise the address must lie in a range that parses: a stored range that
     * does not (written to the table by hand) matches nothing, so the filter fails closed.
     */
    private boolean allowedAddress(List<String> ranges, Optional<String> address) {
        if (ranges.isEmpty()) {
            return true;
        }
        if (address.isEmpty()) {
            return false;
        }
        for (String text : ranges) {
            try {
                if (IpRange.parse(text).contains(address.get())) {
                    return true;
                }
            } catch (IllegalArgumentException badRange) {
                log.accept("WARN a stored IP range of a project does not parse and matches nothing: "
                        + badRange.getMessage());
            }
        }
        return false;
    }

    private static final class Holder {
        static final ProjectGate GATE = new ProjectGate(
                new RateLimiter(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC())::acquire,
                Rate.fromEnv(), Clock.systemUTC(), System.out::println);
    }
}
