package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser module (GET /sdk/loupe.js) as a web page uses it, in headless Chromium: a page served by a second
 * loopback server (another origin than the API's, listed in its project's allowed_origins) imports the module from the
 * API, gets a browser token, signs a user in (the session cookie is kept), uploads photos with progress, lists them,
 * and renders the gallery into a div; a page on an origin the project does not list gets a clear error. Screenshots of
 * the rendered gallery, desktop and phone, go to docs/screenshots.
 */
@LoupeCloudTest
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class BrowserModuleTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String CAPTION = "<b>Harbour</b> at dawn & the boats";

    static HttpServer pages;
    static String api;
    static String allowedOrigin;
    static String refusedOrigin;
    static Project project;
    ChromeDriver driver;

    static boolean browserAvailable() {
        return GalleryPagesBrowserTest.browserAvailable();
    }

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        GalleryPagesBrowserTest.CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        api = shared.baseUri().toString().replaceAll("/$", "");
        // Small photos (two rendition widths, 320 and 640) keep the ingest quick.
        byte[] harbour = GalleryRoutesBrowserTest.photoJpeg(new GalleryRoutesBrowserTest.Photo("harbour.jpg", 760, 507,
                new java.awt.Color(0x1d3557), new java.awt.Color(0xf4a261), new java.awt.Color(0x264653), CAPTION));
        byte[] cliffs = GalleryRoutesBrowserTest.photoJpeg(new GalleryRoutesBrowserTest.Photo("cliffs.jpg", 600, 800,
                new java.awt.Color(0x5fa8d3), new java.awt.Color(0xcae9ff), new java.awt.Color(0x6b705c), null));
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = switch (path) {
                    case "/harbour.jpg" -> harbour;
                    case "/cliffs.jpg" -> cliffs;
                    default -> page().getBytes(StandardCharsets.UTF_8);
                };
                exchange.getResponseHeaders().set("Content-Type", path.endsWith(".jpg") ? "image/jpeg"
                        : "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        pages.start();
        int port = pages.getAddress().getPort();
        // The API is http://127.0.0.1:<its port>: the page's own port makes another origin of the same site (as
        // app.example.com and api.example.com are), and localhost another site, which the project does not list.
        allowedOrigin = "http://127.0.0.1:" + port;
        refusedOrigin = "http://localhost:" + port;
        project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "A web app", List.of(allowedOrigin));
        shared.cloud().projects().create(project, java.time.Instant.now());
        var user = HttpClients.send(shared.baseUri(), "POST", "/v1/users",
                TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null), "application/json",
                ProjectClient.JSON.writeValueAsString(Map.of("username", "ada", "email", "ada@example.com",
                        "password", PASSWORD, "role", "editor", "display_name", "Ada")), null);
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
    }

    /** The test page: it imports the module from the API, as any page would, and says when it is ready. */
    static String page() {
        return """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>loading</title>
                <style>body{font:16px system-ui,sans-serif;margin:0 auto;padding:16px;max-width:1100px;color:#222}
                h1{font-size:1.4em}</style>
                <script type="module">
                  import { Loupe, LoupeError } from "API/sdk/loupe.js";
                  window.Loupe = Loupe; window.LoupeError = LoupeError; document.title = "ready";
                </script></head>
                <body><h1>Our trip, on our own site</h1><div id="gallery"></div></body></html>
                """.replace("API", api);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) driver.quit();
    }

    @AfterAll
    static void stop() {
        if (pages != null) pages.stop(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPageOnAnotherOriginUploadsWithProgressListsAndRendersAGallery() throws Exception {
        driver = open(allowedOrigin);
        driver.executeScript("""
                const [publicKey, password, caption] = arguments;
                window.steps = [];
                const step = (name, value) => { window.steps.push(name); return value; };
                (async () => {
                  const loupe = new Loupe({ api: "API", publicKey });
                  const token = step("token", await loupe.token());
                  const session = step("login", await loupe.login("ada", password));
                  const file = async (name) => new File([await (await fetch("/" + name)).blob()], name,
                      { type: "image/jpeg" });
                  const progress = [];
                  const image = await loupe.upload(await file("harbour.jpg"), { onProgress: (p) => progress.push(p) });
                  step("upload");
                  step("create", await loupe.createGallery({ name: "our-trip", title: "Our trip", images: [image.id] }));
                  const intoGallery = [];
                  const gallery = await loupe.upload(await file("cliffs.jpg"),
                      { gallery: "our-trip", onProgress: (p) => intoGallery.push(p) });
                  step("add");
                  step("caption", await loupe.call("PATCH", "/v1/galleries/our-trip", { caption: { [image.id]: caption } }));
                  const images = step("images", await loupe.images({ limit: 10 }));
                  const galleries = step("galleries", await loupe.galleries());
                  step("render", await loupe.renderGallery(document.getElementById("gallery"), "our-trip"));
                  return { token: token.split(".").length, user: session.username, image: image.id,
                    progress, intoGallery, galleryFiles: gallery.files.total,
                    listed: images.images.map((i) => i.id), galleries: galleries.gallery.map((g) => g.name) };
                })().then((r) => { window.done = r; },
                    (e) => { window.done = { failed: e.name + " " + e.status + " " + e.code + ": " + e.message }; });
                """.replace("API", api), project.publicKey(), PASSWORD, CAPTION);
        // Each call may start its function in the local cloud the first time: a generous poll on a loaded machine.
        Map<String, Object> done;
        try {
            done = (Map<String, Object>) new WebDriverWait(driver, Duration.ofSeconds(180), Duration.ofMillis(200))
                    .until(d -> driver.executeScript("return window.done"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page's steps so far: " + driver.executeScript("return window.steps"), e);
        }
        assertThat(done).doesNotContainKey("failed");
        assertThat(done.get("token")).isEqualTo(3L);
        assertThat(done.get("user")).isEqualTo("ada");
        assertThat(done.get("galleryFiles")).isEqualTo(2L);
        assertThat((List<Object>) done.get("listed")).hasSize(2).contains(done.get("image"));
        assertThat((List<Object>) done.get("galleries")).containsExactly("our-trip");
        for (String upload : List.of("progress", "intoGallery")) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) done.get(upload);
            assertThat(events).as(upload).isNotEmpty();
            Map<String, Object> last = events.getLast();
            assertThat(((Number) last.get("loaded")).longValue()).as(upload)
                    .isEqualTo(((Number) last.get("total")).longValue()).isGreaterThan(1_000L);
            assertThat(((Number) last.get("fraction")).doubleValue()).isEqualTo(1.0);
        }
        // The session cookie came back on a credentialed call and the browser kept it (the page and the API are
        // one site, 127.0.0.1; cookies ignore ports).
        assertThat(driver.manage().getCookieNamed("loupe_session")).isNotNull();

        // What a person sees: two photos, loaded from their renditions, the caption as text.
        List<WebElement> tiles = driver.findElements(By.cssSelector("#gallery ul.loupe-gallery > li"));
        assertThat(tiles).hasSize(2);
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100)).until(d -> Boolean.TRUE.equals(
                driver.executeScript("return [...document.querySelectorAll('#gallery img')]"
                        + ".every(i => i.complete && i.naturalWidth > 0)")));
        WebElement first = tiles.getFirst();
        assertThat(first.findElement(By.tagName("figcaption")).getText()).isEqualTo(CAPTION);
        assertThat(first.findElements(By.cssSelector("b"))).isEmpty();
        assertThat(first.findElement(By.tagName("img")).getDomAttribute("alt")).isEqualTo(CAPTION);
        assertThat(first.findElements(By.cssSelector("picture source")).stream()
                .map(s -> s.getDomAttribute("type")).toList()).containsExactly("image/avif", "image/webp");
        String srcset = first.findElement(By.tagName("img")).getDomAttribute("srcset");
        assertThat(srcset).contains(" 320w", " 640w");
        String chosen = (String) driver.executeScript("return document.querySelector('#gallery img').currentSrc");
        assertThat(chosen).as("the browser picked a rendition").containsPattern("/w(320|640)\\.(avif|webp|jpg)");
        assertThat(tiles.get(1).findElements(By.tagName("figcaption"))).isEmpty();
        assertThat(tiles.get(1).findElement(By.tagName("img")).getDomAttribute("alt")).isEqualTo("cliffs.jpg");
        shoot("browser-module-gallery.png");

        driver.manage().window().setSize(new Dimension(390, 844));
        Number overflow = (Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        Number columns = (Number) driver.executeScript("return getComputedStyle(document.querySelector("
                + "'#gallery ul')).gridTemplateColumns.split(' ').length");
        assertThat(columns.intValue()).as("one column on a phone").isEqualTo(1);
        shoot("browser-module-gallery-phone.png");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPageOnAnOriginTheProjectDoesNotListGetsAClearError() {
        driver = open(refusedOrigin);
        Object refused = driver.executeAsyncScript("""
                const [publicKey, finish] = arguments;
                new Loupe({ api: "API", publicKey }).token().then(() => finish("a token"),
                    (e) => finish([e instanceof LoupeError, e.status, e.code, e.message]));
                """.replace("API", api), project.publicKey());
        assertThat((List<Object>) refused).startsWith(true, 403L, "origin_not_allowed");
        assertThat((String) ((List<?>) refused).get(3)).isNotBlank();
    }

    private static ChromeDriver open(String origin) {
        ChromeDriver chromium = GalleryPagesBrowserTest.chromium(true);
        chromium.manage().window().setSize(new Dimension(1366, 900));
        chromium.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
        chromium.get(origin + "/");
        // The module comes from the API: the first load may start its function (a poll, not a sleep).
        new WebDriverWait(chromium, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(d -> "ready".equals(d.getTitle()));
        return chromium;
    }

    private void shoot(String name) throws Exception {
        Path dir = LoupeRoot.path().resolve("docs/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
