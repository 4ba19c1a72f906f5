package dev.loupe.auth;

import dev.loupe.core.http.PrimingStep;

/** Primes the projects store before a SnapStart snapshot: a lookup of a project that does not exist. */
public final class ProjectLookupPriming implements PrimingStep {
    @Override
    public void prime() {
        Authentication.projects().findByPublicKey("priming-no-such-project");
    }
}
