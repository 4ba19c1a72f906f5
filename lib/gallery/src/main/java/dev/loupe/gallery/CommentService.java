package dev.loupe.gallery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Role;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.core.Ids;
import dev.loupe.core.dynamo.Transactions;
import dev.loupe.core.http.ApiError;
import dev.loupe.library.Image;
import dev.loupe.library.ImageStore;
import dev.loupe.library.LibraryKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Comments on galleries and library images (the imageloop-style API's comments): who may read, post, edit, hide,
 * delete and report them, free of Lambda types. Storage and the exact counts are {@link CommentStore}'s.
 * <ul>
 * <li>A gallery's comments follow the gallery's access: its owner and the project's admins always; others as its
 * security says (a private gallery's comments are missing, a password gallery's need its password or a view token).
 * An image's comments follow the image's: any caller of the project may open an image by its id.</li>
 * <li>Registered users comment (a logged-in session, or a backend token with {@code sub}); a gallery's owner may
 * let visitors without an account comment under a {@code name}. Images take registered users' comments only.</li>
 * <li>Replies go one level deep: a reply to a reply is refused (400 {@code reply_to_reply}), so that a thread shows
 * as its clients would show it, and the client picks the top comment to answer.</li>
 * <li>The author edits the text for {@link #EDIT_WINDOW} and deletes any time; the gallery's owner and the admins
 * hide, show or delete any comment (an image's comments: the admins).</li>
 * </ul>
 */
public final class CommentService {
    /** Code points of text; plenty for a comment, small enough for a page of 100 to stay far below 1 MB. */
    public static final int MAX_TEXT = 2_000;
    public static final int MAX_NAME = 50;
    public static final int MAX_REASON = 500;
    public static final Duration EDIT_WINDOW = Duration.ofMinutes(15);
    /** Per commenter (a user, or an anonymous commenter's address) and project. */
    public static final int RATE_LIMIT = 10;
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    private static final int ATTEMPTS = 5;

    private final CommentStore comments;
    private final GalleryStore galleries;
    private final ImageStore images;
    private final GalleryAccess access;
    private final RateLimiter limiter;
    private final UserBlocks userBlocks;
    private final Clock clock;

    public CommentService(CommentStore comments, GalleryStore galleries, ImageStore images, PasswordThrottle throttle,
                          RateLimiter limiter, Clock clock) {
        this(comments, galleries, images, throttle, limiter, UserBlocks.NONE, clock);
    }

    public CommentService(CommentStore comments, GalleryStore galleries, ImageStore images, PasswordThrottle throttle,
                          RateLimiter limiter, UserBlocks userBlocks, Clock clock) {
        this.comments = comments;
        this.galleries = galleries;
        this.images = images;
        this.access = new GalleryAccess(clock, throttle, galleries.invitations(), userBlocks);
        this.limiter = limiter;
        this.userBlocks = userBlocks;
        this.clock = clock;
    }

    /** A new comment as a client sends it: {@code text}, {@code reply_to}, and {@code name} when anonymous. */
    public record NewComment(Optional<String> text, Optional<String> replyTo, Optional<String> name) {
    }

    /** Which page of a thread: newest or oldest first, from the previous page's cursor. */
    public record Listing(boolean newestFirst, Optional<String> cursor, int limit) {
    }

    /** A page of a thread as the caller may see it, the target's count, and whether the caller moderates it. */
    public record Thread(List<Comment> comments, Optional<String> next, long commentCount, boolean moderator) {
    }

    /** A reported comment with the report's counts. */
    public record Reported(Comment comment, CommentStore.Report report) {
    }

    /** A page of reported comments. */
    public record Reports(List<Reported> reports, Optional<String> next) {
    }

    /** A page of the most-commented public galleries, most first. */
    public record MostCommented(List<Gallery> galleries, Optional<String> next) {
    }

    /** What a comment is on, resolved for one caller. */
    private record Target(String key, CommentStore.Counter counter, TransactWriteItem check,
                          Optional<Gallery> gallery, boolean moderator, long count) {
    }

    // ------------------------------------------------------------------ posting

    public Comment postOnGallery(Caller caller, String name, GalleryService.Access visitor, NewComment input) {
        return call(() -> {
            Target target = gallery(caller, name, visitor);
            Gallery g = target.gallery().orElseThrow();
            String author;
            if (caller.userId().isPresent()) {
                author = caller.userName().filter(n -> !n.isBlank()).orElse(caller.userId().get());
                if (!caller.userId().equals(g.ownerUserId()) && (comments.blocked(caller.projectId(), g,
                        caller.userId().get()) || g.ownerUserId().filter(owner -> userBlocks.blocks(
                        caller.projectId(), owner, caller.userId().get())).isPresent())) {
                    throw new ApiError(403, "blocked", "The gallery's owner does not take comments from you");
                }
            } else {
                if (!comments.anonymousAllowed(g)) {
                    throw ApiError.unauthorized("sign_in_required", "Sign in to comment on this gallery");
                }
                author = validName(input.name());
            }
            String subject = caller.userId().orElseGet(() -> "anonymous#" + visitor.address().orElse("unknown"));
            return post(caller, target, subject, caller.userId(), author, input);
        });
    }

    public Comment postOnImage(Caller caller, String imageId, NewComment input) {
        return call(() -> {
            Target target = image(caller, imageId);
            String userId = caller.userId().orElseThrow(() -> ApiError.unauthorized("sign_in_required",
                    "Sign in to comment on an image"));
            return post(caller, target, userId, caller.userId(),
                    caller.userName().filter(n -> !n.isBlank()).orElse(userId), input);
        });
    }

    private Comment post(Caller caller, Target target, String subject, Optional<String> authorId, String author,
                         NewComment input) {
        String text = validText(input.text());
        Optional<Comment> parent = input.replyTo().filter(r -> !r.isBlank()).map(r -> parent(caller, target, r));
        RateLimiter.Decision rate = limiter.acquire(caller.projectId() + "#COMMENT#" + subject, RATE_LIMIT,
                RATE_WINDOW);
        if (!rate.allowed()) {
            throw new ApiError(429, "too_many_comments", "At most " + RATE_LIMIT + " comments a minute; try again "
                    + "shortly").withHeaders(Map.of("Retry-After",
                    Long.toString(rate.retryAfterSeconds(clock.instant()))));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = Ids.newId();
        String place = String.format(java.util.Locale.ROOT, "%013d#%s", now.toEpochMilli(), id);
        String threadSk = parent.map(p -> p.threadSk() + "#" + place).orElse(place);
        Comment comment = new Comment(caller.projectId(), id, target.key(), threadSk,
                parent.map(Comment::commentId), authorId, author, text, now, Optional.empty(), false);
        List<String> codes = comments.post(comment, target.counter(), target.check());
        if (codes.isEmpty()) {
            return comment;
        }
        if (codes.size() > 3 && Transactions.CONDITION_FAILED.equals(codes.get(3))) {
            throw replyToMissing();
        }
        throw target.gallery().isPresent() ? GalleryAccess.notExist() : imageMissing();
    }

    private Comment parent(Caller caller, Target target, String replyTo) {
        Comment parent = comments.find(caller.projectId(), replyTo)
                .filter(p -> p.target().equals(target.key()))
                .filter(p -> !p.hidden() || target.moderator())
                .orElseThrow(CommentService::replyToMissing);
        if (parent.replyTo().isPresent()) {
            throw new ApiError(400, "reply_to_reply", "Replies go one level deep: reply to the comment "
                    + parent.replyTo().get() + " that this one answers", "reply_to");
        }
        return parent;
    }

    // ------------------------------------------------------------------ reading

    public Thread galleryComments(Caller caller, String name, GalleryService.Access visitor, Listing listing) {
        return call(() -> thread(gallery(caller, name, visitor), caller.userId(), listing));
    }

    public Thread imageComments(Caller caller, String imageId, Listing listing) {
        return call(() -> thread(image(caller, imageId), caller.userId(), listing));
    }

    /**
     * The comments the gallery's public page shows (newest first): the page has already applied the gallery's
     * security; a signed-in visitor also sees their own hidden comments, the owner all of them.
     */
    public Thread forPage(Gallery gallery, Optional<String> visitorUserId, int limit) {
        return call(() -> {
            boolean owner = visitorUserId.isPresent() && visitorUserId.equals(gallery.ownerUserId());
            Target target = new Target(GalleryKeys.galleryTarget(gallery), null, null, Optional.of(gallery), owner,
                    gallery.comments());
            return thread(target, visitorUserId, new Listing(true, Optional.empty(), limit));
        });
    }

    private Thread thread(Target target, Optional<String> viewer, Listing listing) {
        CommentStore.Page page = comments.page(target.gallery().map(Gallery::projectId)
                        .orElseGet(() -> projectOf(target)), target.key(), listing.newestFirst(),
                listing.cursor().map(CommentService::decodeCursor), listing.limit());
        List<Comment> shown = page.comments().stream()
                .filter(c -> !c.hidden() || target.moderator() || (viewer.isPresent() && viewer.equals(c.authorId())))
                .toList();
        return new Thread(listing.newestFirst() ? threadOrder(shown) : shown,
                page.next().map(CommentService::encodeCursor), target.count(), target.moderator());
    }

    /**
     * Newest first, the index gives a thread's replies (newest first) before their parent; each run of one thread
     * is turned round, so that a parent still comes before its replies, oldest reply first, as in the other order.
     */
    static List<Comment> threadOrder(List<Comment> newestFirst) {
        List<Comment> out = new ArrayList<>();
        List<Comment> run = new ArrayList<>();
        String runThread = null;
        for (Comment c : newestFirst) {
            String thread = c.replyTo().orElse(c.commentId());
            if (!thread.equals(runThread)) {
                out.addAll(run.reversed());
                run.clear();
                runThread = thread;
            }
            run.add(c);
        }
        out.addAll(run.reversed());
        return out;
    }

    // ------------------------------------------------------------------ changing

    /**
     * The author's new text (within {@link #EDIT_WINDOW}), and/or a moderator's hide or show; answers the comment
     * as it now is.
     */
    public Comment edit(Caller caller, String commentId, Optional<String> text, Optional<Boolean> hidden) {
        return call(() -> {
            if (text.isEmpty() && hidden.isEmpty()) {
                throw new ApiError(400, "nothing_to_change", "Send text (the author) or hidden (a moderator)");
            }
            Comment comment = existing(caller, commentId);
            Target target = targetOf(caller, comment);
            if (hidden.isPresent()) {
                if (!target.moderator()) {
                    throw notModerator();
                }
                comment = setHidden(caller, comment, target, hidden.get());
            }
            if (text.isPresent()) {
                if (comment.authorId().isEmpty() || !comment.authorId().equals(caller.userId())) {
                    throw new ApiError(403, "not_author", "Only its author changes a comment's text");
                }
                if (clock.instant().isAfter(comment.created().plus(EDIT_WINDOW))) {
                    throw new ApiError(403, "edit_window_closed", "A comment's text can be changed for "
                            + EDIT_WINDOW.toMinutes() + " minutes after it was posted");
                }
                Comment edited = comment.withText(validText(text), clock.instant().truncatedTo(ChronoUnit.MILLIS));
                if (!comments.replaceText(edited)) {
                    throw commentMissing();
                }
                comment = edited;
            }
            return comment;
        });
    }

    private Comment setHidden(Caller caller, Comment comment, Target target, boolean hidden) {
        Comment current = comment;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (current.hidden() == hidden) {
                return current;
            }
            if (comments.setHidden(current, hidden, target.counter())) {
                return current.withHidden(hidden);
            }
            current = existing(caller, comment.commentId());
        }
        throw new ApiError(409, "conflict", "The comment kept changing; try again");
    }

    /** Its author or a moderator deletes a comment; its replies stay. */
    public void delete(Caller caller, String commentId) {
        call(() -> {
            Comment comment = existing(caller, commentId);
            Target target = targetOf(caller, comment);
            boolean author = comment.authorId().isPresent() && comment.authorId().equals(caller.userId());
            if (!author && !target.moderator()) {
                throw new ApiError(403, "not_author", "Only its author, the gallery's owner or an admin deletes "
                        + "a comment");
            }
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (comments.delete(comment, target.counter())) {
                    return null;
                }
                Optional<Comment> now = comments.find(caller.projectId(), commentId);
                if (now.isEmpty()) {
                    return null; // deleted meanwhile: the same outcome
                }
                comment = now.get();
            }
            throw new ApiError(409, "conflict", "The comment kept changing; try again");
        });
    }

    /**
     * Every comment a registered user of the caller's project wrote (hidden ones too), for the user's export: what
     * it is on, its text and times. The caller was already allowed the export.
     */
    public List<Map<String, Object>> exportOf(Caller caller, String userId) {
        return call(() -> comments.allByAuthor(caller.projectId(), userId).stream().map(c -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", c.commentId());
            c.galleryName().ifPresent(name -> m.put("gallery", name));
            c.imageId().ifPresent(id -> m.put("image_id", id));
            c.replyTo().ifPresent(parent -> m.put("reply_to", parent));
            m.put("text", c.text());
            m.put("created", c.created().toString());
            c.edited().ifPresent(e -> m.put("edited", e.toString()));
            m.put("hidden", c.hidden());
            return m;
        }).toList());
    }

    /**
     * Deletes every comment a registered user of the caller's project wrote, for the user's deletion (the caller was
     * already allowed it), each as {@link #delete} does: its report entry with it, and its target's count down by
     * one while that target is still the gallery or image it was written on (the check is in the same
     * transaction). A comment whose gallery is gone is deleted uncounted: the gallery's counter went with it.
     * Replies by others stay, as after any delete. Answers how many went.
     */
    public int deleteAllOf(Caller caller, String userId) {
        return call(() -> {
            int deleted = 0;
            for (Comment written : comments.allByAuthor(caller.projectId(), userId)) {
                Optional<Comment> comment = Optional.of(written);
                for (int attempt = 0; comment.isPresent(); attempt++) {
                    if (attempt == ATTEMPTS) {
                        throw new ApiError(409, "conflict", "A comment of the user kept changing; try again");
                    }
                    Optional<Target> target = liveTarget(caller, comment.get());
                    if (comments.delete(comment.get(), target.map(Target::counter),
                            target.map(Target::check))) {
                        deleted++;
                        break;
                    }
                    comment = comments.find(caller.projectId(), written.commentId()); // changed, or gone meanwhile
                }
            }
            return deleted;
        });
    }

    /** The gallery or image a comment was written on, if it still exists as that one: its counter and check. */
    private Optional<Target> liveTarget(Caller caller, Comment comment) {
        if (comment.imageId().isPresent()) {
            String imageId = comment.imageId().get();
            return images.find(caller.projectId(), imageId).filter(i -> i.status().listed())
                    .map(i -> image(caller, imageId));
        }
        return galleries.find(caller.projectId(), comment.galleryName().orElseThrow())
                .filter(g -> !g.details().deleting() && GalleryKeys.galleryTarget(g).equals(comment.target()))
                .map(g -> galleryTarget(g, true));
    }

    /** A signed-in user reports a comment to the gallery's owner and the admins; once per user and comment. */
    public boolean report(Caller caller, String commentId, Optional<String> reason) {
        return call(() -> {
            String reporter = caller.userId().orElseThrow(() -> ApiError.unauthorized("sign_in_required",
                    "Sign in to report a comment"));
            String why = reason.map(String::strip).orElse("");
            if (why.codePointCount(0, why.length()) > MAX_REASON || hasControl(why, false)) {
                throw ApiError.badParameter("reason", "reason is at most " + MAX_REASON
                        + " characters of plain text");
            }
            Comment comment = existing(caller, commentId);
            Target target = targetOf(caller, comment);
            if (comment.hidden() && !target.moderator() && !comment.authorId().equals(caller.userId())) {
                throw commentMissing();
            }
            return comments.report(comment, reporter, why, clock.instant());
        });
    }

    /**
     * The reported comments a caller moderates: one gallery's for its owner or an admin, the whole project's (with
     * images') for an admin.
     */
    public Reports reports(Caller caller, Optional<String> galleryName, Optional<String> cursor, int limit) {
        return call(() -> {
            String prefix;
            if (galleryName.isPresent()) {
                Gallery g = galleries.find(caller.projectId(), galleryName.get())
                        .filter(x -> !x.details().deleting()).orElseThrow(GalleryAccess::notExist);
                if (!moderates(caller, g)) {
                    if (g.details().security() == Security.PRIVATE) {
                        throw GalleryAccess.notExist();
                    }
                    throw notModerator();
                }
                prefix = GalleryKeys.galleryTarget(g) + "#";
            } else if (admin(caller)) {
                prefix = "";
            } else {
                throw new ApiError(403, "not_moderator", "Only the project's admins read every report; a "
                        + "gallery's owner names the gallery (gallery=...)");
            }
            CommentStore.ReportPage page = comments.reports(caller.projectId(), prefix,
                    cursor.map(CommentService::decodeCursor), limit);
            List<Reported> shown = new ArrayList<>();
            for (CommentStore.Report r : page.reports()) {
                comments.find(caller.projectId(), r.commentId()).ifPresent(c -> shown.add(new Reported(c, r)));
            }
            return new Reports(shown, page.next().map(CommentService::encodeCursor));
        });
    }

    // ------------------------------------------------------------------ the owner's settings

    public void block(Caller caller, String name, String userId, boolean blocked) {
        call(() -> {
            Gallery g = moderated(caller, name);
            if (!Ids.plausible(userId) && !userId.matches("[A-Za-z0-9_.@:-]{1,128}")) {
                throw ApiError.badParameter("user_id", "user_id is a user's id");
            }
            if (g.ownerUserId().filter(userId::equals).isPresent()) {
                throw ApiError.badParameter("user_id", "The gallery's owner can't be blocked on it");
            }
            if (blocked) {
                comments.block(caller.projectId(), g, userId);
            } else {
                comments.unblock(caller.projectId(), g, userId);
            }
            return null;
        });
    }

    /** Lets visitors without an account comment under a name, or stops them; answers the setting. */
    public boolean setAnonymous(Caller caller, String name, boolean allowed) {
        return call(() -> {
            comments.setAnonymousAllowed(moderated(caller, name), allowed);
            return allowed;
        });
    }

    /** Whether the gallery takes named anonymous comments (the page shows its form to visitors then). */
    public boolean anonymousAllowed(Gallery gallery) {
        return call(() -> comments.anonymousAllowed(gallery));
    }

    // ------------------------------------------------------------------ most commented

    /**
     * The project's public galleries with the most comments, most first: one query of the sparse
     * {@code most-commented} index, then the page's galleries by key; one closed since its last comment is left out.
     */
    public MostCommented mostCommented(String projectId, Optional<String> cursor, int limit) {
        return call(() -> {
            CommentStore.CommentedPage page = comments.mostCommented(projectId,
                    cursor.map(CommentService::decodeCursor), limit);
            Map<String, Gallery> found = galleries.findAll(projectId,
                    page.galleries().stream().map(CommentStore.Commented::name).toList());
            List<Gallery> shown = page.galleries().stream()
                    .map(c -> Optional.ofNullable(found.get(c.name())).filter(Gallery::isListed)
                            .map(g -> g.withComments(c.comments())))
                    .flatMap(Optional::stream).toList();
            return new MostCommented(shown, page.next().map(CommentService::encodeCursor));
        });
    }

    // ------------------------------------------------------------------ targets and access

    private Target gallery(Caller caller, String name, GalleryService.Access visitor) {
        Gallery g = galleries.find(caller.projectId(), name).filter(x -> !x.details().deleting())
                .orElseThrow(GalleryAccess::notExist);
        boolean moderator = moderates(caller, g);
        if (!moderator && !access.member(g, caller.userId())) {
            access.admitted(g, visitor);
        }
        return galleryTarget(g, moderator);
    }

    private Target galleryTarget(Gallery g, boolean moderator) {
        CommentStore.Counter counter = new CommentStore.Counter(comments.table(),
                GalleryKeys.commentsCounterKeyMap(g.projectId(), g.name()), Optional.of(g.name()),
                g.isListed() ? Optional.of(GalleryKeys.commentedPk(g.projectId())) : Optional.empty());
        TransactWriteItem check = TransactWriteItem.builder().conditionCheck(c -> c.tableName(comments.table())
                .key(GalleryKeys.galleryKeyMap(g.projectId(), g.name()))
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(deleting) AND added = :added")
                .expressionAttributeValues(Map.of(":added",
                        AttributeValue.fromN(Long.toString(g.added().getEpochSecond()))))).build();
        return new Target(GalleryKeys.galleryTarget(g), counter, check, Optional.of(g), moderator, g.comments());
    }

    private Target image(Caller caller, String imageId) {
        Image image = images.find(caller.projectId(), imageId).filter(i -> i.status().listed())
                .orElseThrow(CommentService::imageMissing);
        Map<String, AttributeValue> counterKey = Map.of(
                "pk", AttributeValue.fromS(LibraryKeys.imagePk(caller.projectId(), imageId)),
                "sk", AttributeValue.fromS(LibraryKeys.COMMENT_COUNT_SK));
        TransactWriteItem check = TransactWriteItem.builder().conditionCheck(c -> c.tableName(images.tableName())
                .key(Map.of("pk", counterKey.get("pk"), "sk", AttributeValue.fromS(LibraryKeys.IMAGE_SK)))
                .conditionExpression("#s IN (:active, :archived)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":active", AttributeValue.fromS("ACTIVE"),
                        ":archived", AttributeValue.fromS("ARCHIVED")))).build();
        return new Target(GalleryKeys.imageTarget(imageId),
                new CommentStore.Counter(images.tableName(), counterKey, Optional.empty(), Optional.empty()), check,
                Optional.empty(), admin(caller), images.commentCount(caller.projectId(), imageId));
    }

    /**
     * The target of a comment found by id, for changing it: a gallery that still exists and that the caller may
     * see (a private one only its owner and the admins; the password of a protected one is not asked again, the
     * comment's id stands for it), or an image that still exists.
     */
    private Target targetOf(Caller caller, Comment comment) {
        if (comment.galleryName().isPresent()) {
            Gallery g = galleries.find(caller.projectId(), comment.galleryName().get())
                    .filter(x -> !x.details().deleting())
                    .filter(x -> GalleryKeys.galleryTarget(x).equals(comment.target()))
                    .orElseThrow(CommentService::commentMissing);
            boolean moderator = moderates(caller, g);
            if (!moderator && g.details().security() == Security.PRIVATE) {
                throw commentMissing();
            }
            return galleryTarget(g, moderator);
        }
        try {
            return image(caller, comment.imageId().orElseThrow());
        } catch (ApiError gone) {
            throw commentMissing();
        }
    }

    private Comment existing(Caller caller, String commentId) {
        return comments.find(caller.projectId(), commentId).orElseThrow(CommentService::commentMissing);
    }

    private Gallery moderated(Caller caller, String name) {
        Gallery g = galleries.find(caller.projectId(), name).filter(x -> !x.details().deleting())
                .orElseThrow(GalleryAccess::notExist);
        if (!moderates(caller, g)) {
            if (g.details().security() == Security.PRIVATE) {
                throw GalleryAccess.notExist();
            }
            throw notModerator();
        }
        return g;
    }

    private static boolean moderates(Caller caller, Gallery g) {
        return (caller.userId().isPresent() && caller.userId().equals(g.ownerUserId())) || admin(caller);
    }

    /** The project's admins: a user with the admin role, or the project's backend acting as no user. */
    static boolean admin(Caller caller) {
        return caller.role().filter(r -> r == Role.ADMIN).isPresent()
                || (caller.backend() && caller.userId().isEmpty());
    }

    private static String projectOf(Target target) {
        String pk = target.counter().key().get("pk").s();
        return pk.substring(2, pk.indexOf('#', 2));
    }

    // ------------------------------------------------------------------ input

    static String validText(Optional<String> given) {
        String text = given.map(t -> t.replace("\r\n", "\n").strip()).orElse("");
        if (text.isEmpty()) {
            throw new ApiError(400, "missing_text", "A comment needs text", "text");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw new ApiError(400, "text_too_long", "A comment is at most " + MAX_TEXT + " characters", "text");
        }
        if (hasControl(text, true)) {
            throw new ApiError(400, "bad_parameter_text", "A comment is plain text: no NUL or other control "
                    + "characters besides line breaks and tabs", "text");
        }
        return text;
    }

    static String validName(Optional<String> given) {
        String name = given.map(String::strip).orElse("");
        if (name.isEmpty()) {
            throw new ApiError(400, "missing_name", "An anonymous comment needs a name", "name");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME || hasControl(name, false)) {
            throw new ApiError(400, "bad_parameter_name", "name is at most " + MAX_NAME
                    + " characters of plain text", "name");
        }
        return name;
    }

    private static boolean hasControl(String s, boolean linesAllowed) {
        return s.codePoints().anyMatch(c -> (Character.getType(c) == Character.CONTROL
                && !(linesAllowed && (c == '\n' || c == '\t'))) || c == 0x2028 || c == 0x2029
                || (c >= 0xD800 && c <= 0xDFFF));
    }

    /** Cursors are opaque to clients: the index position, base64url. */
    static String encodeCursor(String position) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(position.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            String position = new String(java.util.Base64.getUrlDecoder().decode(cursor),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (position.isEmpty() || position.length() > 2_048 || !position.contains("#")) {
                throw new IllegalArgumentException("not a position");
            }
            return position;
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("cursor", "cursor is the next_cursor of a previous page");
        }
    }

    private static ApiError replyToMissing() {
        return new ApiError(400, "bad_parameter_reply_to", "reply_to names no comment here that can be answered",
                "reply_to");
    }

    private static ApiError commentMissing() {
        return new ApiError(404, "comment_not_found", "No such comment");
    }

    private static ApiError imageMissing() {
        return new ApiError(404, "image_not_found", "No such image");
    }

    private static ApiError notModerator() {
        return new ApiError(403, "not_moderator", "Only the gallery's owner and the project's admins do this");
    }

    /** Storage failures are ours: a 500 in the API's shape, never a stack trace. */
    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            ApiError ours = new ApiError(500, "comments_unavailable", "Comments could not be read or written; try "
                    + "again");
            ours.initCause(e); // kept for the logs
            throw ours;
        }
    }
}
