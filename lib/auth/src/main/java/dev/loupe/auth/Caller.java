package dev.loupe.auth;

import java.util.Optional;

/**
 * Who is calling, as a verified token says.
 *
 * @param project           the project whose secret signed the token
 * @param browser           true for a token that {@code POST /v1/auth} issued from the public key alone: such callers
 *                          never saw the secret, and later features restrict them (allowed origins, no task list)
 * @param userId            the end user's id in that project ({@code sub}), when the project's backend signed one
 * @param userName          the end user's display name ({@code name})
 * @param role              the end user's role ({@code role})
 * @param fileEncryptionKey the task API's {@code file_encryption_key} claim, when present
 */
public record Caller(Project project, boolean browser, Optional<String> userId, Optional<String> userName,
                     Optional<Role> role, Optional<String> fileEncryptionKey) {

    public String projectId() {
        return project.projectId();
    }

    public boolean isRegisteredUser() {
        return userId.isPresent();
    }
}
