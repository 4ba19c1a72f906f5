package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public pages as they are served: the embedded local cloud runs the real routes from template.yaml, galleries
 * are made through the API from images uploaded through the API (ingested, with thumbnails in S3Proxy), and Debian's
 * headless Chromium opens {@code gallery_url}, {@code player_url} and {@code embed_code} as a visitor would. Images
 * load from S3Proxy by presigned URL, under each page's own CSP. Skipped without chromium and chromedriver.
 */
@LoupeCloudTest
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class GalleryRoutesBrowserTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String PASSWORD = "correct horse";

    /** One photo-like landscape each: sky, sun, hills, water; sizes differ so the layout sees several shapes. */
    record Photo(String file, int width, int height, Color skyTop, Color skyBottom, Color land, String caption) {
    }

    static final List<Photo> PHOTOS = List.of(
            new Photo("harbour.jpg", 1600, 1067, new Color(0x1d3557), new Color(0xf4a261), new Color(0x264653),
                    "Harbour at dawn"),
            new Photo("cliffs.jpg", 1200, 1600, new Color(0x5fa8d3), new Color(0xcae9ff), new Color(0x6b705c),
                    "The cliffs, from the path"),
            new Photo("dunes.jpg", 1500, 1000, new Color(0x8ecae6), new Color(0xfefae0), new Color(0xdda15e),
                    "Dunes, late afternoon"),
            new Photo("lighthouse.jpg", 1400, 1050, new Color(0x22223b), new Color(0x9a8c98), new Color(0x4a4e69),
                    "The lighthouse at dusk"),
            new Photo("meadow.jpg", 1600, 900, new Color(0x90e0ef), new Color(0xe0fbfc), new Color(0x52b788),
                    "Meadow above the bay"),
            new Photo("sunset.jpg", 1280, 853, new Color(0x6a040f), new Color(0xffba08), new Color(0x370617),
                    "Sunset over the water"));

    static ProjectClient cloud;
    static String userToken;
    static final List<String> imageIds = new ArrayList<>();
    static JsonNode sea;       // public, 6 photos, interval 2 s, no transition, no loop, captions on
    static JsonNode quiet;     // public, captions off, loop
    static JsonNode hidden;    // private
    static JsonNode locked;    // password
    static HttpServer otherOrigin;
    static String otherBase;
    static volatile String hostPage = "";

    WebDriver driver;

    static boolean browserAvailable() {
        return GalleryPagesBrowserTest.browserAvailable();
    }

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        GalleryPagesBrowserTest.CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        cloud = shared;
        userToken = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "ann", "Ann Example", Role.EDITOR);
        for (Photo photo : PHOTOS) {
            imageIds.add(upload(photo));
        }
        // The lightbox and player load renditions, which the S3-triggered ingest makes after each upload answered.
        awaitRenditions(imageIds);
        Map<String, String> captions = new LinkedHashMap<>();
        for (int i = 0; i < PHOTOS.size(); i++) {
            captions.put(imageIds.get(i), PHOTOS.get(i).caption());
        }
        Map<String, Object> seaBody = new LinkedHashMap<>();
        seaBody.put("name", "sea-week");
        seaBody.put("title", "A week by the sea");
        seaBody.put("description", "Six days of walks along the coast, from the harbour to the dunes.");
        seaBody.put("image", imageIds.subList(0, 5));
        seaBody.put("caption", captions.entrySet().stream().limit(5)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        seaBody.put("player_interval", 2);
        seaBody.put("player_transition", "none");
        seaBody.put("player_loop", false);
        seaBody.put("player_captions", true);
        created(seaBody);
        // The sixth photo is added afterwards, and captioned by an edit, as a user would.
        api("POST", "/v1/galleries/sea-week/images", Map.of("image", List.of(imageIds.get(5))), 200);
        sea = api("PATCH", "/v1/galleries/sea-week",
                Map.of("caption", Map.of(imageIds.get(5), PHOTOS.get(5).caption())), 200);

        quiet = created(Map.of("name", "quiet", "title", "Quiet", "image", imageIds.subList(0, 3),
                "caption", Map.of(imageIds.get(0), PHOTOS.get(0).caption()), "player_interval", 2,
                "player_captions", false, "player_loop", true, "player_theme", "light"));
        hidden = created(Map.of("name", "hidden", "title", "Only mine", "security", "private",
                "image", imageIds.subList(2, 4)));
        locked = created(Map.of("name", "locked", "title", "Family only", "security", "password",
                "password", PASSWORD, "image", imageIds.subList(3, 6)));

        otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherOrigin.createContext("/", ex -> {
            try (ex) {
                byte[] body = hostPage.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        otherOrigin.start();
        otherBase = "http://127.0.0.1:" + otherOrigin.getAddress().getPort();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (otherOrigin != null) otherOrigin.stop(0);
    }

    @BeforeEach
    void openBrowser() {
        driver = GalleryPagesBrowserTest.chromium(true);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) driver.quit();
    }

    // ---------------------------------------------------------------- the page

    @Test
    void thePageShowsEveryUploadedPhotoWithCaptionsPreviewTagsAndALightbox() throws IOException {
        String pageUrl = sea.at("/links/gallery_url").asText();
        assertThat(pageUrl).isEqualTo(cloud.baseUri().toString().replaceAll("/$", "") + "/p/"
                + cloud.project().projectId() + "/g/sea-week");
        driver.get(pageUrl);
        assertThat(driver.getTitle()).isEqualTo("A week by the sea");
        List<WebElement> thumbs = driver.findElements(By.cssSelector("#grid a.thumb img"));
        assertThat(thumbs).hasSize(PHOTOS.size());
        everyImageLoads(thumbs);
        for (int i = 0; i < PHOTOS.size(); i++) {
            // The grid shows the 800 px thumbnail from S3 (presigned), not the original.
            String src = thumbs.get(i).getDomProperty("src");
            assertThat(src).contains("/thumbnails/").contains("X-Amz-Signature=");
            assertThat(((Number) js("return arguments[0].naturalWidth", thumbs.get(i))).intValue()
                    + ((Number) js("return arguments[0].naturalHeight", thumbs.get(i))).intValue())
                    .isLessThan(PHOTOS.get(i).width() + PHOTOS.get(i).height());
        }
        List<String> captions = driver.findElements(By.cssSelector("#grid .caption")).stream()
                .map(WebElement::getText).toList();
        assertThat(captions).containsExactlyElementsOf(PHOTOS.stream().map(Photo::caption).toList());
        // The byline: the owner's name (no profile in the users table: the username) and the day the gallery was made.
        assertThat(driver.findElement(By.id("owner")).getText()).isEqualTo("Ann Example");
        assertThat(driver.findElement(By.id("date")).getDomAttribute("datetime"))
                .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(driver.findElement(By.className("description")).getText()).startsWith("Six days of walks");
        assertThat(meta("property", "og:title")).isEqualTo("A week by the sea");
        assertThat(meta("property", "og:url")).isEqualTo(pageUrl);
        // Issue 18: og:image is the stable sharing route of the first image, no longer the original's short link.
        assertThat(meta("property", "og:image")).isEqualTo(pageUrl + "/og/" + imageIds.getFirst());
        assertThat(meta("name", "twitter:card")).isEqualTo("summary_large_image");
        assertThat(driver.findElement(By.id("player-link")).getDomProperty("href"))
                .isEqualTo(sea.at("/links/player_url").asText());
        screenshot("routes-gallery-page.png");

        driver.findElements(By.cssSelector("#grid a.thumb")).get(2).click();
        WebElement box = driver.findElement(By.id("lightbox"));
        waitFor(Duration.ofSeconds(5), d -> box.isDisplayed());
        WebElement large = driver.findElement(By.id("lightbox-image"));
        // Issue 18: the lightbox shows a rendition that fits the window (RenditionsBrowserTest), not the original.
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0"
                + " && arguments[0].currentSrc.indexOf('" + imageIds.get(2) + "/w') > 0", large));
        assertThat(driver.findElement(By.id("lightbox-caption")).getText()).isEqualTo(PHOTOS.get(2).caption());
        screenshot("routes-lightbox.png");
        press(Keys.ARROW_RIGHT);
        waitFor(Duration.ofSeconds(5), d -> "3".equals(box.getDomAttribute("data-index")));
        press(Keys.ESCAPE);
        waitFor(Duration.ofSeconds(5), d -> !box.isDisplayed());
    }

    @Test
    void theResponsesCarryTheirHeadersAndThePageCannotBeFramedWhileThePlayerCan() throws Exception {
        HttpResponse<String> page = get(sea.at("/links/gallery_url").asText());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(page.headers().firstValue("content-security-policy")).hasValue("frame-ancestors 'none'");
        HttpResponse<String> player = get(sea.at("/links/player_url").asText());
        assertThat(player.headers().firstValue("content-security-policy")).hasValue("frame-ancestors * file:");
        assertThat(player.headers().firstValue("x-frame-options")).isEmpty();

        // Framed by another origin, the page is refused: the frame never gets its document.
        hostPage = "<!DOCTYPE html><html><head><title>framer</title></head><body><iframe id=\"f\" src=\""
                + sea.at("/links/gallery_url").asText() + "\" width=\"600\" height=\"400\""
                + " onload=\"window.frameDone = true\"></iframe></body></html>";
        driver.get(otherBase + "/");
        // The frame's load event fires once its navigation has ended, refused or not: no fixed wait.
        waitFor(Duration.ofSeconds(10), d -> Boolean.TRUE.equals(js("return window.frameDone === true")));
        driver.switchTo().frame(driver.findElement(By.id("f")));
        assertThat(driver.findElements(By.id("grid"))).isEmpty();
        driver.switchTo().defaultContent();
    }

    // ---------------------------------------------------------------- the player

    @Test
    void thePlayerAdvancesByItselfWithoutTransitionAndStopsAtTheLastPhoto() {
        driver.get(sea.at("/links/player_url").asText());
        assertThat(stage("interval")).isEqualTo("2");
        assertThat(stage("transition")).isEqualTo("none");
        assertThat(stage("loop")).isEqualTo("false");
        js("window.changes = {}; new MutationObserver(function () { var s = document.getElementById('stage');"
                + " window.changes[s.dataset.index] = performance.now(); })"
                + ".observe(document.getElementById('stage'), {attributes: true, attributeFilter: ['data-index']});");
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        assertThat(driver.findElement(By.id("slide-caption")).getText()).isEqualTo(PHOTOS.get(0).caption());
        assertThat(driver.findElement(By.id("slide-caption")).isDisplayed()).isTrue();
        waitFor(Duration.ofSeconds(6), d -> "1".equals(stage("index")));
        // No transition: the new photo and its caption are there at once, no fade class.
        assertThat(img.getDomAttribute("class")).isNullOrEmpty();
        assertThat(img.getDomProperty("src")).contains(imageIds.get(1)); // a rendition of cliffs.jpg (issue 18)
        assertThat(driver.findElement(By.id("slide-caption")).getText()).isEqualTo(PHOTOS.get(1).caption());
        // Each photo stays its interval (2 s): the page's own clock says when each change happened.
        waitFor(Duration.ofSeconds(6), d -> "2".equals(stage("index")));
        double shown = ((Number) js("return window.changes[2] - window.changes[1]")).doubleValue();
        assertThat(shown).isBetween(1900.0, 4500.0);
        int last = PHOTOS.size() - 1;
        waitFor(Duration.ofSeconds(2 * PHOTOS.size() + 6), d -> "true".equals(stage("ended")));
        assertThat(stage("index")).isEqualTo(Integer.toString(last));
        assertThat(stage("playing")).isEqualTo("false");
        assertThat(img.getDomProperty("src")).contains(imageIds.get(last)); // a rendition of sunset.jpg
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0"
                + " && arguments[0].currentSrc.indexOf('" + imageIds.get(last) + "/w') > 0", img));
        // It stays on the last photo.
        assertThatThrownBy(() -> waitFor(Duration.ofMillis(2500), d -> !Integer.toString(last).equals(stage("index"))))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void thePlayerPausesMovesWithArrowKeysAndHidesCaptionsWhenItsSetupSaysSo() throws IOException {
        driver.get(quiet.at("/links/player_url").asText());
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        WebElement caption = driver.findElement(By.id("slide-caption"));
        assertThat(caption.getAttribute("textContent")).isEqualTo(PHOTOS.get(0).caption());
        assertThat(caption.isDisplayed()).isFalse();
        assertThat(driver.findElement(By.tagName("body")).getCssValue("background-color"))
                .isEqualTo("rgba(250, 250, 250, 1)");
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "false".equals(stage("playing")));
        String paused = stage("index");
        assertThatThrownBy(() -> waitFor(Duration.ofMillis(3000), d -> !paused.equals(stage("index"))))
                .isInstanceOf(TimeoutException.class);
        int at = Integer.parseInt(paused);
        press(Keys.ARROW_RIGHT);
        waitFor(Duration.ofSeconds(2), d -> Integer.toString((at + 1) % 3).equals(stage("index")));
        press(Keys.ARROW_LEFT);
        press(Keys.ARROW_LEFT);
        // Looping: left from the first goes to the last.
        waitFor(Duration.ofSeconds(2), d -> Integer.toString((at + 2) % 3).equals(stage("index")));
        assertThat(stage("playing")).isEqualTo("false");
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "true".equals(stage("playing")));
        String resumed = stage("index");
        waitFor(Duration.ofSeconds(5), d -> !resumed.equals(stage("index")));
    }

    @Test
    void playerScreenshotOfTheRealRoute() throws IOException {
        driver.get(sea.at("/links/player_url").asText());
        press(Keys.SPACE); // hold the first photo for the picture
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        waitFor(Duration.ofSeconds(5), d -> "false".equals(stage("playing")));
        // On a loaded machine the player may have moved on before the key came: back to the first photo, paused.
        for (int back = 0; back < PHOTOS.size() && !"0".equals(stage("index")); back++) {
            String from = stage("index");
            press(Keys.ARROW_LEFT);
            waitFor(Duration.ofSeconds(5), d -> !from.equals(stage("index")));
        }
        assertThat(stage("playing")).isEqualTo("false");
        assertThat(driver.findElement(By.id("position")).getText()).isEqualTo("1 / " + PHOTOS.size());
        screenshot("routes-player.png");
    }

    @Test
    void theEmbedCodeShowsThePlayerOnAnotherOriginAndItAdvances() throws IOException {
        String embed = sea.at("/links/embed_code").asText();
        assertThat(embed).startsWith("<div ").contains("<iframe src=\"" + sea.at("/links/player_url").asText() + "?embed=1\"");
        hostPage = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Someone's blog</title>"
                + "</head><body><h1>My holiday</h1><p>Here is the slideshow:</p>" + embed + "</body></html>";
        driver.get(otherBase + "/");
        WebElement frame = driver.findElement(By.tagName("iframe"));
        String hostOrigin = (String) js("return location.origin");
        driver.switchTo().frame(frame);
        waitFor(Duration.ofSeconds(10), d -> {
            try {
                return "true".equals(stage("playing"));
            } catch (RuntimeException e) {
                return false;
            }
        });
        assertThat((String) js("return location.origin")).isNotEqualTo(hostOrigin)
                .isEqualTo(cloud.baseUri().toString().replaceAll("/$", ""));
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        waitFor(Duration.ofSeconds(6), d -> "1".equals(stage("index")));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0"
                + " && arguments[0].currentSrc.indexOf('" + imageIds.get(1) + "/w') > 0", img)); // a rendition
        driver.switchTo().defaultContent();
        screenshot("routes-embed.png");
    }

    @Test
    void theEmbedCodeWorksInAPageOpenedFromALocalFileWhileThePageStaysUnframeable() throws IOException {
        // People paste the embed code into an HTML file to try it; frame-ancestors * alone refuses that in Chromium.
        Path local = Files.createTempFile("loupe-embed-", ".html");
        try {
            Files.writeString(local, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Local</title>"
                    + "</head><body>" + sea.at("/links/embed_code").asText() + "<iframe id=\"page\" src=\""
                    + sea.at("/links/gallery_url").asText() + "\"></iframe></body></html>");
            driver.get(local.toUri().toString());
            driver.switchTo().frame(driver.findElement(By.cssSelector("iframe[title]")));
            waitFor(Duration.ofSeconds(10), d -> {
                try {
                    return "true".equals(stage("playing"));
                } catch (RuntimeException e) {
                    return false;
                }
            });
            driver.switchTo().defaultContent();
            // The gallery page itself is still refused in a frame: Chromium shows its error page instead.
            driver.switchTo().frame(driver.findElement(By.id("page")));
            waitFor(Duration.ofSeconds(10), d -> ((String) js("return location.href")).startsWith("chrome-error:"));
            assertThat(driver.findElements(By.id("grid"))).isEmpty();
            driver.switchTo().defaultContent();
        } finally {
            Files.deleteIfExists(local);
        }
    }

    // ---------------------------------------------------------------- security

    @Test
    void aPrivateGalleryIsRefusedAndOpensWithTheOwnersViewToken() throws Exception {
        String plain = cloud.baseUri().toString().replaceAll("/$", "") + "/p/" + cloud.project().projectId()
                + "/g/hidden";
        driver.get(plain);
        assertThat(driver.findElement(By.id("heading")).getText()).isEqualTo("Gallery not found");
        assertThat(driver.findElements(By.id("grid"))).isEmpty();
        HttpResponse<String> refused = get(plain);
        HttpResponse<String> missing = get(plain.replace("/hidden", "/no-such-gallery"));
        assertThat(refused.statusCode()).isEqualTo(404);
        // The same page as for a gallery that does not exist: nobody learns which.
        assertThat(refused.body()).isEqualTo(missing.body());
        // Another project's id in the URL is as absent.
        assertThat(get(plain.replace(cloud.project().projectId(), "01OTHERPROJECT")).statusCode()).isEqualTo(404);
        assertThat(get(plain + "/player").statusCode()).isEqualTo(404);

        // The owner's view hands out links with a view token; they open page and player.
        JsonNode owners = api("GET", "/v1/galleries/hidden", null, 200);
        String withToken = owners.at("/links/gallery_url").asText();
        assertThat(withToken).startsWith(plain + "?vt=");
        driver.get(withToken);
        assertThat(driver.getTitle()).isEqualTo("Only mine");
        everyImageLoads(driver.findElements(By.cssSelector("#grid img")));
        assertThat(driver.findElements(By.cssSelector("#grid img"))).hasSize(2);
        driver.findElement(By.id("player-link")).click();
        waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().contains("/player?vt="));
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        // A token for this gallery opens no other.
        String vt = withToken.substring(withToken.indexOf("?vt=") + 4);
        assertThat(get(plain.replace("/hidden", "/locked") + "?vt=" + vt).statusCode()).isEqualTo(401);
    }

    @Test
    void theOwnersSessionCookieOpensTheirPrivateGalleryWithoutAViewToken() throws Exception {
        // Users are registered by the project's backend (its token has no sub).
        HttpResponse<String> registered = HttpClients.send(cloud.baseUri(), "POST", "/v1/users", cloud.token(),
                "application/json", JSON.writeValueAsString(Map.of("username", "browser-owner", "email",
                        "browser-owner@example.com", "password", PASSWORD)), null);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode user = JSON.readTree(registered.body());
        String asOwner = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), user.path("user_id").asText(),
                "Browser Owner", Role.EDITOR);
        HttpResponse<String> made = HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", asOwner,
                "application/json", JSON.writeValueAsString(Map.of("name", "owners-own", "title", "Owner's own",
                        "security", "private", "image", imageIds.subList(0, 2))), null);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String sessionToken = api("POST", "/v1/sessions", Map.of("username", "browser-owner", "password", PASSWORD),
                201).path("token").asText();
        String page = cloud.baseUri().toString().replaceAll("/$", "") + "/p/" + cloud.project().projectId()
                + "/g/owners-own";

        driver.get(page);
        assertThat(driver.findElement(By.id("heading")).getText()).isEqualTo("Gallery not found");
        // The cookie as POST /v1/sessions sets it, less Secure: the local cloud speaks plain HTTP.
        driver.manage().addCookie(new org.openqa.selenium.Cookie.Builder("loupe_session", sessionToken).path("/")
                .isHttpOnly(true).build());
        driver.get(page);
        assertThat(driver.getTitle()).isEqualTo("Owner's own");
        assertThat(driver.getCurrentUrl()).doesNotContain("vt=");
        List<WebElement> images = driver.findElements(By.cssSelector("#grid img"));
        assertThat(images).hasSize(2);
        everyImageLoads(images);
        driver.findElement(By.id("player-link")).click();
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));

        // From another origin the cookie buys nothing: the API's CORS answer ('*', no credentials) makes the
        // browser refuse a credentialed call, while the same session's token as a Bearer header works.
        String api = cloud.baseUri().toString().replaceAll("/$", "");
        hostPage = "<!DOCTYPE html><html><head><title>waiting</title></head><body><script>"
                + "const whoami = '" + api + "/v1/whoami';"
                + "const withCookie = fetch(whoami, {credentials: 'include'}).then(r => r.json())"
                + ".then(j => 'read:' + j.username, e => 'refused');"
                + "const withBearer = fetch(whoami, {headers: {'Authorization': 'Bearer " + sessionToken + "'}})"
                + ".then(r => r.json()).then(j => 'bearer:' + j.username, e => 'bearer refused');"
                + "Promise.all([withCookie, withBearer]).then(a => document.title = a.join(' '));"
                + "</script></body></html>";
        driver.get(otherBase + "/app");
        // The API's first call may load its function: a generous limit on a loaded machine (a poll, not a wait).
        waitFor(Duration.ofSeconds(30), d -> !d.getTitle().equals("waiting"));
        assertThat(driver.getTitle()).isEqualTo("refused bearer:browser-owner");

        // A project that lists that origin shares credentials with it: its user's cookie now reads, same-site.
        Project listing = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "Lists the app", List.of(otherBase));
        cloud.cloud().projects().create(listing, java.time.Instant.now());
        String backend = TokenIssuer.backendToken(listing, Clock.systemUTC(), null, null, null);
        HttpResponse<String> appUser = HttpClients.send(cloud.baseUri(), "POST", "/v1/users", backend,
                "application/json", JSON.writeValueAsString(Map.of("username", "app-user", "email",
                        "app-user@example.com", "password", PASSWORD)), null);
        assertThat(appUser.statusCode()).as(appUser.body()).isEqualTo(201);
        HttpResponse<String> login = HttpClients.send(cloud.baseUri(), "POST", "/v1/sessions", backend,
                "application/json", JSON.writeValueAsString(Map.of("username", "app-user", "password", PASSWORD)),
                null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        String appSession = JSON.readTree(login.body()).path("token").asText();
        driver.manage().addCookie(new org.openqa.selenium.Cookie.Builder("loupe_session", appSession).path("/")
                .isHttpOnly(true).build());
        hostPage = hostPage.replace(sessionToken, appSession);
        driver.get(otherBase + "/listed-app");
        waitFor(Duration.ofSeconds(30), d -> !d.getTitle().equals("waiting"));
        assertThat(driver.getTitle()).isEqualTo("read:app-user bearer:app-user");
    }

    @Test
    void aPasswordGalleryAsksForItsPasswordRefusesAWrongOneAndOpensWithTheRightOne() throws Exception {
        String plain = locked.at("/links/gallery_url").asText().replaceFirst("\\?vt=.*$", "");
        driver.get(plain);
        assertThat(driver.findElement(By.id("heading")).getText()).isEqualTo("This gallery is protected");
        assertThat(driver.findElements(By.id("grid"))).isEmpty();
        assertThat(driver.findElements(By.id("problem"))).isEmpty();
        screenshot("routes-password.png");
        assertThat(get(plain).statusCode()).isEqualTo(401);

        driver.findElement(By.id("password")).sendKeys("guess");
        driver.findElement(By.cssSelector("#unlock button")).click();
        waitFor(Duration.ofSeconds(5), d -> !d.findElements(By.id("problem")).isEmpty());
        assertThat(driver.findElement(By.id("problem")).getText()).isEqualTo("Wrong password. Try again.");
        assertThat(driver.findElements(By.id("grid"))).isEmpty();

        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("#unlock button")).click();
        waitFor(Duration.ofSeconds(5), d -> !d.findElements(By.id("grid")).isEmpty());
        assertThat(driver.getCurrentUrl()).startsWith(plain + "?vt=");
        assertThat(driver.getTitle()).isEqualTo("Family only");
        everyImageLoads(driver.findElements(By.cssSelector("#grid img")));
        assertThat(driver.findElements(By.cssSelector("#grid img"))).hasSize(3);
        // The player link carries the token too.
        assertThat(driver.findElement(By.id("player-link")).getDomProperty("href")).contains("/player?vt=");

        // Over plain HTTP: 303 to the page with the token, 403 and the form for a wrong one, 400 without one.
        HttpResponse<String> right = post(plain + "/unlock", "view=page&password=correct+horse");
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("location").orElseThrow()).startsWith(plain + "?vt=");
        assertThat(post(plain + "/unlock", "view=player&password=correct+horse").headers().firstValue("location")
                .orElseThrow()).startsWith(plain + "/player?vt=");
        HttpResponse<String> wrong = post(plain + "/unlock", "view=page&password=nope");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("Wrong password");
        assertThat(post(plain + "/unlock", "view=page").statusCode()).isEqualTo(400);
        assertThat(post(plain + "/unlock", "view=elsewhere&password=x").statusCode()).isEqualTo(400);
        // A public gallery has no password to give.
        assertThat(post(sea.at("/links/gallery_url").asText() + "/unlock", "password=xxxx").statusCode())
                .isEqualTo(400);
        assertThat(get(plain + "?vt=not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void everyVisitIsCounted() throws Exception {
        long before = api("GET", "/v1/galleries/sea-week", null, 200).path("views").asLong();
        driver.get(sea.at("/links/gallery_url").asText());
        driver.findElement(By.id("grid"));
        driver.get(sea.at("/links/player_url").asText());
        driver.findElement(By.id("stage"));
        long after = api("GET", "/v1/galleries/sea-week", null, 200).path("views").asLong();
        assertThat(after).isEqualTo(before + 2);
        // Refusals count nothing.
        long lockedBefore = api("GET", "/v1/galleries/locked", null, 200).path("views").asLong();
        get(locked.at("/links/gallery_url").asText().replaceFirst("\\?vt=.*$", ""));
        assertThat(api("GET", "/v1/galleries/locked", null, 200).path("views").asLong()).isEqualTo(lockedBefore);
    }

    // ---------------------------------------------------------------- helpers

    static String upload(Photo photo) throws Exception {
        Multipart body = new Multipart().part("file", photo.file(), "image/jpeg", photoJpeg(photo));
        HttpResponse<String> response = HttpClients.send(HttpRequest.newBuilder(cloud.baseUri().resolve("/v1/uploads"))
                .header("Authorization", "Bearer " + userToken).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode image = JSON.readTree(response.body());
        assertThat(image.path("status").asText()).isEqualTo("active");
        return image.path("id").asText();
    }

    /** Polls the images' API answers until each lists its renditions (the asynchronous ingest made them). */
    static void awaitRenditions(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (String id : ids) {
            while (api("GET", "/v1/images/" + id, null, 200).path("renditions").isEmpty()) {
                assertThat(System.nanoTime()).as("the renditions of %s", id).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    static JsonNode created(Map<String, Object> body) throws Exception {
        return api("POST", "/v1/galleries", body, 201);
    }

    static JsonNode api(String method, String path, Object body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .header("Authorization", "Bearer " + userToken).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = HttpClients.send(request.build());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClients.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static HttpResponse<String> post(String url, String form) throws Exception {
        return HttpClients.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** A landscape: a sky gradient, a sun, two ranges of hills and water with a few ripples. */
    static byte[] photoJpeg(Photo p) throws IOException {
        int w = p.width();
        int h = p.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Random random = new Random(p.file().hashCode());
        int horizon = (int) (h * 0.62);
        g.setPaint(new GradientPaint(0, 0, p.skyTop(), 0, horizon, p.skyBottom()));
        g.fillRect(0, 0, w, horizon);
        int sun = Math.min(w, h) / 7;
        int sunX = (int) (w * (0.2 + 0.6 * random.nextDouble()));
        int sunY = (int) (horizon * (0.3 + 0.4 * random.nextDouble()));
        g.setColor(new Color(255, 244, 214, 90));
        g.fillOval(sunX - sun, sunY - sun, sun * 2, sun * 2);
        g.setColor(new Color(255, 250, 235));
        g.fillOval(sunX - sun / 2, sunY - sun / 2, sun, sun);
        for (int range = 0; range < 2; range++) {
            Color base = range == 0 ? p.land().brighter() : p.land();
            Path2D hills = new Path2D.Double();
            hills.moveTo(0, h);
            double y = horizon - h * (range == 0 ? 0.12 : 0.04);
            for (int step = 0; step <= 12; step++) {
                y += (random.nextDouble() - 0.5) * h * 0.08;
                hills.lineTo(w * step / 12.0, Math.min(horizon, y));
            }
            hills.lineTo(w, h);
            hills.closePath();
            g.setPaint(new GradientPaint(0, horizon - h * 0.15f, base, 0, h, base.darker().darker()));
            g.fill(hills);
        }
        g.setPaint(new GradientPaint(0, horizon + h * 0.08f, p.skyBottom().darker(), 0, h,
                p.skyTop().darker()));
        g.fillRect(0, (int) (horizon + h * 0.08), w, h);
        g.setStroke(new BasicStroke(Math.max(2, h / 300f)));
        for (int i = 0; i < 40; i++) {
            int ry = (int) (horizon + h * 0.1 + random.nextDouble() * (h - horizon - h * 0.1));
            int rx = random.nextInt(w);
            g.setColor(new Color(255, 255, 255, 40 + random.nextInt(60)));
            g.drawLine(rx, ry, rx + w / 20 + random.nextInt(w / 10), ry);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    String stage(String attribute) {
        return driver.findElement(By.id("stage")).getDomAttribute("data-" + attribute);
    }

    String meta(String key, String name) {
        return driver.findElement(By.cssSelector("meta[" + key + "='" + name + "']")).getDomAttribute("content");
    }

    void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** Scrolls each image into view (they load lazily) and waits until it has decoded pixels. */
    void everyImageLoads(List<WebElement> images) {
        for (WebElement img : images) {
            js("arguments[0].scrollIntoView({block:'center'})", img);
            waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        }
        js("window.scrollTo(0,0)");
    }
}
