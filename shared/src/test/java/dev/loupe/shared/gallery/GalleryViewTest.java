package dev.loupe.shared.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.shared.http.Mappers;
import org.junit.jupiter.api.Test;

class GalleryViewTest {
    private final Gallery gallery = new Gallery("01JPROJECT", "my_gallery", "Trip & <friends>", Optional.empty(),
            Optional.empty(), Optional.of("hash"), Instant.ofEpochSecond(1254914155),
            Instant.ofEpochSecond(1254914155), 1);

    @Test
    void xmlHasTheReferenceGalleryShape() throws Exception {
        GalleryView view = GalleryView.of(new GalleryService.Result(gallery, Optional.of("ksdfas654kljfnsd89745")),
                "https://api.example.test");
        String xml = Mappers.XML.writeValueAsString(view);

        assertThat(xml).startsWith("<?xml")
                .contains("<gallery version=\"2\" updated=\"1254914155\">")
                .contains("<server>01JPROJECT</server><name>my_gallery</name>")
                .contains("<title>Trip &amp; &lt;friends></title>")
                .contains("<uploader><username/><token>ksdfas654kljfnsd89745</token></uploader>")
                .contains("<files total=\"0\"/>")
                .contains("<gallery_url>https://api.example.test/p/01JPROJECT/g/my_gallery</gallery_url>")
                .contains("<player_url>https://api.example.test/p/01JPROJECT/g/my_gallery/player</player_url>")
                .contains("<embed_code>&lt;iframe src=\"https://api.example.test/p/01JPROJECT/g/my_gallery/player")
                .doesNotContain("yfrog");
    }

    @Test
    void jsonHasTheSameFields() throws Exception {
        GalleryView view = GalleryView.of(new GalleryService.Result(gallery, Optional.empty()), "https://h");
        JsonNode json = Mappers.JSON.readTree(Mappers.JSON.writeValueAsString(view));

        assertThat(json.path("version").asInt()).isEqualTo(2);
        assertThat(json.path("updated").asLong()).isEqualTo(1254914155L);
        assertThat(json.path("server").asText()).isEqualTo("01JPROJECT");
        assertThat(json.path("name").asText()).isEqualTo("my_gallery");
        assertThat(json.at("/uploader/token").isNull()).isTrue();
        assertThat(json.at("/files/total").asInt()).isZero();
        assertThat(json.at("/links/gallery_url").asText()).isEqualTo("https://h/p/01JPROJECT/g/my_gallery");
        assertThat(json.at("/links/embed_code").asText()).contains("title=\"Trip &amp; &lt;friends&gt;\"");
    }

    @Test
    void namesComeFromTheTitleWhenNoneIsGiven() {
        assertThat(GalleryService.nameFromTitle("Summer in Lisbon!")).isEqualTo("summer_in_lisbon");
        assertThat(GalleryService.nameFromTitle("  ")).isEqualTo("gallery");
        assertThat(GalleryService.nameFromTitle("日本")).isEqualTo("gallery");
        assertThat(GalleryService.nameFromTitle("a".repeat(80))).hasSize(60);
    }
}
