package dev.loupe.gallery.page;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.gallery.Comment;
import dev.loupe.gallery.CommentService;
import dev.loupe.gallery.Gallery;

/**
 * The comments' answers (JSON, or XML when preferred). Text is returned as the author wrote it: escaping is the
 * page's job ({@link CommentsSection}) and any client's that shows it as HTML.
 */
public final class CommentViews {
    private CommentViews() {
    }

    @JacksonXmlRootElement(localName = "comment")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommentView(String id, String gallery, String image, String replyTo, String text, Author author,
                              String created, String edited, Boolean hidden) {
        public static CommentView of(Comment c) {
            return new CommentView(c.commentId(), c.galleryName().orElse(null), c.imageId().orElse(null),
                    c.replyTo().orElse(null), c.text(),
                    new Author(c.authorId().orElse(null), c.authorName(), c.anonymous()), c.created().toString(),
                    c.edited().map(Instant::toString).orElse(null), c.hidden() ? Boolean.TRUE : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Author(String userId, String name, boolean anonymous) {
    }

    @JacksonXmlRootElement(localName = "comments")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThreadView(long commentCount,
                             @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "comment")
                             List<CommentView> comments, String nextCursor) {
        public static ThreadView of(CommentService.Thread thread) {
            return new ThreadView(thread.commentCount(), thread.comments().stream().map(CommentView::of).toList(),
                    thread.next().orElse(null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(CommentView comment, int reports, String lastReason, String lastReported) {
    }

    @JacksonXmlRootElement(localName = "reports")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportsView(@JacksonXmlElementWrapper(useWrapping = false)
                              @JacksonXmlProperty(localName = "report") List<ReportView> reports,
                              String nextCursor) {
        public static ReportsView of(CommentService.Reports page) {
            return new ReportsView(page.reports().stream().map(r -> new ReportView(CommentView.of(r.comment()),
                    r.report().reports(), r.report().lastReason().isEmpty() ? null : r.report().lastReason(),
                    r.report().lastReported().toString())).toList(), page.next().orElse(null));
        }
    }

    /** The answer to a report: whether this report was new (a user reports a comment once). */
    @JacksonXmlRootElement(localName = "report")
    public record Reported(String comment, boolean counted) {
    }

    /** The owner's comment settings. */
    @JacksonXmlRootElement(localName = "comment_settings")
    public record Settings(String gallery, boolean anonymous) {
    }

    /** A block on a gallery. */
    @JacksonXmlRootElement(localName = "block")
    public record Block(String gallery, String userId, boolean blocked) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CommentedGallery(String name, String title, long commentCount, long added, String galleryUrl) {
    }

    @JacksonXmlRootElement(localName = "galleries")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MostCommentedView(@JacksonXmlElementWrapper(useWrapping = false)
                                    @JacksonXmlProperty(localName = "gallery") List<CommentedGallery> galleries,
                                    String nextCursor) {
        public static MostCommentedView of(CommentService.MostCommented page, String baseUrl) {
            return new MostCommentedView(page.galleries().stream().map(g -> entry(g, baseUrl)).toList(),
                    page.next().orElse(null));
        }

        private static CommentedGallery entry(Gallery g, String baseUrl) {
            return new CommentedGallery(g.name(), g.title(), g.comments(), g.added().getEpochSecond(),
                    GalleryView.pageUrl(baseUrl, g.projectId(), g.name()));
        }
    }
}
