package dev.loupe.gallery;

import dev.loupe.gallery.page.GalleryView;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.http.Mappers;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import org.junit.jupiter.api.Test;

class GalleryViewTest {
    private final Gallery gallery = new Gallery("01JPROJECT", "my_gallery", "Trip & <friends>", Optional.empty(),
            Optional.empty(), Optional.of("hash"), Instant.ofEpochSecond(1254914155),
            Instant.ofEpochSecond(1254914155), 1, List.of(), Gallery.Details.DEFAULTS, 0);

    // Signing is local: no request leaves the test.
    private final ImageLinks links = new ImageLinks(S3Presigner.builder().region(Region.EU_WEST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build(),
            "images-bucket");

    @Test
    void xmlHasTheReferenceGalleryShape() throws Exception {
        GalleryView view = GalleryView.of(new GalleryService.Result(gallery, Optional.of("ksdfas654kljfnsd89745"),
                List.of()), "https://api.example.test", links);
        String xml = Mappers.xml().writeValueAsString(view);

        assertThat(xml).startsWith("<?xml")
                .contains("<gallery version=\"2\" updated=\"1254914155\">")
                .contains("<server>01JPROJECT</server><name>my_gallery</name>")
                .contains("<title>Trip &amp; &lt;friends></title>")
                .contains("<uploader><username/><token>ksdfas654kljfnsd89745</token></uploader>")
                .contains("<files total=\"0\"/>")
                .contains("<gallery_url>https://api.example.test/p/01JPROJECT/g/my_gallery</gallery_url>")
                .contains("<player_url>https://api.example.test/p/01JPROJECT/g/my_gallery/player</player_url>")
                .contains("<embed_code>&lt;div style=\"position:relative;width:100%;max-width:640px;aspect-ratio:640/480\">"
                        + "&lt;iframe src=\"https://api.example.test/p/01JPROJECT/g/my_gallery/player?embed=1\"")
                .doesNotContain("yfrog");
    }

    @Test
    void jsonHasTheSameFields() throws Exception {
        GalleryView view = GalleryView.of(new GalleryService.Result(gallery, Optional.empty(), List.of()), "https://h",
                links);
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
    void filesHaveTheReferenceFieldsAndPresignedLinks() throws Exception {
        Image image = new Image.Builder().projectId("01JPROJECT").imageId("01JIMAGE").fileName("beach.jpg")
                .status(ImageStatus.ACTIVE).extension("jpg").width(928).height(792).thumbnailSizes(List.of(150, 600))
                .objectKey("originals/01JPROJECT/01JIMAGE/beach.jpg").build();
        GalleryView view = GalleryView.of(new GalleryService.Result(gallery, Optional.empty(), List.of(image)),
                "https://h", links);
        String xml = Mappers.xml().writeValueAsString(view);
        assertThat(xml).contains("<files total=\"1\"><file><server>01JPROJECT</server><name>beach.jpg</name>"
                + "<bucket>01JIMAGE</bucket><thumbnail>true</thumbnail><width>928</width><height>792</height>"
                + "<image_url>http://127.0.0.1:9/images-bucket/originals/01JPROJECT/01JIMAGE/beach.jpg?");
        JsonNode json = Mappers.JSON.readTree(Mappers.JSON.writeValueAsString(view));
        assertThat(json.at("/files/file/0/thumbnail_url").asText())
                .contains("/thumbnails/").contains("X-Amz-Signature=");
    }

    @Test
    void listAndDeleteHaveTheReferenceShapes() throws Exception {
        String list = Mappers.xml().writeValueAsString(GalleryView.ListView.of(
                new GalleryService.ListResult(20, List.of(gallery)), "https://h"));
        assertThat(list).contains("<galleries version=\"2\"><count><total>20</total><batch>1</batch></count>"
                + "<gallery added=\"1254914155\"><server>01JPROJECT</server><name>my_gallery</name>")
                .contains("<player_url>https://h/p/01JPROJECT/g/my_gallery/player</player_url>");
        assertThat(Mappers.xml().writeValueAsString(GalleryView.Deleted.INSTANCE))
                .contains("<gallery version=\"1.0\"/>");
    }

    @Test
    void namesComeFromTheTitleWhenNoneIsGiven() {
        assertThat(GalleryInput.nameFromTitle("Summer in Lisbon!")).isEqualTo("summer_in_lisbon");
        assertThat(GalleryInput.nameFromTitle("  ")).isEqualTo("gallery");
        assertThat(GalleryInput.nameFromTitle("日本")).isEqualTo("gallery");
        assertThat(GalleryInput.nameFromTitle("a".repeat(80))).hasSize(60);
    }
}
