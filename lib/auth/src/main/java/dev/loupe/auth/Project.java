package dev.loupe.auth;

import java.time.Instant;
import java.util.List;

/**
 * A project: the tenant that owns everything stored in Loupe. Its public key names it in tokens ({@code jti}); its
 * secret key signs them (HS256) and never leaves the project's backend.
 *
 * @param allowedOrigins       the web origins its browser tokens may be used from (and {@code POST /v1/auth} asked
 *                             from); empty: any
 * @param allowedIpRanges      the addresses (CIDR, IPv4 or IPv6) its calls to the task API may come from; empty: any
 * @param rateLimit            its task API requests per window, when it has its own; 0: the deployment's
 *                             ({@code TASK_RATE_LIMIT})
 * @param rateWindowSeconds    the length of that window, when it has its own; 0: the deployment's
 *                             ({@code TASK_RATE_WINDOW_SECONDS})
 * @param selfSignup           whether a browser (a browser token or an anonymous session) may register users
 *                             ({@code POST /v1/users}); off unless the project turns it on
 * @param requireVerifiedEmail whether a user must have verified its email before it may log in; off unless set
 * @param previousKey          the secret key before the last rotation, still verifying until its grace period ends;
 *                             null when there is none
 * @param monthlyFiles         the files its tasks may process in a UTC calendar month (the task API's monthly
 *                             allowance), when it has its own; 0: the deployment's ({@code TASK_MONTHLY_FILES})
 * @param eventsWebhook        the URL its people events (images added, a gallery published, a comment or reply) are
 *                             POSTed to, signed like a task's webhook; null when it has none
 */
public record Project(String projectId, String publicKey, String secretKey, String name, List<String> allowedOrigins,
                      List<String> allowedIpRanges, int rateLimit, int rateWindowSeconds, boolean selfSignup,
                      boolean requireVerifiedEmail, PreviousKey previousKey, int monthlyFiles, String eventsWebhook) {

    /** A secret key that was rotated out: tokens it signed still verify before {@code until}, not after. */
    public record PreviousKey(String secretKey, Instant until) {
        public boolean verifiesAt(Instant now) {
            return now.isBefore(until);
        }

        @Override
        public String toString() {
            return "PreviousKey[until=" + until + "]";
        }
    }

    public Project {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedIpRanges = allowedIpRanges == null ? List.of() : List.copyOf(allowedIpRanges);
        if (rateLimit < 0 || rateWindowSeconds < 0) {
            throw new IllegalArgumentException("a project's rate limit and window are positive, or 0 for the default");
        }
        if (monthlyFiles < 0) {
            throw new IllegalArgumentException("a project's monthly file allowance is positive, or 0 for the default");
        }
        eventsWebhook = eventsWebhook == null || eventsWebhook.isBlank() ? null : eventsWebhook;
    }

    /** A project without an events webhook. */
    public Project(String projectId, String publicKey, String secretKey, String name, List<String> allowedOrigins,
                   List<String> allowedIpRanges, int rateLimit, int rateWindowSeconds, boolean selfSignup,
                   boolean requireVerifiedEmail, PreviousKey previousKey, int monthlyFiles) {
        this(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit, rateWindowSeconds,
                selfSignup, requireVerifiedEmail, previousKey, monthlyFiles, null);
    }

    /** A project on the deployment's monthly file allowance. */
    public Project(String projectId, String publicKey, String secretKey, String name, List<String> allowedOrigins,
                   List<String> allowedIpRanges, int rateLimit, int rateWindowSeconds, boolean selfSignup,
                   boolean requireVerifiedEmail, PreviousKey previousKey) {
        this(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit, rateWindowSeconds,
                selfSignup, requireVerifiedEmail, previousKey, 0);
    }

    /** A project without self sign-up, email verification or a rotated-out key. */
    public Project(String projectId, String publicKey, String secretKey, String name, List<String> allowedOrigins,
                   List<String> allowedIpRanges, int rateLimit, int rateWindowSeconds) {
        this(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit, rateWindowSeconds,
                false, false, null);
    }

    /** A project without filters, on the deployment's rate limit. */
    public Project(String projectId, String publicKey, String secretKey, String name, List<String> allowedOrigins) {
        this(projectId, publicKey, secretKey, name, allowedOrigins, List.of(), 0, 0);
    }

    /** This project with these filters. */
    public Project withFilters(List<String> origins, List<String> ipRanges) {
        return new Project(projectId, publicKey, secretKey, name, origins, ipRanges, rateLimit, rateWindowSeconds,
                selfSignup, requireVerifiedEmail, previousKey, monthlyFiles, eventsWebhook);
    }

    /** This project with its own rate limit: {@code limit} requests per {@code windowSeconds}. */
    public Project withRateLimit(int limit, int windowSeconds) {
        return new Project(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, limit,
                windowSeconds, selfSignup, requireVerifiedEmail, previousKey, monthlyFiles, eventsWebhook);
    }

    /** This project with its own monthly file allowance; 0: the deployment's. */
    public Project withMonthlyFiles(int files) {
        return new Project(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit,
                rateWindowSeconds, selfSignup, requireVerifiedEmail, previousKey, files, eventsWebhook);
    }

    /** This project with self sign-up on or off. */
    public Project withSelfSignup(boolean on) {
        return new Project(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit,
                rateWindowSeconds, on, requireVerifiedEmail, previousKey, monthlyFiles, eventsWebhook);
    }

    /** This project with logins of unverified emails refused, or not. */
    public Project withRequiredEmailVerification(boolean on) {
        return new Project(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit,
                rateWindowSeconds, selfSignup, on, previousKey, monthlyFiles, eventsWebhook);
    }

    /** This project with its events posted to {@code url}; null or blank: to nowhere. */
    public Project withEventsWebhook(String url) {
        return new Project(projectId, publicKey, secretKey, name, allowedOrigins, allowedIpRanges, rateLimit,
                rateWindowSeconds, selfSignup, requireVerifiedEmail, previousKey, monthlyFiles, url);
    }

    /** This project with a new name. */
    public Project withName(String newName) {
        return new Project(projectId, publicKey, secretKey, newName, allowedOrigins, allowedIpRanges, rateLimit,
                rateWindowSeconds, selfSignup, requireVerifiedEmail, previousKey, monthlyFiles, eventsWebhook);
    }

    /** This project signing with {@code newSecretKey}; the current key keeps verifying until {@code graceUntil}. */
    public Project rotated(String newSecretKey, Instant graceUntil) {
        return new Project(projectId, publicKey, newSecretKey, name, allowedOrigins, allowedIpRanges, rateLimit,
                rateWindowSeconds, selfSignup, requireVerifiedEmail, new PreviousKey(secretKey, graceUntil),
                monthlyFiles, eventsWebhook);
    }
}
