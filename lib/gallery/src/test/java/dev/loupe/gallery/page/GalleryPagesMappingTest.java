package dev.loupe.gallery.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.gallery.Gallery;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.PlayerSetup;
import dev.loupe.gallery.Security;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Format;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageStatus;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** GalleryPages' mapping of a visible gallery to the page model, and the HTML family's answers and headers. */
class GalleryPagesMappingTest {
    // Signing is local: no request leaves the test.
    private final ImageLinks links = new ImageLinks(S3Presigner.builder().region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build(),
            "images");

    private static Image image(String id, String file, int width, int height, List<Integer> thumbnails) {
        return new Image.Builder().projectId("01PROJ").imageId(id).fileName(file).status(ImageStatus.ACTIVE)
                .extension("jpg").width(width).height(height).thumbnailSizes(thumbnails)
                .objectKey("originals/01PROJ/" + id + "/" + file).build();
    }

    private static Gallery gallery(String title, Optional<String> cover) {
        PlayerSetup player = new PlayerSetup(7, PlayerSetup.Transition.SLIDE, false, true, false,
                PlayerSetup.Theme.LIGHT);
        Gallery.Details details = new Gallery.Details("Two days by the sea", Security.PASSWORD, Optional.of("h"),
                Optional.of("k"), player, cover, Map.of("b", "The dunes"), false);
        return new Gallery("01PROJ", "sea-trip", title, Optional.of("u1"), Optional.of("Ann"), Optional.empty(),
                Instant.EPOCH, Instant.EPOCH, 3, List.of("a", "b"), details, 12);
    }

    private final List<Image> images = List.of(image("a", "harbour.jpg", 1200, 800, List.of(150, 800)),
            image("b", "dunes.jpg", 640, 480, List.of(150)));

    @Test
    void theOwnerShowsByTheirProfilesNameElseTheirUsernameButNeverByAUserIdAndTheDateAndNoindexFollowTheGallery() {
        Gallery g = gallery("Sea trip", Optional.empty());
        assertThat(GalleryPages.ownerName(g, (project, user) -> project.equals("01PROJ") && user.equals("u1")
                ? Optional.of("Ann Example") : Optional.empty())).isEqualTo("Ann Example");
        assertThat(GalleryPages.ownerName(g, GalleryPages.OwnerNames.NONE)).isEqualTo("Ann");
        assertThat(GalleryPages.ownerName(g, (project, user) -> {
            throw new IllegalStateException("users table unreachable");
        })).isEqualTo("Ann");
        // A token without a username stored its sub as the name: the page shows nothing rather than the id.
        Gallery idOnly = new Gallery("01PROJ", "sea-trip", "", Optional.of("u1"), Optional.of("u1"), Optional.empty(),
                Instant.EPOCH, Instant.EPOCH, 3, List.of(), g.details(), 0);
        assertThat(GalleryPages.ownerName(idOnly, GalleryPages.OwnerNames.NONE)).isEmpty();
        Gallery anonymous = new Gallery("01PROJ", "sea-trip", "", Optional.empty(), Optional.empty(),
                Optional.of("hash"), Instant.EPOCH, Instant.EPOCH, 3, List.of(), g.details(), 0);
        assertThat(GalleryPages.ownerName(anonymous, (project, user) -> Optional.of("never asked"))).isEmpty();

        GalleryPageModel model = GalleryPages.model(new GalleryService.PublicView(g, images, Optional.empty()),
                "https://pages.test", links);
        assertThat(model.added()).isEqualTo(Instant.EPOCH);
        assertThat(model.indexable()).as("a password-protected gallery").isFalse();
        assertThat(model.downloads()).isTrue();
        assertThat(model.items().getFirst().downloadUrl()).contains("response-content-disposition=attachment");
        Gallery.Details listed = new Gallery.Details("", Security.PUBLIC, Optional.empty(), Optional.empty(),
                PlayerSetup.DEFAULTS, Optional.empty(), Map.of(), false);
        assertThat(GalleryPages.model(new GalleryService.PublicView(new Gallery("01PROJ", "sea-trip", "",
                Optional.empty(), Optional.empty(), Optional.of("h"), Instant.EPOCH, Instant.EPOCH, 1, List.of(),
                listed, 0), List.of(), Optional.empty()), "https://pages.test", links).indexable()).isTrue();
    }

