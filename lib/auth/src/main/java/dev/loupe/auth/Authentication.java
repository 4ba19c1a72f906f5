package dev.loupe.auth;

import java.time.Clock;

import dev.loupe.core.config.Env;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.auth.ProjectStore;

/**
 * Every function verifies its caller here, inside the function: API Gateway's JWT authorizer cannot check
 * per-project HS256 secrets, and a Lambda authorizer would cost a second cold start per request.
 */
public final class Authentication {
    private Authentication() {
    }

    /** The container's verifier, built on first use and kept warm (it caches project secrets briefly). */
    public static TokenVerifier verifier() {
        return Holder.VERIFIER;
    }

    public static ProjectStore projects() {
        return Holder.PROJECTS;
    }

    /** The verified caller of a request; a 401 in the request's family when the token is missing or bad. */
    public static Caller caller(HttpRequest request) {
        return verifier().verify(request.header("authorization").orElse(null));
    }

    private static final class Holder {
        static final ProjectStore PROJECTS =
                new ProjectStore(DynamoDbClients.enhanced(), Env.PROJECTS_TABLE.required());
        static final TokenVerifier VERIFIER = new TokenVerifier(PROJECTS, Clock.systemUTC());
    }
}
