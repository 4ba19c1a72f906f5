package dev.loupe.auth.testing;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectDirectory;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.auth.TokenVerifier;

/**
 * One project for handler tests, without a table: the directory that knows it, the real verifier over that
 * directory, and the sample events' placeholders ({@code ${LOUPE_TOKEN}} and the others) filled in with its keys and
 * tokens, as local/it's SampleEventsTest fills them in for the local cloud's project.
 */
public final class TestProject {
    public static final Project PROJECT = new Project("01JTESTPROJECT000000000000",
            "project_public_test0123456789abcdef0123456789abcdef",
            "secret_key_test0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab", "handler tests",
            List.of());

    private TestProject() {
    }

    /** Finds {@link #PROJECT} by its public key, and nothing else. */
    public static ProjectDirectory directory() {
        return publicKey -> PROJECT.publicKey().equals(publicKey) ? Optional.of(PROJECT) : Optional.empty();
    }

    /** The production authenticator, over {@link #directory()}. */
    public static Authenticator authenticator() {
        return new Authenticator(new TokenVerifier(directory(), Clock.systemUTC()));
    }

    /** The sample events' placeholders, for {@code SampleEvent.as}. */
    public static Map<String, String> placeholders() {
        Clock clock = Clock.systemUTC();
        Project forger = new Project(PROJECT.projectId(), PROJECT.publicKey(),
                "secret_key_not_the_projects_own_0123456789abcdef0123456789", PROJECT.name(), List.of());
        return Map.of("LOUPE_PUBLIC_KEY", PROJECT.publicKey(),
                "LOUPE_PROJECT_ID", PROJECT.projectId(),
                "LOUPE_SECRET_KEY", PROJECT.secretKey(),
                "LOUPE_TOKEN", TokenIssuer.backendToken(PROJECT, clock, null, null, null),
                "LOUPE_USER_TOKEN", TokenIssuer.backendToken(PROJECT, clock, "user-42", "Ada Lovelace", Role.EDITOR),
                "LOUPE_VIEWER_TOKEN", TokenIssuer.backendToken(PROJECT, clock, "user-43", "Vera Viewer", Role.VIEWER),
                "LOUPE_FORGED_TOKEN", TokenIssuer.backendToken(forger, clock, null, null, null));
    }
}
