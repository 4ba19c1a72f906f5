package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.LibraryKeys;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Renditions as a visitor gets them (issue 18): photos uploaded through the API are ingested into AVIF, WebP and
 * JPEG renditions, a sharing crop and a placeholder; the page offers them by srcset and picture, and Chromium, at a
 * desktop's 1366 x 900 and a phone's 390 x 844 at DPR 3, loads in the grid and the lightbox a rendition no wider than
 * about twice the screen's width in device pixels, never the original. The og:image route redirects to a fresh link
 * and keeps the gallery's security. Screenshots go to target/screenshots (copied to docs/screenshots).
 */
@LoupeCloudTest
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class RenditionsBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final List<GalleryRoutesBrowserTest.Photo> PHOTOS = List.of(
            new GalleryRoutesBrowserTest.Photo("bay.jpg", 2400, 1600, new Color(0x1d3557), new Color(0xf4a261),
                    new Color(0x264653), "The bay"),
            new GalleryRoutesBrowserTest.Photo("tower.jpg", 1400, 2100, new Color(0x5fa8d3), new Color(0xcae9ff),
                    new Color(0x6b705c), "The tower"),
            new GalleryRoutesBrowserTest.Photo("field.jpg", 2200, 1400, new Color(0x90e0ef), new Color(0xe0fbfc),
                    new Color(0x52b788), "The field"));

    static ProjectClient cloud;
    static String userToken;
    static final List<String> imageIds = new ArrayList<>();
    static String pageUrl;

    static boolean browserAvailable() {
        return GalleryPagesBrowserTest.browserAvailable();
    }

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        GalleryPagesBrowserTest.CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        cloud = shared;
        userToken = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "rita", "Rita Example", Role.EDITOR);
        for (GalleryRoutesBrowserTest.Photo photo : PHOTOS) {
            imageIds.add(upload(photo));
        }
        pageUrl = api("POST", "/v1/galleries", Map.of("name", "renditions", "title", "Renditions",
                "image", imageIds), 201).at("/links/gallery_url").asText();
        api("POST", "/v1/galleries", Map.of("name", "renditions-private", "security", "private",
                "image", imageIds), 201);
        Files.createDirectories(SCREENSHOTS);
    }

    @Test
    void ingestKeepsImmutableRenditionsAndTheImageAnswerCarriesItsPlaceholder() throws Exception {
        JsonNode image = api("GET", "/v1/images/" + imageIds.getFirst(), null, 200);
        assertThat(image.at("/placeholder/type").asText()).isEqualTo("blurhash");
        assertThat(image.at("/placeholder/value").asText()).hasSize(28); // 4 x 3 components
        try (S3Client s3 = cloud.backend().s3()) {
            String bucket = cloud.provisioned().bucketName("ImageBucket");
            String project = cloud.project().projectId();
            List<String> keys = s3.listObjectsV2(l -> l.bucket(bucket)
                    .prefix(LibraryKeys.thumbnailPrefix(project, imageIds.getFirst()))).contents().stream()
                    .map(S3Object::key).map(k -> k.substring(k.lastIndexOf('/') + 1)).sorted().toList();
            // 2400 px wide: every width, never enlarged past it, in three formats; the crop; the two thumbnails.
            assertThat(keys).containsExactlyInAnyOrder("150.jpg", "800.jpg", "og.jpg",
                    "w320.avif", "w320.webp", "w320.jpg", "w640.avif", "w640.webp", "w640.jpg",
                    "w1280.avif", "w1280.webp", "w1280.jpg", "w2048.avif", "w2048.webp", "w2048.jpg");
            var head = s3.headObject(h -> h.bucket(bucket)
                    .key(LibraryKeys.renditionKey(project, imageIds.getFirst(), 640, "avif")));
            assertThat(head.cacheControl()).isEqualTo(ImageObjects.IMMUTABLE);
            assertThat(head.contentType()).isEqualTo("image/avif");

            // Deleting an image deletes its renditions with its thumbnails.
            String doomed = upload(PHOTOS.get(2));
            api("DELETE", "/v1/images/" + doomed, null, 204);
            assertThat(s3.listObjectsV2(l -> l.bucket(bucket).prefix(LibraryKeys.thumbnailPrefix(project, doomed)))
                    .contents()).isEmpty();
        }
    }

    @Test
    void ogImageIsAStableRouteToTheSharingCropThatKeepsTheGallerysSecurity() throws Exception {
        String og = pageUrl + "/og/" + imageIds.getFirst();
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<byte[]> redirect = client.send(HttpRequest.newBuilder(java.net.URI.create(og)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("location").orElseThrow();
        assertThat(location).contains("/og.jpg").contains("X-Amz-Signature=");
        HttpResponse<byte[]> crop = client.send(HttpRequest.newBuilder(java.net.URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(crop.statusCode()).isEqualTo(200);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(crop.body()));
        assertThat(decoded.getWidth()).isEqualTo(1200);
        assertThat(decoded.getHeight()).isEqualTo(630);

        String base = cloud.baseUri().toString().replaceAll("/$", "");
        String project = cloud.project().projectId();
        for (String hidden : List.of(base + "/p/" + project + "/g/renditions-private/og/" + imageIds.getFirst(),
                base + "/p/01OTHERPROJECT0000000000000/g/renditions/og/" + imageIds.getFirst(),
                pageUrl + "/og/no-such-image")) {
            assertThat(client.send(HttpRequest.newBuilder(java.net.URI.create(hidden)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as(hidden).isEqualTo(404);
        }
        // The page names it, absolute, as link previews need.
        assertThat(HttpClients.send(HttpRequest.newBuilder(java.net.URI.create(pageUrl)).build()).body())
                .contains("<meta property=\"og:image\" content=\"" + og + "\">");
    }

    @Test
    void onADesktopTheGridAndLightboxLoadRenditionsThatFitTheScreen() throws IOException {
        screen(1366, 900, 1, "renditions-desktop");
    }

    @Test
    void onAPhoneTheGridAndLightboxLoadRenditionsThatFitTheScreen() throws IOException {
        screen(390, 844, 3, "renditions-phone");
    }

    @Test
    void placeholdersArePaintedWithoutJavaScript() throws IOException {
        WebDriver driver = chromium(1366, 900, 1, false);
        try {
            driver.get(pageUrl);
            List<WebElement> thumbs = driver.findElements(By.cssSelector("#grid a.thumb img"));
            assertThat(thumbs).hasSize(PHOTOS.size());
            for (WebElement thumb : thumbs) {
                assertThat(thumb.getCssValue("background-image")).startsWith("url(\"data:image/bmp;base64,");
            }
            // What a visitor sees before the renditions arrive: each image's colours, blurred; no grey box.
            js(driver, "document.querySelectorAll('#grid img').forEach(function (i) {"
                    + " i.style.objectPosition = '100000px 100000px'; })");
            screenshot(driver, "renditions-placeholders.png");
        } finally {
            driver.quit();
        }
    }

    private void screen(int width, int height, int dpr, String name) throws IOException {
        WebDriver driver = chromium(width, height, dpr, true);
        try {
            driver.get(pageUrl);
            assertThat(((Number) js(driver, "return window.innerWidth")).intValue()).isEqualTo(width);
            assertThat(((Number) js(driver, "return window.devicePixelRatio")).intValue()).isEqualTo(dpr);
            List<WebElement> thumbs = driver.findElements(By.cssSelector("#grid a.thumb img"));
            assertThat(thumbs).hasSize(PHOTOS.size());
            for (int i = 0; i < thumbs.size(); i++) {
                WebElement img = thumbs.get(i);
                js(driver, "arguments[0].scrollIntoView({block:'center'})", img);
                waitFor(driver, d -> (Boolean) js(d, "return arguments[0].complete && arguments[0].naturalWidth > 0",
                        img));
                // The cell's width in device pixels decides the pick: AVIF, the smallest rendition that covers it.
                String current = (String) js(driver, "return arguments[0].currentSrc", img);
                assertThat(current).contains("/thumbnails/").containsPattern("/w[0-9]+\\.avif\\?");
                double cell = ((Number) js(driver, "return arguments[0].getBoundingClientRect().width", img))
                        .doubleValue() * dpr;
                assertThat((double) renditionWidth(current))
                        .isGreaterThanOrEqualTo(Math.min(cell, PHOTOS.get(i).width()) - 1)
                        .isLessThanOrEqualTo(Math.max(2 * cell, 320));
            }
            js(driver, "window.scrollTo(0,0)");
            screenshot(driver, name + "-grid.png");

            driver.findElements(By.cssSelector("#grid a.thumb")).getFirst().click();
            WebElement large = driver.findElement(By.id("lightbox-image"));
            waitFor(driver, d -> (Boolean) js(d, "return arguments[0].complete && arguments[0].naturalWidth > 0"
                    + " && arguments[0].currentSrc.indexOf('" + imageIds.getFirst() + "') > 0", large));
            String current = (String) js(driver, "return arguments[0].currentSrc", large);
            assertThat(current).containsPattern("/w[0-9]+\\.avif\\?");
            int loaded = renditionWidth(current);
            assertThat(loaded).as("the lightbox's image, %s", current).isLessThanOrEqualTo(2 * width * dpr);
            // Sharp: at least what the lightbox shows, in device pixels (or all the image has).
            double shown = ((Number) js(driver, "return arguments[0].getBoundingClientRect().width", large))
                    .doubleValue() * dpr;
            assertThat(loaded).isGreaterThanOrEqualTo((int) Math.min(shown, PHOTOS.getFirst().width()) - 1);
            // What the browser fetched: renditions only, never an original.
            @SuppressWarnings("unchecked")
            List<String> fetched = (List<String>) js(driver,
                    "return performance.getEntriesByType('resource').map(function (e) { return e.name; })");
            assertThat(fetched).isNotEmpty().noneMatch(u -> u.contains("/originals/"));
            screenshot(driver, name + "-lightbox.png");
        } finally {
            driver.quit();
        }
    }

    /**
     * The width of the rendition a currentSrc names ({@code .../w1280.avif?...}): naturalWidth would not tell, since
     * for a srcset's pick it is the width divided by the density the pick has for its sizes.
     */
    static int renditionWidth(String currentSrc) {
        var m = java.util.regex.Pattern.compile("/w([0-9]+)\\.(avif|webp|jpg)\\?").matcher(currentSrc);
        assertThat(m.find()).as("a rendition: %s", currentSrc).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static ChromeDriver chromium(int width, int height, int dpr, boolean javascript) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + GalleryPagesBrowserTest.tempProfile());
        if (width < 500) {
            // Headless windows are at least 500 px wide: a phone's viewport and density are emulated instead.
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", (double) dpr)));
        } else {
            options.addArguments("--window-size=" + width + "," + height, "--force-device-scale-factor=" + dpr);
        }
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Uploads through a presigned PUT, so that the S3-triggered ingest (120 s) makes the renditions, as it does for
     * every upload too large for an API request; waits until the image is active.
     */
    static String upload(GalleryRoutesBrowserTest.Photo photo) throws Exception {
        byte[] jpeg = GalleryRoutesBrowserTest.photoJpeg(photo);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(jpeg));
        JsonNode upload = api("POST", "/v1/uploads/url", Map.of("file_name", photo.file(), "size", jpeg.length,
                "md5", md5, "content_type", "image/jpeg"), 201);
        HttpRequest.Builder put = HttpRequest.newBuilder(java.net.URI.create(upload.path("upload_url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg));
        upload.path("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        assertThat(HttpClients.send(put.build()).statusCode()).isEqualTo(200);
        String id = upload.path("image_id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (!"active".equals(api("GET", "/v1/images/" + id, null, 200).path("status").asText())) {
            assertThat(System.nanoTime()).as("image %s ingested", id).isLessThan(deadline);
            Thread.sleep(250); // polling the API: the ingest runs on S3's event, nothing to wait on here
        }
        return id;
    }

    static JsonNode api(String method, String path, Object body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .header("Authorization", "Bearer " + userToken).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(ProjectClient.JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = HttpClients.send(request.build());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : ProjectClient.JSON.readTree(response.body());
    }

    static Object js(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void waitFor(WebDriver driver, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition::apply);
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    }
}
