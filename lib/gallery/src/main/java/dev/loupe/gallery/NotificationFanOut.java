package dev.loupe.gallery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The events that notify people, from the galleries table's stream to each recipient's notification, in two steps:
 * {@link #jobs} turns a stream record into fan-out jobs (nothing read: the record says it all), and {@link #run}
 * delivers one job to one page of its recipients, answering the job for the next page when there are more. Each
 * event's id comes from the record's content (gallery, creation, version; comment id), so a replayed record or a
 * redelivered message makes the same notification keys and adds nothing ({@link Notifications#deliver}). The actor
 * is never notified of their own action, nor is anyone the actor blocks (a follower from before the block), nor the
 * author of a comment replied to who blocks the one replying ({@link BlockLists}).
 * <ul>
 * <li>{@code images_added}: a gallery's new version shows images the previous did not; its followers.</li>
 * <li>{@code gallery_published}: a registered user's gallery becomes listed (created public, or made public); the
 * user's followers.</li>
 * <li>{@code comment}: a comment on your gallery; {@code reply}: a reply to your comment (a gallery owner replied to
 * on their own gallery gets the reply, once).</li>
 * </ul>
 */
public final class NotificationFanOut {
    public static final String IMAGES_ADDED = "images_added";
    public static final String GALLERY_PUBLISHED = "gallery_published";
    public static final String COMMENT = "comment";
    public static final String REPLY = "reply";

    private final Notifications store;
    private final GalleryStore galleries;
    private final CommentStore comments;
    private final BlockLists blockLists;
    private final int page;

    public NotificationFanOut(Notifications store, GalleryStore galleries, CommentStore comments,
                              BlockLists blockLists, int page) {
        this.store = store;
        this.galleries = galleries;
        this.comments = comments;
        this.blockLists = blockLists;
        this.page = page;
    }

    /**
     * One event to deliver, as an SQS message carries it ({@code audience}: {@code gallery_followers},
     * {@code user_followers} or {@code comment}); {@code after} is the last follower the previous page reached.
     */
    public record Job(String projectId, String eventId, String kind, String at, String actorId, String actorName,
                      String gallery, Long galleryAdded, String commentId, String replyTo, Integer images,
                      String audience, String after) {
        Job next(String lastFollower) {
            return new Job(projectId, eventId, kind, at, actorId, actorName, gallery, galleryAdded, commentId, replyTo,
                    images, audience, lastFollower);
        }

        Notifications.Event event(String asKind) {
            return new Notifications.Event(projectId, eventId, asKind, Instant.parse(at), Optional.ofNullable(actorId),
                    Optional.ofNullable(actorName), Optional.ofNullable(gallery), Optional.ofNullable(commentId),
                    images == null ? 0 : images);
        }
    }

    /** What one job did: notifications written now, recipients that had it already, and the next page's job. */
    public record Outcome(int delivered, int already, Optional<Job> next) {
    }

    // ------------------------------------------------------------------ from the stream

    /** The jobs a change of the galleries table starts (most changes start none). */
    public static List<Job> jobs(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        String sk = text(newImage, "sk");
        if ("GALLERY".equals(sk)) {
            return galleryJobs(GalleryStore.fromImage(oldImage), GalleryStore.fromImage(newImage).orElseThrow());
        }
        if ("COMMENT".equals(sk) && oldImage.isEmpty()) {
            return List.of(new Job(text(newImage, "project_id"), "comment#" + text(newImage, "comment_id"), COMMENT,
                    text(newImage, "created"), text(newImage, "author_id"), text(newImage, "author_name"), null, null,
                    text(newImage, "comment_id"), text(newImage, "reply_to"), null, "comment:" + text(newImage, "target"),
                    null));
        }
        return List.of();
    }

    private static List<Job> galleryJobs(Optional<Gallery> before, Gallery g) {
        if (g.details().deleting()) {
            return List.of();
        }
        List<Job> jobs = new ArrayList<>();
        boolean sameGallery = before.filter(b -> b.added().equals(g.added())).isPresent();
        String actor = g.ownerUserId().orElse(null);
        String actorName = g.ownerUserName().orElse(null);
        long added = g.added().getEpochSecond();
        if (sameGallery && g.details().security() != Security.PRIVATE) {
            Set<String> had = new HashSet<>(before.get().imageIds());
            int fresh = (int) g.imageIds().stream().filter(id -> !had.contains(id)).count();
            if (fresh > 0) {
                jobs.add(new Job(g.projectId(), "images#" + g.name() + "#" + added + "#" + g.version(), IMAGES_ADDED,
                        g.updated().toString(), actor, actorName, g.name(), added, null, null, fresh,
                        "gallery_followers", null));
            }
        }
        boolean wasListed = sameGallery && before.get().isListed();
        if (g.isListed() && !wasListed && g.ownerUserId().isPresent()) {
            jobs.add(new Job(g.projectId(), "published#" + g.name() + "#" + added + "#" + g.version(),
                    GALLERY_PUBLISHED, g.updated().toString(), actor, actorName, g.name(), added, null, null, null,
                    "user_followers", null));
        }
        return jobs;
    }

    // ------------------------------------------------------------------ to the recipients

    /** Delivers one job to one page of its recipients. */
    public Outcome run(Job job) {
        return switch (job.audience()) {
            case "gallery_followers" -> followers(job, GalleryKeys.galleryFollowTarget(job.gallery(),
                    job.galleryAdded()), IMAGES_ADDED);
            case "user_followers" -> followers(job, GalleryKeys.userFollowTarget(job.actorId()), GALLERY_PUBLISHED);
            default -> job.audience().startsWith("comment:") ? comment(job, job.audience().substring(8))
                    : new Outcome(0, 0, Optional.empty());
        };
    }

    private Outcome followers(Job job, String target, String kind) {
        // Only while the gallery is still this creation of the name and open to its followers: a gallery made
        // private or deleted since the change notifies nobody.
        Optional<Gallery> g = galleries.find(job.projectId(), job.gallery())
                .filter(x -> x.added().getEpochSecond() == job.galleryAdded() && !x.details().deleting())
                .filter(x -> kind.equals(IMAGES_ADDED) ? x.details().security() != Security.PRIVATE : x.isListed());
        if (g.isEmpty()) {
            return new Outcome(0, 0, Optional.empty());
        }
        Notifications.Followers found = store.followers(job.projectId(), target, Optional.ofNullable(job.after()),
                page);
        int delivered = 0;
        int already = 0;
        Notifications.Event event = job.event(kind);
        // A block doesn't remove the blocked user's follows (lifting it brings them back), so the page skips them.
        Set<String> blocked = job.actorId() == null || found.userIds().isEmpty() ? Set.of()
                : blockLists.blockedBy(job.projectId(), job.actorId());
        for (String follower : found.userIds()) {
            if (follower.equals(job.actorId()) || blocked.contains(follower)) {
                continue;
            }
            if (store.deliver(event, follower)) {
                delivered++;
            } else {
                already++;
            }
        }
        return new Outcome(delivered, already, found.last().map(job::next));
    }

    private Outcome comment(Job job, String target) {
        if (job.actorId() == null) {
            return new Outcome(0, 0, Optional.empty());
        }
        int delivered = 0;
        int already = 0;
        Set<String> told = new HashSet<>();
        told.add(job.actorId());
        Optional<String> owner = Optional.empty();
        Job on = job;
        if (target.startsWith("G#")) {
            String name = target.substring(2, target.lastIndexOf('#'));
            long added = Long.parseLong(target.substring(target.lastIndexOf('#') + 1));
            owner = galleries.find(job.projectId(), name).filter(x -> x.added().getEpochSecond() == added)
                    .flatMap(Gallery::ownerUserId);
            on = new Job(job.projectId(), job.eventId(), job.kind(), job.at(), job.actorId(), job.actorName(), name,
                    added, job.commentId(), job.replyTo(), null, job.audience(), null);
        }
        if (job.replyTo() != null) {
            Optional<String> parentAuthor = comments.find(job.projectId(), job.replyTo()).flatMap(Comment::authorId);
            if (parentAuthor.isPresent() && told.add(parentAuthor.get())
                    && !blockLists.blockedBy(job.projectId(), parentAuthor.get()).contains(job.actorId())) {
                if (store.deliver(on.event(REPLY), parentAuthor.get())) delivered++; else already++;
            }
        }
        if (owner.isPresent() && told.add(owner.get())) {
            if (store.deliver(on.event(COMMENT), owner.get())) delivered++; else already++;
        }
        return new Outcome(delivered, already, Optional.empty());
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue v = image.get(name);
        return v == null ? null : v.s();
    }
}
