package dev.loupe.people;

/** Sends one mail: {@link SesMailer} on AWS (and on the local cloud's mailbox); tests record them. */
@FunctionalInterface
public interface Mailer {
    /** A plain-text mail. */
    void send(String to, String subject, String text);

    /**
     * A mail with a plain-text and an HTML body (the HTML already escaped by its writer); a mailer that can't send
     * HTML sends the text alone.
     */
    default void send(String to, String subject, String text, String html) {
        send(to, subject, text);
    }
}
