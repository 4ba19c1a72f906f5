package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.limits.RateLimiter;
import dev.loupe.core.http.ApiError;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The comment service against DynamoDB Local with template.yaml's tables, on a clock the test moves: the edit window,
 * counts through hide and delete, replies to hidden comments, and the pure parts (text rules, thread order).
 */
@ExtendWith(SharedEmulators.class)
class CommentServiceTest {
    private static DynamoDbClient dynamoDb;
    private static GalleryService galleries;
    private static CommentService comments;
    private static final MovingClock CLOCK = new MovingClock();
    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "test", List.of());

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamoDb = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        String table = provisioned.tableName("GalleriesTable");
        ImageStore images = new ImageStore(dynamoDb, provisioned.tableName("ImagesTable"));
        GalleryStore store = new GalleryStore(dynamoDb, table);
        galleries = new GalleryService(store, images, new ImageService(images, new ImageObjects(null, "unused"),
                CLOCK), CLOCK);
        comments = new CommentService(new CommentStore(dynamoDb, table), store, images, PasswordThrottle.NONE,
                new RateLimiter(dynamoDb, provisioned.tableName("RateLimitsTable"), CLOCK), CLOCK);
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    private Caller user(String id, Role role) {
        return new Caller(project, false, Optional.of(id), Optional.of(id), Optional.of(role), Optional.empty());
    }

    private Comment post(Caller who, String gallery, String text, Optional<String> replyTo) {
        return comments.postOnGallery(who, gallery, GalleryService.Access.NONE,
                new CommentService.NewComment(Optional.of(text), replyTo, Optional.empty()));
    }

    private long count(String gallery) {
        return galleries.view(user("owner", Role.EDITOR), gallery, Optional.empty()).gallery().comments();
    }

    @Test
    void theAuthorEditsWithinTheWindowOnly() {
        Caller owner = user("owner", Role.EDITOR);
        galleries.create(owner, new GalleryService.CreateCommand(Optional.empty(), Optional.of("window"),
                Optional.empty(), List.of()));
        Caller author = user("author", Role.VIEWER);
        Comment c = post(author, "window", "  first  \r\nline  ", Optional.empty());
        assertThat(c.text()).isEqualTo("first  \nline");

        CLOCK.advance(CommentService.EDIT_WINDOW.minusMinutes(1));
        Comment edited = comments.edit(author, c.commentId(), Optional.of("second"), Optional.empty());
        assertThat(edited.text()).isEqualTo("second");
        assertThat(edited.edited()).isPresent();

        CLOCK.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> comments.edit(author, c.commentId(), Optional.of("third"), Optional.empty()))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("edit_window_closed"));
        // Deleting has no window.
        comments.delete(author, c.commentId());
        assertThat(count("window")).isZero();
    }

    @Test
    void hidingAndDeletingAHiddenCommentMoveTheCountOnce() {
        Caller owner = user("owner", Role.EDITOR);
        galleries.create(owner, new GalleryService.CreateCommand(Optional.empty(), Optional.of("hide"),
                Optional.empty(), List.of()));
        Caller author = user("writer", Role.VIEWER);
        Comment a = post(author, "hide", "a", Optional.empty());
        post(author, "hide", "b", Optional.empty());
        assertThat(count("hide")).isEqualTo(2);
        comments.edit(owner, a.commentId(), Optional.empty(), Optional.of(true));
        comments.edit(owner, a.commentId(), Optional.empty(), Optional.of(true)); // hiding twice changes nothing
        assertThat(count("hide")).isEqualTo(1);
        // Another user can't answer a hidden comment; it is not there for them.
        assertThatThrownBy(() -> post(user("other", Role.VIEWER), "hide", "re", Optional.of(a.commentId())))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("bad_parameter_reply_to"));
        comments.delete(owner, a.commentId());
        assertThat(count("hide")).isEqualTo(1);
    }

    @Test
    void textIsPlainAndBounded() {
        assertThat(CommentService.validText(Optional.of("tabs\tand\nlines are fine"))).contains("\t");
        for (String bad : List.of("", "   ", "nul\u0000", "bell\u0007", "esc\u001b[31m", "line\u2028sep",
                "x".repeat(CommentService.MAX_TEXT + 1))) {
            assertThatThrownBy(() -> CommentService.validText(Optional.of(bad))).isInstanceOf(ApiError.class);
        }
        // The limit counts characters, not UTF-16 units: 2,000 emoji are fine.
        assertThat(CommentService.validText(Optional.of("\uD83D\uDE00".repeat(CommentService.MAX_TEXT))))
                .hasSize(2 * CommentService.MAX_TEXT);
    }

    @Test
    void newestFirstKeepsEachParentBeforeItsReplies() {
        Comment p1 = comment("p1", Optional.empty());
        Comment r1 = comment("r1", Optional.of("p1"));
        Comment r2 = comment("r2", Optional.of("p1"));
        Comment p2 = comment("p2", Optional.empty());
        // What the index gives newest first: p2, then p1's replies newest first, then p1.
        assertThat(CommentService.threadOrder(List.of(p2, r2, r1, p1)))
                .extracting(Comment::commentId).containsExactly("p2", "p1", "r1", "r2");
    }

    private Comment comment(String id, Optional<String> replyTo) {
        return new Comment(project.projectId(), id, "G#g#1", id, replyTo, Optional.of("u"), "u", "t",
                Instant.EPOCH, Optional.empty(), false);
    }

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
