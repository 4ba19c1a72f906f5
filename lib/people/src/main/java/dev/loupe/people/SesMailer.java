package dev.loupe.people;

import dev.loupe.core.config.AwsClientSettings;
import dev.loupe.core.config.Env;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Mail through SES v2's SendEmail, from {@code MAIL_FROM} (an identity verified in SES). The client follows the one
 * client pattern ({@link AwsClientSettings}: URL-connection HTTP client, explicit region and credentials); the local
 * cloud points {@code AWS_ENDPOINT_URL_SESV2} at its mailbox, which speaks the same call.
 */
public final class SesMailer implements Mailer {
    private final SesV2Client ses;
    private final String from;

    public SesMailer(SesV2Client ses, String from) {
        this.ses = ses;
        this.from = from;
    }

    /** The container's mailer, from its environment. */
    public static SesMailer fromEnv() {
        return new SesMailer(AwsClientSettings.configure(SesV2Client.builder(), Env.AWS_ENDPOINT_URL_SESV2).build(),
                Env.MAIL_FROM.required());
    }

    @Override
    public void send(String to, String subject, String text) {
        ses.sendEmail(r -> r.fromEmailAddress(from)
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(s -> s.data(subject).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(text).charset("UTF-8"))))));
    }

    @Override
    public void send(String to, String subject, String text, String html) {
        ses.sendEmail(r -> r.fromEmailAddress(from)
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(s -> s.data(subject).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(text).charset("UTF-8"))
                                .html(h -> h.data(html).charset("UTF-8"))))));
    }
}
