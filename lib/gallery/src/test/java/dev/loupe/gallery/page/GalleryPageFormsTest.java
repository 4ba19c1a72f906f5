package dev.loupe.gallery.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gallery page's rating and sign-in forms, as rendered: who sees which form, what each carries, escaping. */
class GalleryPageFormsTest {
    private static GalleryPageModel with(GalleryPageModel.Rating rating, GalleryPageModel.Visitor visitor) {
        GalleryPageModel m = GalleryPagesTest.model("Coast", "");
        return new GalleryPageModel(m.title(), m.description(), m.ownerName(), m.pageUrl(), m.playerUrl(),
                m.embedUrl(), m.coverImageUrl(), m.items(), m.player(), rating, visitor);
    }

    @Test
    void aSignedInVisitorGetsLabelledRadioButtonsWithTheirStarsCheckedAndTheCsrfToken() {
        String html = GalleryPageRenderer.render(with(
                new GalleryPageModel.Rating(4.25, 4, 3, "https://pages.example/g/1/rating"),
                new GalleryPageModel.Visitor("<b>rita</b>", "tok\"en", "https://pages.example/g/1/sign-in",
                        "https://pages.example/g/1/sign-out", "v.t", null)));
        assertThat(html).contains("4.3 out of 5 <span class=\"rating-count\">(4 ratings)</span>")
                .contains("<form class=\"rate\" id=\"rate-form\" method=\"post\" action=\"https://pages.example/g/1/rating\">")
                .contains("<legend>Your rating</legend>")
                .contains("<input type=\"radio\" name=\"stars\" value=\"3\" id=\"stars-3\" checked><label for=\"stars-3\">3 stars</label>")
                .contains("<label for=\"stars-1\">1 star</label>")
                .contains("<input type=\"hidden\" name=\"csrf_token\" value=\"tok&quot;en\">")
                .contains("<input type=\"hidden\" name=\"vt\" value=\"v.t\">")
                .contains("Signed in as <strong>&lt;b&gt;rita&lt;/b&gt;</strong>")
                .contains("id=\"sign-out-form\"").doesNotContain("id=\"sign-in-form\"")
                .contains("form-action &#39;self&#39;");
    }

    @Test
    void anyoneElseSeesTheAverageAndTheSignInFormButNoRateForm() {
        String html = GalleryPageRenderer.render(with(new GalleryPageModel.Rating(null, 0, null, "https://p/r"),
                new GalleryPageModel.Visitor(null, null, "https://pages.example/g/1/sign-in", "https://p/o", null,
                        "Wrong username or password.")));
        assertThat(html).contains("No ratings yet").doesNotContain("id=\"rate-form\"")
                .contains("<details class=\"session\" id=\"sign-in\" open>")
                .contains("<form id=\"sign-in-form\" method=\"post\" action=\"https://pages.example/g/1/sign-in\">")
                .contains("<label for=\"sign-in-username\">Username</label>")
                .contains("role=\"alert\">Wrong username or password.</p>")
                .doesNotContain("name=\"csrf_token\"").doesNotContain("sign-out");
        // A page without ratings or a visitor (the model's short form) has neither block.
        assertThat(GalleryPageRenderer.render(GalleryPagesTest.model("Coast", ""))).doesNotContain("id=\"rating-summary\"")
                .doesNotContain("id=\"sign-in\"");
    }
}
