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
import dev.loupe.core.http.Mappers;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.EventWebhooks;
import dev.loupe.gallery.CommentStore;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.PasswordThrottle;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.NotificationFanOut;
import dev.loupe.gallery.Notifications;
import dev.loupe.gallery.SubscriptionService;
import dev.loupe.gallery.UserBlocks;
import dev.loupe.sqs.JobQueue;
import dev.loupe.sqs.SqsClients;
import dev.loupe.gallery.Invitations;
import dev.loupe.gallery.page.InvitationMail;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.s3.S3Clients;
import dev.loupe.core.config.Env;
import dev.loupe.core.dynamo.DynamoDbClients;
import dev.loupe.people.Blocks;
import dev.loupe.people.Contacts;
import dev.loupe.people.EmailLinks;
import dev.loupe.people.EmailTokens;
import dev.loupe.people.NotificationDigests;
import dev.loupe.people.Logins;
import dev.loupe.people.SesMailer;
import dev.loupe.people.PeopleService;
import dev.loupe.people.UserStore;
import dev.loupe.webhooks.WebhookJob;

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
    private static final Lazy<SubscriptionService> FOLLOWS = new Lazy<>();
    private static final Lazy<NotificationFanOut> FAN_OUT = new Lazy<>();
    private static final Lazy<JobQueue> NOTIFICATION_QUEUE = new Lazy<>();
    private static final Lazy<EventWebhooks> EVENT_WEBHOOKS = new Lazy<>();
    private static final Lazy<NotificationDigests> DIGESTS = new Lazy<>();
    private static final Lazy<Contacts> CONTACTS = new Lazy<>();
    private static final Lazy<Blocks> BLOCKS = new Lazy<>();
    private static final Lazy<Invitations> INVITATIONS = new Lazy<>();
    private static final Lazy<Invitations> ACCEPTS = new Lazy<>();
    private static final Lazy<Invitations> OWNERS_INVITATIONS = new Lazy<>();
    private static final Lazy<CommentService> COMMENT_POSTING = new Lazy<>();
    /** For the functions that send no invitation mail (list, revoke, accept). */
    private static final Invitations.Mail NO_MAIL = (invitation, token, gallery, inviter, to, baseUrl) -> {
        throw new IllegalStateException("this function sends no invitations");
    };

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
                passwordThrottle(),
                new RateLimiter(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC()),
                PeopleWiring::ownerBlocks, Clock.systemUTC()));
    }

    // ------------------------------------------------------------------ subscriptions and notifications

    /**
     * Subscriptions and notifications (the galleries table); the password throttle for a password gallery's follow.
     * Following and unfollowing a gallery ask the owners' blocks too: {@link #follows()}.
     */
    static SubscriptionService subscriptions() {
        return SUBSCRIPTIONS.get(() -> new SubscriptionService(notifications(), galleries(), passwordThrottle(),
                UserBlocks.NONE, Clock.systemUTC()));
    }

    /**
     * The subscription service for following and unfollowing a gallery: as {@link #subscriptions()}, and a registered
     * owner's blocks refuse a blocked follower and close a private gallery to a blocked member (the users table; only
     * these functions read it).
     */
    static SubscriptionService follows() {
        return FOLLOWS.get(() -> new SubscriptionService(notifications(), galleries(), passwordThrottle(),
                PeopleWiring::ownerBlocks, Clock.systemUTC()));
    }

    private static PasswordThrottle passwordThrottle() {
        return new PasswordThrottle(new FailureCounts(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(),
                Clock.systemUTC()), Clock.systemUTC());
    }

    /**
     * The fan-out worker: followers, galleries and comments read, notifications written (the galleries table); the
     * actor's and a replied-to author's blocks read (the users table).
     */
    static NotificationFanOut fanOut() {
        return FAN_OUT.get(() -> new NotificationFanOut(notifications(), galleries(),
                new CommentStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()),
                (projectId, blocker) -> blocks().blockedBy(projectId, blocker), Notifications.FOLLOWERS_PAGE));
    }

    /**
     * The project's events webhook (the fan-out's first page of each event): the project read by its id (the projects
     * table) when it is offered, the claim in the galleries table, the job on WebhookQueue, whose sender
     * (TaskWebhookFunction) signs and retries it as it does a task's.
     */
    static EventWebhooks eventWebhooks() {
        return EVENT_WEBHOOKS.get(() -> {
            JobQueue webhooks = new JobQueue(SqsClients.client(), Env.WEBHOOK_QUEUE_URL.required());
            return new EventWebhooks(notifications(), projectId -> Authentication.projects()
                    .findByProjectId(projectId).map(p -> p.eventsWebhook() != null).orElse(false),
                    (projectId, event) -> webhooks.send(WebhookJob.projectEvent(projectId,
                            Mappers.JSON.valueToTree(event))), Clock.systemUTC());
        });
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

    /**
     * The comment service for posting on a gallery: as {@link #comments()}, and a registered owner's blocks of users
     * refuse a blocked author (the users table; only the posting function reads it).
     */
    static CommentService commentPosting() {
        return COMMENT_POSTING.get(() -> new CommentService(
                new CommentStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()), galleries(),
                new ImageStore(DynamoDbClients.client(), Env.IMAGES_TABLE.required()),
                passwordThrottle(),
                new RateLimiter(DynamoDbClients.client(), Env.RATE_LIMITS_TABLE.required(), Clock.systemUTC()),
                PeopleWiring::ownerBlocks, Clock.systemUTC()));
    }

    /** The signed-in user's contacts (the users table). */
    static Contacts contacts() {
        return CONTACTS.get(() -> new Contacts(DynamoDbClients.client(), Env.USERS_TABLE.required(), users(),
                Clock.systemUTC()));
    }

    /**
     * Whether a gallery's owner blocks a user ({@link Blocks#isBlocked}): what the gallery module's services ask, so
     * that a blocked user can't comment or follow and a blocked member is let into the owner's galleries no more.
     */
    private static boolean ownerBlocks(String projectId, String ownerUserId, String userId) {
        return blocks().isBlocked(projectId, ownerUserId, userId);
    }

    /** Users' blocks of users (the users table); comments and invitations ask {@link Blocks#isBlocked}. */
    static Blocks blocks() {
        return BLOCKS.get(() -> new Blocks(DynamoDbClients.client(), Env.USERS_TABLE.required(), users(),
                Clock.systemUTC()));
    }

    /**
     * Invitations to galleries (the galleries table), with the people module behind {@link Invitations.Directory}:
     * users and their verified emails, the owner's contact groups and blocks; the mail through SES.
     */
    static Invitations invitations() {
        return INVITATIONS.get(() -> new Invitations(galleries(), directory(),
                new InvitationMail(SesMailer.fromEnv()::send), Clock.systemUTC()));
    }

    /** Accepting: the directory (the invitee's verified email, the owner's blocks), no mail. */
    static Invitations invitationAccepts() {
        return ACCEPTS.get(() -> new Invitations(galleries(), directory(), NO_MAIL, Clock.systemUTC()));
    }

    /** The owner's list and revoke: the galleries table only (they name nobody, so no directory and no mail). */
    static Invitations ownersInvitations() {
        return OWNERS_INVITATIONS.get(() -> new Invitations(galleries(), new NoDirectory(), NO_MAIL,
                Clock.systemUTC()));
    }

    /** Listing and revoking name nobody: they look nobody up. */
    private static final class NoDirectory implements Invitations.Directory {
        @Override
        public Optional<Invitations.Person> user(String projectId, String username) {
            throw new IllegalStateException("listing and revoking look nobody up");
        }

        @Override
        public List<Invitations.Contact> group(String projectId, String ownerUserId, String group) {
            throw new IllegalStateException("listing and revoking look nobody up");
        }

        @Override
        public boolean blocks(String projectId, String ownerUserId, String userId) {
            throw new IllegalStateException("listing and revoking look nobody up");
        }

        @Override
        public Optional<String> verifiedEmail(String projectId, String userId) {
            throw new IllegalStateException("listing and revoking look nobody up");
        }
    }

    /** The people module behind invitations (a class of its own: its methods read no environment). */
    private static Invitations.Directory directory() {
        return new PeopleDirectory(users(), contacts(), blocks());
    }

    private static SessionStore sessions() {
        return Authentication.sessions();
    }

    private static UserStore users() {
        return USERS.get(() -> new UserStore(DynamoDbClients.client(), DynamoDbClients.enhanced(),
                Env.USERS_TABLE.required()));
    }
}
