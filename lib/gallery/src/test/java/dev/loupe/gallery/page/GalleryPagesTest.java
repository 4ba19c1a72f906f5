package dev.loupe.gallery.page;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.gallery.page.GalleryPageModel.Item;
import dev.loupe.gallery.PlayerSetup;
import dev.loupe.gallery.PlayerSetup.Theme;
import dev.loupe.gallery.PlayerSetup.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

class GalleryPagesTest {
    static GalleryPageModel model(String title, String caption) {
        return new GalleryPageModel(title, "A & B", "Ann", "https://pages.example/g/1", "https://pages.example/g/1/play",
                null, null, List.of(
                new Item("https://img.example/t/a.jpg", "https://img.example/i/a.jpg", caption, 800, 600),
                new Item(null, "https://img.example:8443/i/b%20c.jpg", null, 600, 800)),
                new PlayerSetup(3, Transition.SLIDE, false, true, false, Theme.LIGHT));
    }

    @Test
    void galleryPageEscapesUserTextAndCarriesItsMetadata() {
        String html = GalleryPageRenderer.render(model("<script>alert(1)</script>", "say \"hi\" 'there' {{title}}"));
        assertThat(html).doesNotContain("<script>alert(1)</script>")
                .contains("<h1 id=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
                .contains("data-caption=\"say &quot;hi&quot; &#39;there&#39; {{title}}\"")
                .contains("<meta property=\"og:title\" content=\"&lt;script&gt;alert(1)&lt;/script&gt;\">")
                .contains("<meta property=\"og:description\" content=\"A &amp; B\">")
                .contains("<meta property=\"og:image\" content=\"https://img.example/i/a.jpg\">")
                .contains("<meta property=\"og:url\" content=\"https://pages.example/g/1\">")
                .contains("<meta property=\"og:type\" content=\"website\">")
                .contains("href=\"https://pages.example/g/1/play\"")
                .contains("width=\"800\" height=\"600\" loading=\"lazy\"")
                // no caption: the alt text is the decoded file name, and the thumbnail falls back to the image
                .contains("<img src=\"https://img.example:8443/i/b%20c.jpg\" alt=\"b c.jpg\"")
                .contains("img-src https://img.example https://img.example:8443;")
                .contains("script-src &#39;sha256-")
                .doesNotContain("<script src").doesNotContain("<link rel=\"stylesheet\"");
    }

    @Test
    void playerPageCarriesItsSetupAndKeepsItsJsonInsideTheScriptBlock() {
        String html = PlayerPageRenderer.render(model("T", "</script><script>alert(1)</script>\u2028"));
        assertThat(html).contains("data-interval=\"3\"", "data-transition=\"slide\"", "data-loop=\"false\"",
                        "data-shuffle=\"true\"", "data-captions=\"false\"", "data-theme=\"light\"",
                        "class=\"theme-light transition-slide no-captions\"",
                        "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u2028",
                        "<link rel=\"preload\" as=\"image\" href=\"https://img.example:8443/i/b%20c.jpg\">",
                        "<meta name=\"description\" content=\"A &amp; B\">")
                .doesNotContain("</script><script>alert(1)");
    }

    @Test
    void refusesUrlsThatAreNotHttp() {
        GalleryPageModel bad = new GalleryPageModel("t", null, null, "https://p/", "javascript:alert(1)", null, null,
                List.of(), null);
        assertThatThrownBy(() -> GalleryPageRenderer.render(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbedCode.of("javascript:alert(1)", 1, 1, "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void altTextFallsBackToTheDecodedFileName() {
        assertThat(new Item(null, "https://i.example/a/caf%C3%A9+bar.jpg?v=2", "", 1, 1).altText()).isEqualTo("café+bar.jpg");
        assertThat(new Item(null, "https://i.example/a/x.jpg", "Cap", 1, 1).altText()).isEqualTo("Cap");
    }

    @Test
    void playerSetupKeepsItsBounds() {
        assertThat(PlayerSetup.DEFAULTS).isEqualTo(new PlayerSetup(5, Transition.FADE, true, false, true, Theme.DARK));
        assertThatThrownBy(() -> new PlayerSetup(1, Transition.NONE, true, false, true, Theme.DARK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlayerSetup(61, Transition.NONE, true, false, true, Theme.DARK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Transition.of("Slide")).isEqualTo(Transition.SLIDE);
        assertThat(Theme.of("light")).isEqualTo(Theme.LIGHT);
    }

    @Test
    void embedCodeIsAnEscapedLazyIframeInAWrapperThatKeepsItsAspectRatio() {
        assertThat(EmbedCode.of("https://p.example/g/1/play?a=1&b=2", 640, 360, "My \"best\" <trip>"))
                .isEqualTo("<div style=\"position:relative;width:100%;max-width:640px;aspect-ratio:640/360\">"
                        + "<iframe src=\"https://p.example/g/1/play?a=1&amp;b=2\""
                        + " title=\"My &quot;best&quot; &lt;trip&gt;\" loading=\"lazy\" allow=\"fullscreen\""
                        + " style=\"position:absolute;inset:0;width:100%;height:100%;border:0\"></iframe></div>");
    }
}
