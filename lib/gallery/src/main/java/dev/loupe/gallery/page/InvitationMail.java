package dev.loupe.gallery.page;

import dev.loupe.gallery.Gallery;
import dev.loupe.gallery.Invitations;

/**
 * The invitation mail: plain text and the same message as simple HTML, every value from users (the gallery's title,
 * the inviter's name) escaped in the HTML and stripped of control characters in both. The token appears only here:
 * the accept address and the token itself, for the invitee's app to post.
 */
public final class InvitationMail implements Invitations.Mail {
    /** Sends one mail with text and HTML bodies (the people module's mailer). */
    @FunctionalInterface
    public interface Sender {
        void send(String to, String subject, String text, String html);
    }

    private final Sender sender;

    public InvitationMail(Sender sender) {
        this.sender = sender;
    }

    @Override
    public void send(Invitations.Invitation invitation, String token, Gallery gallery, String inviter, String to,
                     String baseUrl) {
        String title = plain(gallery.title().isBlank() ? gallery.name() : gallery.title());
        String who = plain(inviter);
        String page = GalleryView.pageUrl(baseUrl, gallery.projectId(), gallery.name());
        String accept = baseUrl + "/v1/invitations/" + token + "/accept";
        String as = invitation.role().equals("contributor") ? "a contributor (you can add your own images)"
                : "a viewer";
        String subject = who + " invited you to the gallery \"" + title + "\"";
        String text = """
                Hello,

                %s invited you to the gallery "%s" as %s.

                Sign in, then accept the invitation: your app does that for you with this token, or post it with your
                session to

                %s

                Invitation token: %s

                The gallery is then open to you at %s

                The invitation expires on %s. If you don't know %s, ignore this mail.
                """.formatted(who, title, as, accept, token, page, invitation.expires(), who);
        String html = """
                <!doctype html>
                <html><body>
                <p>Hello,</p>
                <p>%s invited you to the gallery &ldquo;%s&rdquo; as %s.</p>
                <p>Sign in, then accept the invitation: your app does that for you with this token, or post it with
                your session to <code>%s</code>.</p>
                <p>Invitation token: <code>%s</code></p>
                <p>The gallery is then open to you at <a href="%s">%s</a>.</p>
                <p>The invitation expires on %s. If you don't know %s, ignore this mail.</p>
                </body></html>
                """.formatted(Html.text(who), Html.text(title), Html.text(as), Html.text(accept), Html.text(token),
                Html.url(page), Html.text(page), Html.text(invitation.expires().toString()), Html.text(who));
        sender.send(to, subject, text, html);
    }

    /** No control characters (a line break in a subject or a line of text), as user values may hold none anyway. */
    private static String plain(String s) {
        return s.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