    @Test
    void aVisibleGalleryMapsToThePageModelWithPresignedLinksAndItsViewToken() {
        GalleryPageModel model = GalleryPages.model(new GalleryService.PublicView(gallery("Sea trip",
                Optional.of("b")), images, Optional.of("tok.en")), "https://pages.test", links);

        assertThat(model.title()).isEqualTo("Sea trip");
        assertThat(model.description()).isEqualTo("Two days by the sea");
        assertThat(model.ownerName()).isEqualTo("Ann");
        assertThat(model.pageUrl()).isEqualTo("https://pages.test/p/01PROJ/g/sea-trip?vt=tok.en");
        assertThat(model.playerUrl()).isEqualTo("https://pages.test/p/01PROJ/g/sea-trip/player?vt=tok.en");
        assertThat(model.embedUrl()).isEqualTo("https://pages.test/p/01PROJ/g/sea-trip/player?vt=tok.en&embed=1");
        assertThat(model.player()).isEqualTo(gallery("", Optional.empty()).details().player());
        assertThat(model.items()).hasSize(2);
        var first = model.items().get(0);
        // The grid gets the 800 px thumbnail, the lightbox and player the original; both presigned.
        assertThat(first.thumbnailUrl()).startsWith("http://127.0.0.1:9/images/thumbnails/01PROJ/a/")
                .contains("800").contains("X-Amz-Signature=");
        assertThat(first.imageUrl()).startsWith("http://127.0.0.1:9/images/originals/01PROJ/a/harbour.jpg?")
                .contains("X-Amz-Signature=");
        assertThat(first.caption()).isEmpty();
        assertThat(first.width()).isEqualTo(1200);
        assertThat(first.height()).isEqualTo(800);
        var second = model.items().get(1);
        // Without an 800 px thumbnail (a small image), the grid shows the original.
        assertThat(second.thumbnailUrl()).isEqualTo(second.imageUrl());
        assertThat(second.caption()).isEqualTo("The dunes");
        // The chosen cover, not the first image, on the stable sharing route (issue 18: no longer the original's
        // presigned link, which dies within hours), with the view token that opened the page.
        assertThat(model.coverImageUrl()).isEqualTo("https://pages.test/p/01PROJ/g/sea-trip/og/b?vt=tok.en");
    }

    @Test
    void anImageWhoseRenditionsAreStillBeingMadeShowsItsThumbnailAndOriginalThenItsRenditions() {
        // Just uploaded through the API: thumbnails, no renditions yet (the S3-triggered ingest makes them).
        Image pending = image("a", "harbour.jpg", 1200, 800, List.of(150, 800));
        GalleryPageModel before = GalleryPages.model(new GalleryService.PublicView(gallery("Sea trip",
                Optional.empty()), List.of(pending), Optional.empty()), "https://pages.test", links);
        assertThat(before.items().getFirst().picture()).isNull();
        String page = GalleryPageRenderer.render(before);
        assertThat(page).contains("<img src=\"http://127.0.0.1:9/images/thumbnails/01PROJ/a/800.jpg?")
                .doesNotContain("<source type=").doesNotContain("/w1200.");
        // The player's slide is the original until a rendition exists: never a missing file.
        assertThat(PlayerPageRenderer.render(before)).contains("/images/originals/01PROJ/a/harbour.jpg?")
                .doesNotContain("/w1200.");

        Image ready = pending.toBuilder().renditionWidths(List.of(1200, 640, 320)).build();
        GalleryPageModel after = GalleryPages.model(new GalleryService.PublicView(gallery("Sea trip",
                Optional.empty()), List.of(ready), Optional.empty()), "https://pages.test", links);
        assertThat(after.items().getFirst().picture().avif()).extracting(GalleryPageModel.Candidate::width)
                .containsExactly(1200, 640, 320);
        assertThat(GalleryPageRenderer.render(after)).contains("<source type=\"image/avif\"")
                .contains("/images/thumbnails/01PROJ/a/w640.avif?");
        assertThat(PlayerPageRenderer.render(after)).contains("/images/thumbnails/01PROJ/a/w1200.jpg?");
    }

