package dev.loupe.functions.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.loupe.auth.IpRange;
import dev.loupe.auth.Origins;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.ProjectStore;
import dev.loupe.core.http.ApiError;

/**
 * The operators' view of projects: create one (new id and keys), list, view, change its settings, rotate its secret
 * key with a grace period, delete it and queue the purge of its data ({@link ProjectPurge}). Free of Lambda types:
 * the handlers parse and render around it.
 */
final class ProjectAdministration {
    /** The grace period a rotation gives the old key unless the operator says otherwise. */
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    /** A week at most: a leaked key must not stay valid for long after it was rotated out. */
    static final Duration MAX_GRACE = Duration.ofDays(7);

    /** The settings an operator sets; an empty field leaves the project's value as it is. */
    record Settings(Optional<String> name, Optional<List<String>> allowedOrigins,
                    Optional<List<String>> allowedIpRanges, Optional<Integer> rateLimit,
                    Optional<Integer> rateWindowSeconds, Optional<Boolean> selfSignup,
                    Optional<Boolean> requireVerifiedEmail, Optional<Integer> monthlyFiles,
                    Optional<String> eventsWebhook) {
        /** Settings that leave the events webhook as it is. */
        Settings(Optional<String> name, Optional<List<String>> allowedOrigins,
                 Optional<List<String>> allowedIpRanges, Optional<Integer> rateLimit,
                 Optional<Integer> rateWindowSeconds, Optional<Boolean> selfSignup,
                 Optional<Boolean> requireVerifiedEmail, Optional<Integer> monthlyFiles) {
            this(name, allowedOrigins, allowedIpRanges, rateLimit, rateWindowSeconds, selfSignup, requireVerifiedEmail,
                    monthlyFiles, Optional.empty());
        }

        Project applyTo(Project project) {
            Project changed = project.withName(name.orElse(project.name()))
                    .withFilters(allowedOrigins.orElse(project.allowedOrigins()),
                            allowedIpRanges.orElse(project.allowedIpRanges()))
                    .withRateLimit(rateLimit.orElse(project.rateLimit()),
                            rateWindowSeconds.orElse(project.rateWindowSeconds()))
                    .withSelfSignup(selfSignup.orElse(project.selfSignup()))
                    .withRequiredEmailVerification(requireVerifiedEmail.orElse(project.requireVerifiedEmail()))
                    .withMonthlyFiles(monthlyFiles.orElse(project.monthlyFiles()));
            changed.allowedOrigins().forEach(origin -> check("allowed_origins", () -> Origins.parse(origin)));
            changed.allowedIpRanges().forEach(range -> check("allowed_ip_ranges", () -> IpRange.parse(range)));
            return changed;
        }

        private static void check(String param, Runnable parse) {
            try {
                parse.run();
            } catch (IllegalArgumentException e) {
                throw ApiError.badParameter(param, e.getMessage());
            }
        }
    }

    private static final Pattern CURSOR = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private final AdminProjects projects;
    private final Consumer<ProjectPurge.Message> purges;
    private final Clock clock;
    private final UnaryOperator<String> eventsWebhookCheck;

    /**
     * @param eventsWebhookCheck the URL to store for a given {@code events_webhook}, or a 400 saying why it is refused
     *                           (EventsWebhookUrl: resolved, never inside the network, https)
     */
    ProjectAdministration(AdminProjects projects, Consumer<ProjectPurge.Message> purges, Clock clock,
                          UnaryOperator<String> eventsWebhookCheck) {
        this.projects = projects;
        this.purges = purges;
        this.clock = clock;
        this.eventsWebhookCheck = eventsWebhookCheck;
    }

    /** An administration that sets no events webhook (it refuses one). */
    ProjectAdministration(AdminProjects projects, Consumer<ProjectPurge.Message> purges, Clock clock) {
        this(projects, purges, clock, url -> {
            throw new ApiError(400, "bad_events_webhook", "This administration sets no events webhook",
                    "events_webhook");
        });
    }

    /** The project with the settings' events webhook, checked; "" removes it. */
    private Project withEventsWebhook(Project project, Settings settings) {
        return settings.eventsWebhook().map(url -> project.withEventsWebhook(url.isBlank() ? null
                : eventsWebhookCheck.apply(url))).orElse(project);
    }

    ProjectStore.Stored create(Settings settings) {
        Instant now = clock.instant();
        Project blank = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "", List.of());
        Project project = withEventsWebhook(settings.applyTo(blank), settings);
        projects.create(project, now);
        return new ProjectStore.Stored(project, now);
    }

    /**
     * A page of projects. The cursor is a page's {@code next_cursor} (a public key); one that can't be one (blank,
     * spaces or control characters, longer than a key of the index may be) is refused before DynamoDB sees it.
     */
    ProjectStore.Page list(int limit, Optional<String> cursor) {
        if (cursor.isPresent() && !CURSOR.matcher(cursor.get()).matches()) {
            throw ApiError.badParameter("cursor", "cursor is not a next_cursor this API returned");
        }
        return projects.list(limit, cursor);
    }

    ProjectStore.Stored get(String publicKey) {
        return projects.findLatest(publicKey).orElseThrow(() -> notFound(publicKey));
    }

    ProjectStore.Stored update(String publicKey, Settings settings) {
        ProjectStore.Stored stored = get(publicKey);
        Project changed = withEventsWebhook(settings.applyTo(stored.project()), settings);
        if (!projects.replace(stored.project(), changed, stored.createdAt())) {
            throw changedMeanwhile();
        }
        return new ProjectStore.Stored(changed, stored.createdAt());
    }

    /** A new secret key; the current one keeps verifying for {@code grace} (a key rotated out earlier stops now). */
    ProjectStore.Stored rotate(String publicKey, Duration grace) {
        ProjectStore.Stored stored = get(publicKey);
        Project rotated = stored.project().rotated(ProjectKeys.newSecretKey(), clock.instant().plus(grace));
        if (!projects.replace(stored.project(), rotated, stored.createdAt())) {
            throw changedMeanwhile();
        }
        return new ProjectStore.Stored(rotated, stored.createdAt());
    }

    /**
     * Deletes the project (its tokens are refused from now on, within the functions' 60 s project cache) and queues
     * the purge of everything it stored.
     */
    Project delete(String publicKey) {
        Project project = get(publicKey).project();
        if (!projects.delete(project)) {
            get(publicKey); // 404 when it is gone meanwhile
            throw changedMeanwhile();
        }
        purges.accept(ProjectPurge.Message.start(project.projectId()));
        return project;
    }

    private static ApiError notFound(String publicKey) {
        return new ApiError(404, "project_not_found", "No project has the public key " + publicKey);
    }

    private static ApiError changedMeanwhile() {
        return new ApiError(409, "project_changed", "The project was changed or deleted meanwhile; read it and try again");
    }
}
