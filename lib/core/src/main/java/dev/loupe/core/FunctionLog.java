package dev.loupe.core;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The one way a function writes a line to its log: Lambda's logger (which Lambda turns into JSON, see the template's
 * LoggingConfig), or standard output when a test calls a handler without a context.
 */
public final class FunctionLog {
    private FunctionLog() {
    }

    /** Writes {@code line} to the function's log. */
    public static void line(Context context, String line) {
        if (context != null) {
            context.getLogger().log(line);
        } else {
            System.out.println(line);
        }
    }

    /** A failure's stack trace as one log entry (a multi-line entry stays one record in Lambda's JSON logs). */
    public static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
