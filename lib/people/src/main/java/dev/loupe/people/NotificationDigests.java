package dev.loupe.people;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HtmlText;

/**
 * Email digests of a user's unread notifications (people part 3): a scheduled run mails each user on a digest list
 * the unread notifications that arrived since their last digest, as plain text and simple escaped HTML, with a
 * one-time unsubscribe link ({@link EmailTokens}, purpose {@code UNSUBSCRIBE}, {@link #UNSUBSCRIBE_LIFETIME}) that
 * sets their digest to none. The notifications and the lists live in the gallery module (the people function wires
 * them in as an {@link Inbox}), so this module stays free of it.
 */
public final class NotificationDigests {
    /** How long a digest's unsubscribe link works: until well after the next weekly digest. */
    public static final Duration UNSUBSCRIBE_LIFETIME = Duration.ofDays(30);
    /** Notifications a digest lists at most; it says how many more are unread. */
    public static final int MAX_ITEMS = 50;
    private static final int LIST_PAGE = 100;

    /** The notifications' side: the digest lists, a user's unread notifications, and the setting. */
    public interface Inbox {
        /** A user on a list: project, user, the base URL of their links. */
        record Subscriber(String projectId, String userId, String linkBase) {
        }

        /** A notification as a digest shows it: its id (ordered by time) and one line saying what happened. */
        record Item(String id, String line) {
        }

        record Page(List<Subscriber> subscribers, Optional<String> next) {
        }

        Page subscribers(String frequency, Optional<String> after, int limit);

        /** Unread notifications newer than the last digest's, newest first. */
        List<Item> unsent(String projectId, String userId, int limit);

        long unreadCount(String projectId, String userId);

        void sent(String projectId, String userId, String newestId);

        /** Sets the user's digest ({@code none}, {@code daily}, {@code weekly}), moving them between the lists. */
        void setDigest(String projectId, String userId, String frequency, String linkBase);
    }

    /** What one run did: digests mailed, users with nothing new, list entries whose user is gone (dropped). */
    public record Run(int mailed, int nothingNew, int dropped) {
    }

    private final Inbox inbox;
    private final UserStore users;
    private final EmailTokens tokens;
    private final Mailer mailer;

    public NotificationDigests(Inbox inbox, UserStore users, EmailTokens tokens, Mailer mailer) {
        this.inbox = inbox;
        this.users = users;
        this.tokens = tokens;
        this.mailer = mailer;
    }

    /**
     * Mails every user on the {@code frequency} list their digest. A mail sent whose "sent" mark was then lost is sent
     * again by a retried run (at least once, as SES itself).
     */
    public Run run(String frequency) {
        if (!frequency.equals("daily") && !frequency.equals("weekly")) {
            throw new IllegalArgumentException("a digest run is daily or weekly, not " + frequency);
        }
        int mailed = 0;
        int nothing = 0;
        int dropped = 0;
        Optional<String> after = Optional.empty();
        do {
            Inbox.Page page = inbox.subscribers(frequency, after, LIST_PAGE);
            for (Inbox.Subscriber s : page.subscribers()) {
                Optional<User> user = users.findById(s.projectId(), s.userId());
                if (user.isEmpty() || user.get().email() == null || user.get().email().isBlank()) {
                    inbox.setDigest(s.projectId(), s.userId(), "none", s.linkBase());
                    dropped++;
                    continue;
                }
                List<Inbox.Item> items = inbox.unsent(s.projectId(), s.userId(), MAX_ITEMS);
                if (items.isEmpty()) {
                    nothing++;
                    continue;
                }
                mail(s, user.get(), frequency, items, inbox.unreadCount(s.projectId(), s.userId()));
                inbox.sent(s.projectId(), s.userId(), items.getFirst().id());
                mailed++;
            }
            after = page.next();
        } while (after.isPresent());
        return new Run(mailed, nothing, dropped);
    }

    private void mail(Inbox.Subscriber s, User user, String frequency, List<Inbox.Item> items, long unread) {
        String token = tokens.issue(s.projectId(), EmailTokens.Purpose.UNSUBSCRIBE, user.userId(), user.email(),
                UNSUBSCRIBE_LIFETIME);
        String link = s.linkBase() + "/v1/digest-unsubscribe/" + token + "?project=" + s.projectId();
        String name = user.displayName() == null || user.displayName().isBlank() ? user.username()
                : user.displayName();
        String subject = "Your " + frequency + " digest: " + items.size() + " new notification"
                + (items.size() == 1 ? "" : "s");
        StringBuilder text = new StringBuilder("Hello " + name + ",\n\nSince your last digest:\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><p>Hello " + HtmlText.escape(name)
                + ",</p><p>Since your last digest:</p><ul>");
        for (Inbox.Item item : items) {
            text.append("- ").append(item.line()).append('\n');
            html.append("<li>").append(HtmlText.escape(item.line())).append("</li>");
        }
        text.append("\nUnread in all: ").append(unread).append(".\n\nNo more digests: ").append(link).append('\n');
        html.append("</ul><p>Unread in all: ").append(unread).append(".</p><p><a href=\"").append(HtmlText.escape(link))
                .append("\">No more digests</a></p></body></html>");
        mailer.send(user.email(), subject, text.toString(), html.toString());
    }

    /** Uses an unsubscribe link: the user's digest is none from now on. */
    public void unsubscribe(String projectId, String token) {
        EmailTokens.Used used = tokens.use(projectId, EmailTokens.Purpose.UNSUBSCRIBE, token)
                .orElseThrow(() -> new ApiError(400, "invalid_token", "This link is unknown, expired or used already",
                        "token"));
        inbox.setDigest(projectId, used.userId(), "none", "");
    }
}
