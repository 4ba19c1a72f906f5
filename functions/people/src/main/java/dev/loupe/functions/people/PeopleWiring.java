package dev.loupe.functions.people;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Authentication;
import dev.loupe.auth.Authenticator;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.auth.SessionStore;
import dev.loupe.core.Lazy;
import dev.loupe.auth.limits.FailureCounts;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.PasswordThrottle;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.NotificationFanOut;
import dev.loupe.gallery.Notifications;
import dev.loupe.gallery.SubscriptionService;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.s3.S3Clients;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.people.EmailLinks;
import dev.loupe.people.EmailTokens;
import dev.loupe.people.NotificationDigests;
import dev.loupe.people.Logins;
import dev.loupe.people.SesMailer;
import dev.loupe.people.PeopleService;
import dev.loupe.people.UserStore;

/**
 * How the people area's handlers get their services: each built on first use, once per container, from the
 * function's environment. Tests build the handlers with their package-private constructors instead.
 */
final class PeopleWiring {
    private static final Lazy<UserStore> USERS = new Lazy<>();
    private static final Lazy<PeopleService> PEOPLE = new Lazy<>();
    private static final Lazy<Logins> LOGINS = new Lazy<>();
    private static final Lazy<EmailLinks> LINKS = new Lazy<>();
    private static final Lazy<GalleryStore> GALLERIES = new Lazy<>();
    private static final Lazy<GalleryService> GALLERY_SERVICE = new Lazy<>();
    private static final Lazy<CommentService> COMMENTS = new Lazy<>();
    private static final Lazy<PageSessions> PAGE_SESSIONS = new Lazy<>();
    private static final Lazy<Notifications> NOTIFICATIONS = new Lazy<>();
    private static final Lazy<SubscriptionService> SUBSCRIPTIONS = new Lazy<>();
    private static final Lazy<NotificationFanOut> FAN_OUT = new Lazy<>();
    private static final Lazy<JobQueue> NOTIFICATION_QUEUE = new Lazy<>();
    private static final Lazy<NotificationDigests> DIGESTS = new Lazy<>();

    private PeopleWiring() {
    }

    static Authenticator authenticator() {
        return Authentication.authenticator();
    }

    static PeopleService people() {
        return PEOPLE.get(() -> new PeopleService(users(), sessions(), Clock.systemUTC()));
    }

    static Logins logins() {
        return LOGINS.get(() -> new Logins(users(), sessions(), new RateLimiter(DynamoDbClients.client(),
                Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC()), Clock.systemUTC()));
    }

    /** The gallery page's sign-in and sign-out forms: the cookie's session, or the project by the page's id. */
    static PageSessions pageSessions() {
        return PAGE_SESSIONS.get(() -> new PageSessions(authenticator(), Authentication.projects()::findByProjectId,
                logins(), Clock.systemUTC()));
    }

    /** Verification and reset links; the mailer (SES) is built with them. */
    static EmailLinks emailLinks() {
        return LINKS.get(() -> new EmailLinks(users(), sessions(), new EmailTokens(DynamoDbClients.client(),
                Env.USERS_TABLE.required(), Clock.systemUTC()), SesMailer.fromEnv(), Clock.systemUTC()));
    }

    /** The galleries table, for a profile's public galleries count (the gallery module's owner index). */
    static GalleryStore galleries() {
        return GALLERIES.get(() -> new GalleryStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()));
    }

    /** The gallery module's service, for a user's deletion with {@code galleries=delete} (usages removed). */
    static GalleryService galleryService() {
        // As the galleries' own wiring: its ImageObjects is never asked to delete from here.
        return GALLERY_SERVICE.get(() -> {
            ImageStore images = new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required());
            return new GalleryService(galleries(), images, new ImageService(images,
                    new ImageObjects(S3Clients.client(), Env.IMAGE_BUCKET.required()), Clock.systemUTC()),
                    Clock.systemUTC());
        });
    }

    /**
     * Comments on galleries and images (the galleries table; an image's counter in the images table); the rate
     * limiter and the password throttle in the rate-limits table.
     */
    static CommentService comments() {
        return COMMENTS.get(() -> new CommentService(
                new CommentStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()), galleries(),
                new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()),
                new PasswordThrottle(new FailureCounts(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(),
                        Clock.systemUTC()), Clock.systemUTC()),
                new RateLimiter(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC()),
                Clock.systemUTC()));
    }

    // ------------------------------------------------------------------ subscriptions and notifications

    /** Following and notifications (the galleries table); the password throttle for a password gallery's follow. */
    static SubscriptionService subscriptions() {
        return SUBSCRIPTIONS.get(() -> new SubscriptionService(notifications(), galleries(),
                new PasswordThrottle(new FailureCounts(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(),
                        Clock.systemUTC()), Clock.systemUTC()), Clock.systemUTC()));
    }

    /** The fan-out worker: followers, galleries and comments read, notifications written (the galleries table). */
    static NotificationFanOut fanOut() {
        return FAN_OUT.get(() -> new NotificationFanOut(notifications(), galleries(),
                new CommentStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()),
                Notifications.FOLLOWERS_PAGE));
    }

    static JobQueue notificationQueue() {
        return NOTIFICATION_QUEUE.get(() -> new JobQueue(SqsClients.client(), Env.NOTIFICATION_QUEUE_URL.required()));
    }

    /**
     * Email digests: the notifications and the digest lists (the galleries table) as the people module's inbox, the
     * users (their email), the unsubscribe links' tokens (the users table) and SES.
     */
    static NotificationDigests digests() {
        return DIGESTS.get(() -> new NotificationDigests(inbox(notifications()), users(),
                new EmailTokens(DynamoDbClients.client(), Env.USERS_TABLE.required(), Clock.systemUTC()),
                SesMailer.fromEnv()));
    }

    static NotificationDigests.Inbox inbox(Notifications store) {
        return new NotificationDigests.Inbox() {
            @Override
            public Page subscribers(String frequency, Optional<String> after, int limit) {
                var page = store.digestList(Notifications.Digest.of(frequency).orElseThrow(), after, limit);
                return new Page(page.entries().stream().map(e -> new Subscriber(e.projectId(), e.userId(),
                        e.linkBase())).toList(), page.next());
            }

            @Override
            public List<Item> unsent(String projectId, String userId, int limit) {
                return store.forDigest(projectId, userId, limit).stream().map(n -> new Item(n.id(), n.summary()))
                        .toList();
            }

            @Override
            public long unreadCount(String projectId, String userId) {
                return store.unread(projectId, userId);
            }

            @Override
            public void sent(String projectId, String userId, String newestId) {
                store.digestSent(projectId, userId, newestId);
            }

            @Override
            public void setDigest(String projectId, String userId, String frequency, String linkBase) {
                store.setDigest(projectId, userId, Notifications.Digest.of(frequency).orElseThrow(), linkBase);
            }
        };
    }

    private static Notifications notifications() {
        return NOTIFICATIONS.get(() -> new Notifications(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()));
    }

    private static SessionStore sessions() {
        return Authentication.sessions();
    }

    private static UserStore users() {
        return USERS.get(() -> new UserStore(DynamoDbClients.client(), DynamoDbClients.enhanced(),
                Env.USERS_TABLE.required()));
    }
}
