package dev.loupe.local.events;

/**
 * A loop that polls one event source mapping until stopped: what the SQS and stream pollers share. An error in a
 * round is logged and retried after a pause, as Lambda's pollers keep going.
 */
abstract class Poller implements Runnable {
    private static final long ERROR_BACKOFF_MS = 1_000;

    private volatile boolean running = true;

    /** One round of polling; true when it found work, so the next round follows without a pause. */
    protected abstract boolean pollOnce();

    /** How long to wait after a round that found nothing. */
    protected abstract long idlePauseMillis();

    /** Names the mapping in log lines, such as {@code [sqs] Queue -> Function}. */
    protected abstract String describe();

    final void stop() {
        running = false;
    }

    final boolean running() {
        return running;
    }

    @Override
    public final void run() {
        while (running) {
            try {
                if (!pollOnce() && running) {
                    sleep(idlePauseMillis());
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                System.err.println(describe() + ": " + e);
                sleep(ERROR_BACKOFF_MS);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
