package dev.loupe.gallery;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The galleries table's keys: their design lives here and nowhere else.
 * <ul>
 * <li>{@code pk = P#<project>#G#<name>}, {@code sk = GALLERY}: one item per gallery. The project id in every key is
 * what keeps one project from reading another's galleries; a conditional put on this key is what makes names unique
 * within a project without a read first.</li>
 * <li>{@code sk = VIEWS}: the gallery's view counter, beside it so that one query reads both, and apart from it so
 * that counting a view never collides with an edit's version check.</li>
 * <li>GSI {@code by-owner}: {@code owner_pk = P#<project>#U#<user>}, {@code added_sk = <added ISO>#<name>}: a
 * registered user's galleries, newest first. Sparse: anonymous galleries are not in it.</li>
 * <li>{@code pk = P#<project>#U#<user>}, {@code sk = GALLERY_COUNT}: a registered user's counters, {@code n} (all
 * their galleries) and {@code n_public} (the listed ones), moved in the same transaction as every create, delete
 * and change of listing, so that a list's total is one read.</li>
 * <li>GSI {@code by-owner-public}: {@code owner_public_pk} (the same value), only on public galleries: what others
 * see of a user's galleries.</li>
 * <li>GSI {@code public-newest}: {@code public_pk = P#<project>#PUBLIC}, {@code public_sk = <added ISO>#<name>},
 * only on public galleries: the project's newest galleries.</li>
 * </ul>
 *
 * <p>Ratings (one per user per gallery, 1 to 5 stars; {@link GalleryRatings}):
 * <ul>
 * <li>{@code pk = P#<project>#G#<name>}, {@code sk = RATING}: the gallery's tally, {@code rating_sum} and
 * {@code rating_count}, beside the view counter (the gallery's own query reads it too) and apart from the gallery
 * item, so that a rating never collides with an edit's version check and an edit (a whole-item put) never loses a
 * rating. Deleted with the gallery.</li>
 * <li>GSI {@code top-rated}: {@code top_pk = P#<project>#TOP}, {@code top_score} (a number: the Bayesian average,
 * {@link GalleryRatings#score}), on the tally item only while the gallery is listed (public) and rated: the project's
 * top-rated galleries, best first. The rating transaction sets or removes {@code top_pk} by the gallery's listing,
 * conditional on the gallery's version, and every change of listing moves it in the same transaction as the
 * gallery, so a private or protected gallery is never in it.</li>
 * <li>{@code pk = P#<project>#GR#<name>#<added epoch seconds>}, {@code sk = U#<user>}: one user's rating
 * ({@code stars}, {@code user_id}, {@code rated}). The partition names the gallery's creation too: a deleted
 * gallery's ratings are never read again when a new gallery takes its name. Its own partition, so that the gallery's
 * query never reads its ratings. {@code GR#} never collides with {@code G#} or {@code GW#}.</li>
 * </ul>
 *
 * <p>Search by title has a word index in the same table, kept by {@link GalleryWordIndex}, written only by
 * {@link GallerySearch}'s indexer from the table's stream (never by the API's writes):
 * <ul>
 * <li>{@code pk = P#<project>#GW#<token>}, {@code sk = <added ISO>#<name>}: one entry per token of a listed
 * gallery's title (a token is a 2 to 20 character prefix of a title word, see {@link GallerySearch#tokens}; at most
 * {@link GallerySearch#MAX_TOKENS} per gallery). A query reads one token's partition backwards: newest first, paged
 * by the sort key. {@code GW#} never collides with a gallery's {@code G#<name>}: names never hold '#'.</li>
 * <li>Attributes {@code name}, {@code title}, {@code added} (what a hit shows), {@code words} (the title's
 * normalized words, which the filter of a multi-word query reads) and {@code gallery_version} (the gallery version
 * the entry was written from: writes are conditional on it, so a stale record never overwrites a newer entry).</li>
 * </ul>
 *
 * <p>Comments ({@link CommentStore}) live in the same table. A comment's <em>target</em> is {@code G#<name>#<added
 * epoch seconds>} for a gallery (the added time makes a gallery created again under a deleted one's name a new
 * target, so it never inherits the old comments, reports or blocks) or {@code I#<image id>} for a library image.
 * <ul>
 * <li>{@code pk = P#<project>#C#<comment id>}, {@code sk = COMMENT}: one item per comment, found by its id alone
 * ({@code PATCH|DELETE /v1/comments/{id}}); the project in the key makes another project's id simply missing.</li>
 * <li>GSI {@code comment-threads}: {@code thread_pk = P#<project>#T#<target>}, {@code thread_sk = <created>#<id>}
 * for a comment and {@code <parent's thread_sk>#<created>#<id>} for a reply (times fixed-width ISO, ids fixed
 * length), so one query pages a target's comments with each reply right after its parent, oldest or newest first,
 * never a scan.</li>
 * <li>GSI {@code comments-by-author}: {@code author_pk = P#<project>#A#<user id>}, range {@code thread_sk}: only on
 * registered users' comments, so a user's export and deletion find them by one paged query.</li>
 * <li>{@code pk = P#<project>#G#<name>}, {@code sk = COMMENTS}: the gallery's comment counter ({@code
 * comment_count}, visible comments only) and its comment settings ({@code anonymous_comments}); moved only in the
 * same transaction as a comment's post, delete, hide or show, and read with the gallery by the same query as its
 * view counter. An image's counter is in the images table ({@code LibraryKeys.COMMENT_COUNT_SK}).</li>
 * <li>GSI {@code most-commented}: {@code commented_pk = P#<project>#COMMENTED}, range {@code comment_count}: only
 * on the counter items of galleries that were public at their last comment change, so the project's most-commented
 * public galleries are one query; a gallery closed since is dropped when the page's galleries are read.</li>
 * <li>{@code pk = P#<project>#CR}, {@code sk = <target>#<comment id>}: one report entry per reported comment
 * ({@code reports}, {@code reporters}: each signed-in user once), so a gallery's reports are one
 * {@code begins_with} query on its target and the admins' list the whole partition; deleted with the comment.</li>
 * <li>{@code pk = P#<project>#GB#<name>#<added>}, {@code sk = <user id>}: the gallery owner's per-gallery block
 * list. A user's blocks of other users ({@code PUT /v1/me/blocks/{username}}) are the people module's, in the
 * users table; a post on a registered owner's gallery asks it too ({@link UserBlocks}).</li>
 * </ul>
 *
 * <p>Invitations and contributors ({@link InvitationStore}):
 * <ul>
 * <li>{@code pk = P#<project>#GI#<name>#<added epoch seconds>}: one partition per gallery incarnation (a gallery
 * created again under the name starts with none), holding {@code sk = I#<invitation id>} (an invitation: invitee,
 * role, the SHA-256 of its token's secret, {@code expires}, and once accepted {@code accepted_by}),
 * {@code sk = M#<user id>} (a member: an accepted invitation's user and role; what opens a private gallery, one
 * consistent GetItem) and {@code sk = C#<image id>} (who contributed an image). The owner's list is one
 * {@code begins_with(sk, I#)} query.</li>
 * <li>{@code pk = P#<project>#INV#<invitation id>}, {@code sk = INVITATION}: the id's pointer to its gallery
 * ({@code name}, {@code added}), so that {@code DELETE /v1/invitations/{id}} and an accept find it by the id
 * alone.</li>
 * </ul>
 *
 * <p>Subscriptions and notifications ({@link Notifications}; people part 3), in the same table so that the
 * table's stream, which already carries every gallery change and comment, is the one source of their events:
 * <ul>
 * <li>{@code pk = P#<project>#SUB#<follower id>}, {@code sk = G#<name>#<added epoch s>} or {@code U#<user id>}: what
 * a user follows ({@code GET /v1/me/subscriptions} is one query of the partition).</li>
 * <li>{@code pk = P#<project>#FOL#G#<name>#<added epoch s>} or {@code P#<project>#FOL#U#<user id>},
 * {@code sk = <follower id>}: who follows a gallery (this creation of its name, as comments' targets) or a user;
 * written and deleted in one transaction with the entry above, paged by the fan-out.</li>
 * <li>{@code pk = P#<project>#N#<recipient id>}, {@code sk = N#<notification id>}: one notification; its id is
 * {@code <event ms, 13 digits>-<hash of the event id>}, so a redelivered event (stream record or SQS message) names
 * the same key and its conditional put adds nothing; newest first by the key. Once read it carries
 * {@code expires_at} ({@link Notifications#READ_LIFETIME} on): the table's TTL deletes it.</li>
 * <li>{@code pk = P#<project>#N#<recipient id>}, {@code sk = UNREAD}: the exact unread count, moved only in the
 * same transaction as a notification's put or its first read.</li>
 * <li>{@code pk = P#<project>#N#<recipient id>}, {@code sk = SETTINGS}: the user's digest ({@code digest}: none,
 * daily or weekly), the base URL of its unsubscribe link ({@code link_base}) and the newest notification a digest
 * carried ({@code digest_sent_until}).</li>
 * <li>{@code pk = DIGEST#daily|weekly}, {@code sk = <project>#<user id>}: the users a scheduled run mails, moved in
 * the same transaction as the setting. Outside every project's keys, so the run reads one list across projects;
 * a deleted project's or user's entries are dropped by the run when it finds no user.</li>
 * <li>{@code pk = P#<project>#EWH#<event id>}, {@code sk = WEBHOOK}: the event was queued for the project's events
 * webhook ({@link EventWebhooks}); put conditionally, so a replayed record or redelivered message queues it once.
 * It carries {@code expires_at} (a week) for the table's TTL.</li>
 * </ul>
 */
public final class GalleryKeys {
    public static final String OWNER_INDEX = "by-owner";
    public static final String OWNER_PUBLIC_INDEX = "by-owner-public";
    public static final String PUBLIC_INDEX = "public-newest";
    static final String GALLERY_SK = "GALLERY";
    static final String VIEWS_SK = "VIEWS";
    static final String COUNT_SK = "GALLERY_COUNT";
    static final String COMMENTS_SK = "COMMENTS";
    static final String COMMENT_SK = "COMMENT";
    public static final String THREAD_INDEX = "comment-threads";
    public static final String MOST_COMMENTED_INDEX = "most-commented";
    public static final String TOP_INDEX = "top-rated";
    static final String RATING_SK = "RATING";
    public static final String AUTHOR_INDEX = "comments-by-author";

    private GalleryKeys() {
    }

    static String galleryPk(String projectId, String name) {
        return "P#" + projectId + "#G#" + name;
    }

    static Map<String, AttributeValue> galleryKeyMap(String projectId, String name) {
        return Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)), "sk", AttributeValue.fromS(GALLERY_SK));
    }

    static Map<String, AttributeValue> viewsKeyMap(String projectId, String name) {
        return Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)), "sk", AttributeValue.fromS(VIEWS_SK));
    }

    static Map<String, AttributeValue> tallyKeyMap(String projectId, String name) {
        return Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)), "sk", AttributeValue.fromS(RATING_SK));
    }

    /** One user's rating of one gallery (of this creation of the name: see the class comment). */
    static Map<String, AttributeValue> ratingKeyMap(Gallery g, String userId) {
        return Map.of("pk", AttributeValue.fromS("P#" + g.projectId() + "#GR#" + g.name() + "#"
                + g.added().getEpochSecond()), "sk", AttributeValue.fromS("U#" + userId));
    }

    static String topPk(String projectId) {
        return "P#" + projectId + "#TOP";
    }

    static String ownerPk(String projectId, String userId) {
        return "P#" + projectId + "#U#" + userId;
    }

    static Map<String, AttributeValue> countKeyMap(String projectId, String userId) {
        return Map.of("pk", AttributeValue.fromS(ownerPk(projectId, userId)), "sk", AttributeValue.fromS(COUNT_SK));
    }

    static String publicPk(String projectId) {
        return "P#" + projectId + "#PUBLIC";
    }

    /** The public and owner indexes' sort key: newest first by the added time, the name keeps it unique. */
    static String addedSk(Gallery g) {
        return g.added() + "#" + g.name();
    }

    static Map<String, AttributeValue> commentsCounterKeyMap(String projectId, String name) {
        return Map.of("pk", AttributeValue.fromS(galleryPk(projectId, name)), "sk", AttributeValue.fromS(COMMENTS_SK));
    }

    static String galleryTarget(Gallery g) {
        return "G#" + g.name() + "#" + g.added().getEpochSecond();
    }

    static String imageTarget(String imageId) {
        return "I#" + imageId;
    }

    static Map<String, AttributeValue> commentKeyMap(String projectId, String commentId) {
        return Map.of("pk", AttributeValue.fromS("P#" + projectId + "#C#" + commentId),
                "sk", AttributeValue.fromS(COMMENT_SK));
    }

    static String threadPk(String projectId, String target) {
        return "P#" + projectId + "#T#" + target;
    }

    /** The comments-by-author index's hash key: set on the comments of registered users only. */
    static String authorPk(String projectId, String userId) {
        return "P#" + projectId + "#A#" + userId;
    }

    static String commentedPk(String projectId) {
        return "P#" + projectId + "#COMMENTED";
    }

    static Map<String, AttributeValue> reportKeyMap(String projectId, String target, String commentId) {
        return Map.of("pk", AttributeValue.fromS(reportsPk(projectId)),
                "sk", AttributeValue.fromS(target + "#" + commentId));
    }

    static String reportsPk(String projectId) {
        return "P#" + projectId + "#CR";
    }

    static Map<String, AttributeValue> galleryBlockKeyMap(String projectId, Gallery g, String userId) {
        return Map.of("pk", AttributeValue.fromS(galleryBlocksPk(projectId, g)), "sk", AttributeValue.fromS(userId));
    }

    static String galleryBlocksPk(String projectId, Gallery g) {
        return "P#" + projectId + "#GB#" + g.name() + "#" + g.added().getEpochSecond();
    }

    static String invitationsPk(String projectId, String name, long addedEpochSecond) {
        return "P#" + projectId + "#GI#" + name + "#" + addedEpochSecond;
    }

    static String invitationsPk(Gallery g) {
        return invitationsPk(g.projectId(), g.name(), g.added().getEpochSecond());
    }

    static Map<String, AttributeValue> memberKeyMap(Gallery g, String userId) {
        return Map.of("pk", AttributeValue.fromS(invitationsPk(g)), "sk", AttributeValue.fromS("M#" + userId));
    }

    static Map<String, AttributeValue> contributionKeyMap(Gallery g, String imageId) {
        return Map.of("pk", AttributeValue.fromS(invitationsPk(g)), "sk", AttributeValue.fromS("C#" + imageId));
    }

    static Map<String, AttributeValue> invitationPointerKeyMap(String projectId, String invitationId) {
        return Map.of("pk", AttributeValue.fromS("P#" + projectId + "#INV#" + invitationId),
                "sk", AttributeValue.fromS("INVITATION"));
    }

    public static String wordPk(String projectId, String token) {
        return "P#" + projectId + "#GW#" + token;
    }

    /** The same order as the public index: newest first by the added time, the name keeps it unique. */
    static String wordSk(Gallery g) {
        return addedSk(g);
    }

    // ------------------------------------------------------------------ subscriptions and notifications

    static final String UNREAD_SK = "UNREAD";
    static final String NOTIFICATION_PREFIX = "N#";
    static final String SETTINGS_SK = "SETTINGS";

    /** A digest list ({@code daily}, {@code weekly}): {@code sk = <project>#<user id>}; across projects on purpose. */
    static String digestListPk(String frequency) {
        return "DIGEST#" + frequency;
    }

    static String subscriptionsPk(String projectId, String followerId) {
        return "P#" + projectId + "#SUB#" + followerId;
    }

    /** A followed gallery (this creation of its name) or user, as the follower's entry and the followers' list name it. */
    static String galleryFollowTarget(String name, long addedEpochSecond) {
        return "G#" + name + "#" + addedEpochSecond;
    }

    static String userFollowTarget(String userId) {
        return "U#" + userId;
    }

    static String followersPk(String projectId, String target) {
        return "P#" + projectId + "#FOL#" + target;
    }

    static String notificationsPk(String projectId, String recipientId) {
        return "P#" + projectId + "#N#" + recipientId;
    }

    static final String WEBHOOK_SK = "WEBHOOK";

    /** The claim that an event went to its project's events webhook (one per event, whatever redelivers it). */
    static String eventWebhookPk(String projectId, String eventId) {
        return "P#" + projectId + "#EWH#" + eventId;
    }
}
