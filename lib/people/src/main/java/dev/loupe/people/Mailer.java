package dev.loupe.people;

/** Sends one mail: {@link SesMailer} on AWS (and on the local cloud's mailbox); tests record them. */
@FunctionalInterface
public interface Mailer {
    void send(String to, String subject, String text);

    /**
     * Sends plain text with an HTML alternative (both the same message; the HTML's every value escaped by its
     * writer). A mailer that keeps only text (tests) sends the text.
     */
    default void send(String to, String subject, String text, String html) {
        send(to, subject, text);
    }
}
