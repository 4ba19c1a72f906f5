package dev.loupe.local.lambda;

/**
 * Invokes one function of the template with an event as JSON, as the Lambda service does, and returns the function's
 * result as JSON (for an SQS batch: {@code {"batchItemFailures": [...]}}, or {@code null} for a void result).
 */
@FunctionalInterface
public interface Invoker {
    String invoke(String functionId, String eventJson) throws FunctionFailedException;

    /** The function threw, timed out or answered with a payload Lambda would refuse. */
    final class FunctionFailedException extends Exception {
        private final boolean timedOut;

        public FunctionFailedException(String message, Throwable cause) {
            this(message, cause, false);
        }

        public FunctionFailedException(String message, Throwable cause, boolean timedOut) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        /** The function ran past its timeout (API Gateway answers 503 then, not 500). */
        public boolean timedOut() {
            return timedOut;
        }
    }
}
