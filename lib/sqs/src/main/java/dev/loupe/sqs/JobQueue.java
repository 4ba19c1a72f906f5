package dev.loupe.sqs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.core.http.Mappers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One SQS queue of background jobs: messages are records written as JSON (snake_case, as everywhere), read back by
 * the queue's worker. Workers treat every message as possibly delivered twice.
 */
public final class JobQueue {
    /** SQS delays a message by at most 15 minutes. */
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** SQS takes at most ten entries in one SendMessageBatch. */
    private static final int BATCH = 10;

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
        String body = body(message);
        int seconds = (int) Math.clamp(delay.toSeconds(), 0, MAX_DELAY.toSeconds());
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).delaySeconds(seconds));
    }

    /**
     * Sends many messages, ten to a SendMessageBatch call (SQS's most): a 100-file task's messages in 10 calls rather
     * than 100. Answers the messages that could not be sent, so that the caller accounts for each of them: an entry
     * SQS refused is sent again on its own and is unsent if that fails too; once a whole call fails (SQS out of
     * reach) that call's messages and every later one are unsent. A message counted unsent may still have reached
     * SQS (a call whose answer was lost): consumers take every message as possibly unexpected anyway.
     */
    public <T> List<T> sendAll(List<T> messages) {
        List<T> unsent = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<T> chunk = messages.subList(from, Math.min(from + BATCH, messages.size()));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i))
                        .messageBody(body(chunk.get(i))).build());
            }
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
            } catch (SdkException unreachable) {
                unsent.addAll(messages.subList(from, messages.size()));
                return unsent;
            }
            for (var failed : response.failed()) {
                T message = chunk.get(Integer.parseInt(failed.id()));
                try {
                    send(message);
                } catch (SdkException again) {
                    unsent.add(message);
                }
            }
        }
        return unsent;
    }

    private static String body(Object message) {
        try {
            return Mappers.JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + message.getClass().getSimpleName(), e);
        }
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