    @Test
    void withoutCoverTitleOrTokenThePageFallsBackToTheFirstImageAndTheName() {
        GalleryPageModel model = GalleryPages.model(new GalleryService.PublicView(gallery("", Optional.empty()),
                images, Optional.empty()), "http://127.0.0.1:3000", links);
        assertThat(model.title()).isEqualTo("sea-trip");
        assertThat(model.pageUrl()).isEqualTo("http://127.0.0.1:3000/p/01PROJ/g/sea-trip");
        assertThat(model.embedUrl()).isEqualTo("http://127.0.0.1:3000/p/01PROJ/g/sea-trip/player?embed=1");
        assertThat(model.coverImageUrl()).isEqualTo("http://127.0.0.1:3000/p/01PROJ/g/sea-trip/og/a");
        // The page's CSP lets the browser load exactly the S3 endpoint's images.
        assertThat(GalleryPageRenderer.render(model)).contains("img-src http://127.0.0.1:9;");
        assertThat(PlayerPageRenderer.render(model)).contains("img-src http://127.0.0.1:9;");
    }

    @Test
    void pagesAnswerHtmlThatCannotBeFramedAndThePlayerCanBe() {
        APIGatewayV2HTTPResponse page = PublicPages.PAGE.html("<p>hi</p>");
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-store").containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("Content-Security-Policy", "frame-ancestors 'none'")
                .containsEntry("X-Frame-Options", "DENY");
        APIGatewayV2HTTPResponse player = PublicPages.PLAYER.html("<p>hi</p>");
        assertThat(player.getHeaders()).containsEntry("Content-Security-Policy", "frame-ancestors * file:")
                .doesNotContainKey("X-Frame-Options").containsEntry("Referrer-Policy", "no-referrer");
        // A gallery that is not public (unlisted, or shown with a view token) keeps out of search engines.
        assertThat(page.getHeaders()).doesNotContainKey("X-Robots-Tag");
        assertThat(PublicPages.PAGE.html("<p>hi</p>", true).getHeaders()).doesNotContainKey("X-Robots-Tag");
        assertThat(PublicPages.PAGE.html("<p>hi</p>", false).getHeaders()).containsEntry("X-Robots-Tag", "noindex");
        assertThat(PublicPages.PLAYER.html("<p>hi</p>", false).getHeaders()).containsEntry("X-Robots-Tag", "noindex");
        APIGatewayV2HTTPResponse moved = PublicPages.PAGE.seeOther("https://h/p/x/g/y?vt=t");
        assertThat(moved.getStatusCode()).isEqualTo(303);
        assertThat(moved.getHeaders()).containsEntry("Location", "https://h/p/x/g/y?vt=t")
                .containsEntry("Cache-Control", "no-store");
        assertThatThrownBy(() -> PublicPages.PAGE.ok(200, Map.of(), Format.JSON))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void errorsAreSmallPagesWithTheirStatusAndThePasswordFormWhereItHelps() {
        var form = Optional.of(new PublicPages.PasswordForm("https://h/p/x/g/y/unlock", "player"));
        APIGatewayV2HTTPResponse missing = PublicPages.PAGE.error(new ApiError(404, "not_exist", "Specified album "
                + "does not exist", "g"), form);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getBody()).contains("<h1 id=\"heading\">Gallery not found</h1>").doesNotContain("<form")
                .doesNotContain("album");

        APIGatewayV2HTTPResponse locked = PublicPages.PLAYER.error(new ApiError(401, "password_required", "x"), form);
        assertThat(locked.getStatusCode()).isEqualTo(401);
        assertThat(locked.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Content-Security-Policy", "frame-ancestors * file:");
        assertThat(locked.getBody()).contains("<form id=\"unlock\" method=\"post\" action=\"https://h/p/x/g/y/unlock\">")
                .contains("<input type=\"hidden\" name=\"view\" value=\"player\">")
                .contains("type=\"password\"").doesNotContain("<script").doesNotContain("Wrong password")
                .contains("form-action &#39;self&#39;");

        APIGatewayV2HTTPResponse wrong = PublicPages.PAGE.error(new ApiError(403, "wrong_password", "x"), form);
        assertThat(wrong.getStatusCode()).isEqualTo(403);
        assertThat(wrong.getBody()).contains("Wrong password. Try again.").contains("<form id=\"unlock\"");

        APIGatewayV2HTTPResponse bad = PublicPages.PAGE.error(new ApiError(400, "malformed_query", "The query "
                + "string is <not> valid"), Format.JSON);
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(bad.getBody()).contains("Bad request").contains("The query string is &lt;not&gt; valid");

        APIGatewayV2HTTPResponse ours = PublicPages.PAGE.error(new ApiError(500, "io_read_error", "Unable to read "
                + "album information"), Format.XML);
        assertThat(ours.getStatusCode()).isEqualTo(500);
        assertThat(ours.getBody()).contains("Something went wrong").doesNotContain("album");
    }
}
