package dev.loupe.local.fuzz;

import dev.loupe.core.http.ApiError;

/**
 * What a parser may do with any input in Loupe's fuzz targets: return, or refuse with an {@link ApiError} below 500
 * (bad input is the client's fault, answered in the API's own format). Anything else (a 500, a
 * NullPointerException, an InvalidPathException from a library underneath) is a finding: Jazzer reports it with the
 * input, which then becomes a seed in the target's corpus and a regression test.
 */
final class FuzzRules {
    private FuzzRules() {
    }

    static void parse(Runnable parser) {
        try {
            parser.run();
        } catch (ApiError refused) {
            if (refused.status() >= 500) {
                throw new AssertionError("bad input answered " + refused.status() + " " + refused.code() + ": "
                        + refused.getMessage(), refused);
            }
        }
    }
}
