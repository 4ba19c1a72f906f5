package dev.loupe.shared.auth;

import java.util.List;

/**
 * A project: the tenant that owns everything stored in Loupe. Its public key names it in tokens ({@code jti}); its
 * secret key signs them (HS256) and never leaves the project's backend.
 */
public record Project(String projectId, String publicKey, String secretKey, String name, List<String> allowedOrigins) {
    public Project {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
