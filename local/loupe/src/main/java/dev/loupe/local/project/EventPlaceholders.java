package dev.loupe.local.project;

import java.time.Clock;
import java.util.List;

import dev.loupe.auth.Project;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;

/**
 * Fills the placeholders of the sample events in {@code events/} for one project: what can't be written down once
 * (fresh tokens, the project's keys and id). {@code ./loupe invoke} and the sample-event tests fill them alike.
 */
public final class EventPlaceholders {
    /** A secret key that is not the project's: the {@code ${LOUPE_FORGED_TOKEN}} is signed with it. */
    private static final String FORGER_SECRET = "secret_key_not_the_projects_own_0123456789abcdef0123456789";

    private EventPlaceholders() {
    }

    /**
     * {@code ${LOUPE_PUBLIC_KEY}}, {@code ${LOUPE_PROJECT_ID}}, {@code ${LOUPE_SECRET_KEY}}, {@code ${LOUPE_TOKEN}}
     * (a backend token), {@code ${LOUPE_USER_TOKEN}} (user-42, editor), {@code ${LOUPE_VIEWER_TOKEN}} (user-43,
     * viewer) and {@code ${LOUPE_FORGED_TOKEN}} (signed with a wrong key).
     */
    public static String fill(String event, Project project, Clock clock) {
        Project forger = new Project(project.projectId(), project.publicKey(), FORGER_SECRET, project.name(),
                List.of());
        return event.replace("${LOUPE_PUBLIC_KEY}", project.publicKey())
                .replace("${LOUPE_PROJECT_ID}", project.projectId())
                .replace("${LOUPE_SECRET_KEY}", project.secretKey())
                .replace("${LOUPE_TOKEN}", TokenIssuer.backendToken(project, clock, null, null, null))
                .replace("${LOUPE_USER_TOKEN}",
                        TokenIssuer.backendToken(project, clock, "user-42", "Ada Lovelace", Role.EDITOR))
                .replace("${LOUPE_VIEWER_TOKEN}",
                        TokenIssuer.backendToken(project, clock, "user-43", "Vera Viewer", Role.VIEWER))
                .replace("${LOUPE_FORGED_TOKEN}", TokenIssuer.backendToken(forger, clock, null, null, null));
    }
}
