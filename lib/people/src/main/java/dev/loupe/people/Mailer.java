package dev.loupe.people;

/** Sends one plain-text mail: {@link SesMailer} on AWS (and on the local cloud's mailbox); tests record them. */
@FunctionalInterface
public interface Mailer {
    void send(String to, String subject, String text);
}
