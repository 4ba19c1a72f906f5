package dev.loupe.functions.people;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.loupe.core.FunctionLog;
import dev.loupe.people.NotificationDigests;

/**
 * The scheduled digest run (template.yaml: a {@code Schedule} event a day with {@code Input {"frequency": "daily"}},
 * one a week with {@code "weekly"}): mails each user on that list the notifications that arrived since their last
 * digest ({@link NotificationDigests#run}). Answers what it did.
 */
public final class SendDigests implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final NotificationDigests digests;

    public SendDigests() {
        this(PeopleWiring.digests());
    }

    SendDigests(NotificationDigests digests) {
        this.digests = digests;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Object frequency = input == null ? null : input.get("frequency");
        if (!"daily".equals(frequency) && !"weekly".equals(frequency)) {
            FunctionLog.line(context, "ERROR a digest run needs {\"frequency\": \"daily\"|\"weekly\"}, got " + input);
            return Map.of("error", "frequency is daily or weekly");
        }
        NotificationDigests.Run run = digests.run((String) frequency);
        FunctionLog.line(context, frequency + " digests: " + run.mailed() + " mailed, " + run.nothingNew()
                + " with nothing new, " + run.dropped() + " dropped (user gone)");
        return Map.of("frequency", frequency, "mailed", run.mailed(), "nothing_new", run.nothingNew(),
                "dropped", run.dropped());
    }
}
