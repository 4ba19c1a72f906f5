package dev.loupe.gallery.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.loupe.gallery.Comment;
import org.junit.jupiter.api.Test;

/** The page's comments: user text escaped, its web addresses links marked as user content, forms with the token. */
class CommentsSectionTest {

    @Test
    void textIsEscapedAndAddressesBecomeNofollowLinks() {
        assertThat(CommentsSection.linked("<b>hi</b> & see https://example.com/a?b=1&c=<x>."))
                .isEqualTo("&lt;b&gt;hi&lt;/b&gt; &amp; see <a href=\"https://example.com/a?b=1&amp;c=\" "
                        + "rel=\"nofollow ugc\">https://example.com/a?b=1&amp;c=</a>&lt;x&gt;.");
        assertThat(CommentsSection.linked("javascript:alert(1) http://\" onmouseover=x"))
                .doesNotContain("<a ").contains("&quot;");
        assertThat(CommentsSection.linked("(http://a.example/x)")).isEqualTo("(<a href=\"http://a.example/x\" "
                + "rel=\"nofollow ugc\">http://a.example/x</a>)");
    }

    @Test
    void aSignedInVisitorGetsFormsCarryingTheCsrfTokenAndNoOneElseDoes() {
        Comment top = new Comment("p", "c1", "G#g#1", "1#c1", Optional.empty(), Optional.of("u2"), "<script>",
                "hello", Instant.EPOCH, Optional.empty(), false);
        Comment reply = new Comment("p", "c2", "G#g#1", "1#c1#2#c2", Optional.of("c1"), Optional.of("u1"), "me",
                "hi", Instant.EPOCH, Optional.empty(), false);
        CommentsSection signedIn = new CommentsSection("https://api.example", "p", "g", List.of(top, reply), 2,
                Optional.of(new CommentsSection.Visitor("u1", "me", "csrf-123")), Optional.empty());
        String html = signedIn.html();
        assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(html).contains("action=\"https://api.example/v1/galleries/g/comments\"");
        assertThat(html).contains("name=\"csrf_token\" value=\"csrf-123\"");
        assertThat(html).contains("name=\"reply_to\" value=\"c1\"");
        // A reply gets no reply form (one level), and the visitor's own comment no report form.
        assertThat(html).doesNotContain("name=\"reply_to\" value=\"c2\"").doesNotContain("/v1/comments/c2/reports")
                .contains("/v1/comments/c1/reports");
        assertThat(signedIn.formOrigin()).isEqualTo("https://api.example");

        String visitor = new CommentsSection("https://api.example", "p", "g", List.of(top), 1, Optional.empty(),
                Optional.empty()).html();
        assertThat(visitor).doesNotContain("<form").contains("Sign in to comment");
    }
}
