package dev.loupe.shared.jobs;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.shared.http.Mappers;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One SQS queue of background jobs: messages are records written as JSON (snake_case, as everywhere), read back by
 * the queue's worker. Workers treat every message as possibly delivered twice.
 */
public final class JobQueue {
    /** SQS delays a message by at most 15 minutes. */
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final String url;

    public JobQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    public void send(Object message) {
        send(message, Duration.ZERO);
    }

    /** Sends a message that becomes visible after {@code delay}. */
    public void send(Object message, Duration delay) {
        String body;
        try {
            body = Mappers.JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + message.getClass().getSimpleName(), e);
        }
        int seconds = (int) Math.clamp(delay.toSeconds(), 0, MAX_DELAY.toSeconds());
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).delaySeconds(seconds));
    }

    /** A message body as {@code type}; an {@link IllegalArgumentException} when it is not one. */
    public static <T> T read(String body, Class<T> type) {
        try {
            T message = Mappers.JSON.readValue(body, type);
            if (message == null) {
                throw new IllegalArgumentException("the message is empty");
            }
            return message;
        } catch (IOException e) {
            throw new IllegalArgumentException("the message is not a " + type.getSimpleName() + ": "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
