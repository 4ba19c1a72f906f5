package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.gallery.page.EmbedCode;
import dev.loupe.gallery.page.GalleryPageModel;
import dev.loupe.gallery.page.GalleryPageModel.Item;
import dev.loupe.gallery.PlayerSetup;
import dev.loupe.gallery.PlayerSetup.Theme;
import dev.loupe.gallery.PlayerSetup.Transition;
import dev.loupe.gallery.page.GalleryPageRenderer;
import dev.loupe.gallery.page.PlayerPageRenderer;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public pages in Debian's headless Chromium: the gallery page with and without JavaScript, its lightbox, the
 * player's setup, escaping, and the embed from another origin. Pages and JPEGs come from JDK HttpServers on
 * 127.0.0.1. Without chromium and chromedriver (apt-get install chromium chromium-driver) these tests are skipped.
 */
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class GalleryPagesBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String XSS_TITLE = "<script>alert(1)</script>";
    static final String QUOTED_CAPTION = "He said \"cheese\" & <b>smiled</b> 'twice'";
    static final java.time.Instant ADDED = java.time.Instant.parse("2026-12-06T10:15:30Z");
    /** 200 characters with spaces. */
    static final String WORDS = ("A very long caption about the harbour at dawn with boats ".repeat(4)).substring(0, 200);

    record Image(String name, int width, int height, Color from, Color to, String caption) {}

    static final List<Image> IMAGES = List.of(
            new Image("harbour.jpg", 1200, 800, new Color(0x1f4e79), new Color(0x7fb3d5), "Harbour at dawn"),
            new Image("forest.jpg", 800, 1200, new Color(0x1e5631), new Color(0xa4de02), QUOTED_CAPTION),
            new Image("desert.jpg", 1000, 1000, new Color(0xc0392b), new Color(0xf5b041), "Dunes, late afternoon"),
            new Image("lavender.jpg", 1600, 900, new Color(0x4a235a), new Color(0xd7bde2), ""),
            new Image("snow.jpg", 900, 600, new Color(0x566573), new Color(0xf4f6f7), "First snow"),
            new Image("sunset.jpg", 1280, 720, new Color(0x78281f), new Color(0xf8c471), "Sunset over the bay"));

    static HttpServer server;
    static HttpServer otherOrigin;
    static ExecutorService executor;
    static final Map<String, Resource> resources = new ConcurrentHashMap<>();
    static String base;
    static String otherBase;

    record Resource(String type, byte[] body) {}

    WebDriver driver;

    static boolean browserAvailable() {
        boolean ok = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!ok) System.out.println("[browser] No " + CHROMIUM + " or " + CHROMEDRIVER + ": skipping the browser tests "
                + "of the public pages (apt-get install chromium chromium-driver; .ci/run does this).");
        return ok;
    }

    // Selenium ships CDP bindings for recent Chrome releases only; these tests use WebDriver, not CDP, so its
    // "no CDP implementation matching" warning is noise. Held in a field: the logging API keeps loggers weakly.
    static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    @BeforeAll
    static void serve() throws IOException {
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        executor = Executors.newFixedThreadPool(8);
        server = start();
        otherOrigin = start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        otherBase = "http://127.0.0.1:" + otherOrigin.getAddress().getPort();
        server.createContext("/", ex -> respond(ex, resources.get(ex.getRequestURI().getPath())));
        for (Image image : IMAGES) {
            resources.put("/images/" + image.name(), new Resource("image/jpeg", jpeg(image, image.width(), image.height())));
            int tw = 480, th = Math.round(480f * image.height() / image.width());
            resources.put("/thumbs/" + image.name(), new Resource("image/jpeg", jpeg(image, tw, th)));
        }
        page("/g/trip", GalleryPageRenderer.render(model("A week by the sea", IMAGES, PlayerSetup.DEFAULTS)));
        page("/g/xss", GalleryPageRenderer.render(model(XSS_TITLE, IMAGES.subList(0, 2), PlayerSetup.DEFAULTS)));
        page("/g/empty", GalleryPageRenderer.render(model("Nothing here yet", List.of(), PlayerSetup.DEFAULTS)));
        page("/g/unlisted", GalleryPageRenderer.render(model("Only for friends", IMAGES.subList(0, 2),
                PlayerSetup.DEFAULTS).with(ADDED, false, false)));
        // 200 characters, without and with spaces, in the title, the description and two captions; a signed-in
        // visitor's rating form, whose stars must wrap whole.
        List<Image> long200 = List.of(
                new Image("harbour.jpg", 1200, 800, new Color(0x1f4e79), new Color(0x7fb3d5), "x".repeat(200)),
                new Image("forest.jpg", 800, 1200, new Color(0x1e5631), new Color(0xa4de02), WORDS));
        GalleryPageModel longModel = model("W".repeat(200), IMAGES.subList(0, 1), PlayerSetup.DEFAULTS);
        List<Item> longItems = new ArrayList<>();
        for (Image i : long200)
            longItems.add(new Item(base + "/thumbs/" + i.name(), base + "/images/" + i.name(), i.caption(), i.width(), i.height()));
        page("/g/long", GalleryPageRenderer.render(new GalleryPageModel(longModel.title(), "d".repeat(200) + " " + WORDS,
                "O".repeat(200), longModel.pageUrl(), longModel.playerUrl(), longModel.embedUrl(), null, longItems,
                PlayerSetup.DEFAULTS, new GalleryPageModel.Rating(4.5, 2, null, base + "/rate"),
                new GalleryPageModel.Visitor("rita", "csrf", base + "/in", base + "/out", null, null))));
        page("/p/xss", PlayerPageRenderer.render(model(XSS_TITLE, IMAGES.subList(0, 2), PlayerSetup.DEFAULTS)));
        page("/p/once", PlayerPageRenderer.render(model("Once", IMAGES.subList(0, 3),
                new PlayerSetup(2, Transition.NONE, false, false, true, Theme.DARK))));
        page("/p/loop", PlayerPageRenderer.render(model("Loop", IMAGES.subList(0, 4),
                new PlayerSetup(2, Transition.FADE, true, false, true, Theme.DARK))));
        page("/p/quiet", PlayerPageRenderer.render(model("Quiet", IMAGES.subList(0, 3),
                new PlayerSetup(60, Transition.SLIDE, true, true, false, Theme.LIGHT))));
        page("/p/show", PlayerPageRenderer.render(model("A week by the sea", IMAGES,
                new PlayerSetup(2, Transition.FADE, true, false, true, Theme.DARK))));
        page("/p/empty", PlayerPageRenderer.render(model("Nothing here yet", List.of(), PlayerSetup.DEFAULTS)));
        // The embed's host page lives on the second server: another origin than the player's.
        String embed = EmbedCode.of(base + "/p/show", 640, 400, "A week by the sea");
        otherOrigin.createContext("/", ex -> respond(ex, new Resource("text/html; charset=utf-8", ("<!DOCTYPE html>"
                + "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Someone's blog</title></head><body>"
                + "<h1>My holiday</h1><p>Here is the slideshow:</p>" + embed + "</body></html>")
                .getBytes(StandardCharsets.UTF_8))));
        Files.createDirectories(SCREENSHOTS);
    }

    static HttpServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(executor);
        s.start();
        return s;
    }

    static void page(String path, String html) {
        resources.put(path, new Resource("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8)));
    }

    static void respond(com.sun.net.httpserver.HttpExchange ex, Resource r) throws IOException {
        try (ex) {
            if (r == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", r.type());
            ex.sendResponseHeaders(200, r.body().length);
            ex.getResponseBody().write(r.body());
        }
    }

    static GalleryPageModel model(String title, List<Image> images, PlayerSetup setup) {
        List<Item> items = new ArrayList<>();
        for (Image i : images)
            items.add(new Item(base + "/thumbs/" + i.name(), base + "/images/" + i.name(), i.caption(), i.width(),
                    i.height(), null, null, base + "/images/" + i.name() + "?download"));
        return new GalleryPageModel(title, "Six days of walks along the coast, from the harbour to the dunes.",
                "Ann Example", base + "/g/trip", base + "/p/show", base + "/p/show", null, items, setup)
                .with(ADDED, true, true);
    }

    /** A gradient with the file's name on it, so screenshots show which image is where. */
    static byte[] jpeg(Image image, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, image.from(), width, height, image.to()));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        // Centred, so that the grid's 4:3 crop keeps the label whole.
        String label = image.name().replace(".jpg", "");
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, Math.min(width, height) / 9)));
        int textWidth = g.getFontMetrics().stringWidth(label);
        g.drawString(label, (width - textWidth) / 2, height / 2 + g.getFontMetrics().getAscent() / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /**
     * The JVM's headless Chromium with JavaScript on or off, reset for this test ({@link SharedChromium}: one browser
     * per JVM, not one per test); {@code quit()} hands it back.
     */
    static ChromeDriver chromium(boolean javascript) {
        return SharedChromium.lease(javascript);
    }

    static String tempProfile() {
        try {
            File dir = Files.createTempDirectory("loupe-chromium-").toFile();
            dir.deleteOnExit();
            return dir.getAbsolutePath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = chromium(true);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) driver.quit();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
        if (otherOrigin != null) otherOrigin.stop(0);
        if (executor != null) executor.shutdownNow();
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(String name) throws IOException {
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }

    /** Scrolls each image into view (they load lazily) and waits until it has decoded pixels. */
    void everyImageLoads(List<WebElement> images) {
        for (WebElement img : images) {
            js("arguments[0].scrollIntoView({block:'center'})", img);
            waitFor(Duration.ofSeconds(10), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        }
        js("window.scrollTo(0,0)");
    }

    String stage(String attribute) {
        return driver.findElement(By.id("stage")).getDomAttribute("data-" + attribute);
    }

    void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    @Test
    void galleryPageShowsEveryImageWithCaptionsAndPreviewTags() throws IOException {
        driver.get(base + "/g/trip");
        assertThat(driver.getTitle()).isEqualTo("A week by the sea");
        List<WebElement> thumbs = driver.findElements(By.cssSelector("#grid a.thumb img"));
        assertThat(thumbs).hasSize(IMAGES.size());
        everyImageLoads(thumbs);
        for (int i = 0; i < IMAGES.size(); i++) {
            Image image = IMAGES.get(i);
            assertThat(thumbs.get(i).getDomAttribute("loading")).isEqualTo("lazy");
            assertThat(thumbs.get(i).getDomAttribute("width")).isEqualTo(Integer.toString(image.width()));
            assertThat(thumbs.get(i).getDomAttribute("alt"))
                    .isEqualTo(image.caption().isEmpty() ? image.name() : image.caption());
        }
        // The caption with quotes and markup is shown as text, not as markup.
        WebElement quoted = driver.findElements(By.cssSelector("#grid .item")).get(1);
        assertThat(quoted.findElement(By.className("caption")).getText()).isEqualTo(QUOTED_CAPTION);
        assertThat(quoted.findElements(By.tagName("b"))).isEmpty();
        assertThat(meta("property", "og:title")).isEqualTo("A week by the sea");
        assertThat(meta("property", "og:image")).isEqualTo(base + "/images/harbour.jpg");
        assertThat(meta("property", "og:url")).isEqualTo(base + "/g/trip");
        assertThat(meta("property", "og:type")).isEqualTo("website");
        assertThat(meta("name", "twitter:card")).isEqualTo("summary_large_image");
        assertThat(driver.findElement(By.id("player-link")).getDomProperty("href")).isEqualTo(base + "/p/show");
        assertThat(driver.findElement(By.className("owner")).getText()).isEqualTo("by Ann Example \u00b7 6 December 2026");
        assertThat(driver.findElements(By.cssSelector("meta[name='robots']"))).isEmpty();
        // The justified grid at 1366 x 900: several images to a row, one height per row, none cropped.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
        everyImageLoads(thumbs);
        assertNoTileCrops(driver, thumbs);
        assertThat(thumbs.get(1).getRect().getY()).isEqualTo(thumbs.getFirst().getRect().getY());
        assertThat(thumbs.get(1).getRect().getHeight()).isEqualTo(thumbs.getFirst().getRect().getHeight());
        screenshot("gallery-page.png");
    }

    /** Every tile shows its whole image: the rendered box has the image's own aspect, within 2%. */
    static void assertNoTileCrops(WebDriver driver, List<WebElement> thumbs) {
        for (int i = 0; i < thumbs.size(); i++) {
            WebElement img = thumbs.get(i);
            double box = ((Number) ((JavascriptExecutor) driver).executeScript("var r = arguments[0]"
                    + ".getBoundingClientRect(); return r.width / r.height", img)).doubleValue();
            double own = Double.parseDouble(img.getDomAttribute("width")) / Double.parseDouble(img.getDomAttribute("height"));
            assertThat(box).as("tile %d's aspect", i).isCloseTo(own, org.assertj.core.data.Percentage.withPercentage(2));
            assertThat(img.getCssValue("object-fit")).as("tile %d", i).isNotEqualTo("cover");
        }
    }

    /**
     * On a 390 x 844 phone (emulated: a headless window is at least 500 px wide): the grid crops nothing, the
     * lightbox takes the whole width and offers the original and a link to copy, long titles and captions stay
     * inside the screen and a star's radio button keeps to its label, the empty gallery says so.
     */
    @Test
    void onAPhoneTheGridCropsNothingTheLightboxTakesTheWholeWidthAndNothingOverflows() throws IOException {
        driver.quit();
        driver = RenditionsBrowserTest.chromium(390, 844, 1, true);
        driver.get(base + "/g/trip");
        assertThat(((Number) js("return window.innerWidth")).intValue()).isEqualTo(390);
        List<WebElement> thumbs = driver.findElements(By.cssSelector("#grid a.thumb img"));
        everyImageLoads(thumbs);
        assertNoTileCrops(driver, thumbs);
        assertThat(noOverflow()).isTrue();
        screenshot("gallery-page-phone.png");

        driver.findElements(By.cssSelector("#grid a.thumb")).getFirst().click();
        WebElement large = driver.findElement(By.id("lightbox-image"));
        waitFor(Duration.ofSeconds(5), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", large));
        assertThat(large.getRect().getWidth()).isEqualTo(390);
        WebElement download = driver.findElement(By.id("lightbox-download"));
        assertThat(download.isDisplayed()).isTrue();
        assertThat(download.getDomProperty("href")).isEqualTo(base + "/images/harbour.jpg?download");
        assertThat(driver.findElement(By.id("lightbox")).getCssValue("touch-action")).isEqualTo("pan-y pinch-zoom");
        screenshot("lightbox-phone.png");
        driver.findElement(By.id("lightbox-share")).click();
        // Copied, or where a browser refuses the clipboard, the link to copy by hand: either way, visible.
        WebElement copied = driver.findElement(By.id("copied"));
        waitFor(Duration.ofSeconds(5), d -> copied.isDisplayed());
        assertThat(copied.getText()).satisfiesAnyOf(t -> assertThat(t).isEqualTo("Link copied"),
                t -> assertThat(t).endsWith("/g/trip#photo-1"));

        driver.get(base + "/g/long");
        everyImageLoads(driver.findElements(By.cssSelector("#grid img")));
        assertThat(noOverflow()).as("horizontal overflow with 200-character texts").isTrue();
        assertThat(driver.findElement(By.id("title")).getRect().getWidth()).isLessThanOrEqualTo(390);
        for (int stars = 1; stars <= 5; stars++) {
            var radio = driver.findElement(By.id("stars-" + stars)).getRect();
            var label = driver.findElement(By.cssSelector("label[for='stars-" + stars + "']")).getRect();
            assertThat(Math.abs((radio.getY() + radio.getHeight() / 2) - (label.getY() + label.getHeight() / 2)))
                    .as("star %d's button beside its label", stars).isLessThanOrEqualTo(4);
        }
        screenshot("gallery-long-texts-phone.png");

        driver.get(base + "/g/empty");
        assertEmptyGallery();
        screenshot("gallery-empty-phone.png");
    }

    boolean noOverflow() {
        return (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth");
    }

    void assertEmptyGallery() {
        assertThat(driver.findElement(By.id("empty-gallery")).getText()).isEqualTo("This gallery has no images yet.");
        assertThat(driver.findElements(By.id("player-link"))).isEmpty();
        assertThat(driver.findElement(By.className("count")).getText()).isEqualTo("0 images");
    }

    @Test
    void anEmptyGallerySaysSoAndOffersNoSlideshowAndAnUnlistedOneIsNotIndexed() throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
        driver.get(base + "/g/empty");
        assertEmptyGallery();
        screenshot("gallery-empty.png");
        driver.get(base + "/g/unlisted");
        assertThat(meta("name", "robots")).isEqualTo("noindex");
    }

    String meta(String key, String name) {
        return driver.findElement(By.cssSelector("meta[" + key + "='" + name + "']")).getDomAttribute("content");
    }

    @Test
    void withoutJavaScriptTheGridShowsAndLinksGoToTheFullImages() {
        driver.quit();
        driver = chromium(false);
        driver.get(base + "/g/trip");
        List<WebElement> links = driver.findElements(By.cssSelector("#grid a.thumb"));
        assertThat(links).hasSize(IMAGES.size());
        for (int i = 0; i < IMAGES.size(); i++) {
            assertThat(links.get(i).getDomProperty("href")).isEqualTo(base + "/images/" + IMAGES.get(i).name());
            assertThat(links.get(i).findElement(By.tagName("img")).getRect().getWidth()).isGreaterThan(100);
        }
        assertThat(driver.findElement(By.id("lightbox")).isDisplayed()).isFalse();
        // No script to intercept the click: the browser follows the link to the full image.
        links.get(2).click();
        waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().equals(base + "/images/desert.jpg"));
    }

    @Test
    void lightboxOpensOnClickMovesWithArrowKeysAndClosesWithEscape() throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
        driver.get(base + "/g/trip");
        everyImageLoads(driver.findElements(By.cssSelector("#grid img")));
        WebElement box = driver.findElement(By.id("lightbox"));
        assertThat(box.isDisplayed()).isFalse();
        driver.findElements(By.cssSelector("#grid a.thumb")).get(1).click();
        waitFor(Duration.ofSeconds(5), d -> box.isDisplayed());
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/g/trip");
        assertThat(box.getDomAttribute("data-index")).isEqualTo("1");
        WebElement large = driver.findElement(By.id("lightbox-image"));
        waitFor(Duration.ofSeconds(5), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth == 800", large));
        assertThat(driver.findElement(By.id("lightbox-caption")).getText()).isEqualTo(QUOTED_CAPTION);
        assertThat(driver.findElement(By.id("lightbox-download")).getDomProperty("href"))
                .isEqualTo(base + "/images/forest.jpg?download");
        // Tab stays in the dialog: close, copy link, download, previous, next, and round again.
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            press(Keys.TAB);
            order.add((String) js("return document.activeElement.id"));
        }
        assertThat(order).containsExactly("lightbox-share", "lightbox-download", "lightbox-prev", "lightbox-next",
                "lightbox-close", "lightbox-share");
        screenshot("lightbox.png");
        press(Keys.ARROW_RIGHT);
        waitFor(Duration.ofSeconds(5), d -> "2".equals(box.getDomAttribute("data-index")));
        assertThat(large.getDomProperty("src")).isEqualTo(base + "/images/desert.jpg");
        press(Keys.ARROW_LEFT);
        press(Keys.ARROW_LEFT);
        press(Keys.ARROW_LEFT); // wraps around to the last image
        waitFor(Duration.ofSeconds(5), d -> Integer.toString(IMAGES.size() - 1).equals(box.getDomAttribute("data-index")));
        driver.findElement(By.id("lightbox-next")).click();
        waitFor(Duration.ofSeconds(5), d -> "0".equals(box.getDomAttribute("data-index")));
        press(Keys.ESCAPE);
        waitFor(Duration.ofSeconds(5), d -> !box.isDisplayed());
    }

    @Test
    void escapedTitleShowsAsTextAndRunsNoScript() {
        for (String path : List.of("/g/xss", "/p/xss")) {
            driver.get(base + path);
            assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(driver.getTitle()).startsWith(XSS_TITLE);
            // Only the page's own scripts exist: the title made none.
            assertThat((Long) js("return Array.from(document.scripts).filter(s => !s.type).length")).isEqualTo(1L);
        }
        assertThat(driver.findElement(By.className("gallery-link")).getText()).isEqualTo(XSS_TITLE);
        driver.get(base + "/g/xss");
        assertThat(driver.findElement(By.id("title")).getText()).isEqualTo(XSS_TITLE);
        assertThat(driver.findElements(By.cssSelector("#title *"))).isEmpty();
    }

    @Test
    void playerAdvancesByItselfAndStopsAtTheEndWithoutLoop() {
        driver.get(base + "/p/once");
        assertThat(stage("interval")).isEqualTo("2");
        waitFor(Duration.ofSeconds(5), d -> "true".equals(stage("playing")));
        long start = System.nanoTime();
        waitFor(Duration.ofSeconds(6), d -> "1".equals(stage("index")));
        // Not before its interval (2 s), with slack for timers and for the poll above, which may see "playing" up
        // to one poll late: an advance at once would take a few milliseconds.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1000));
        waitFor(Duration.ofSeconds(6), d -> "2".equals(stage("index")));
        waitFor(Duration.ofSeconds(6), d -> "true".equals(stage("ended")));
        assertThat(stage("playing")).isEqualTo("false");
        assertThat(stage("index")).isEqualTo("2");
        WebElement img = driver.findElement(By.id("slide-image"));
        assertThat(img.getDomProperty("src")).isEqualTo(base + "/images/desert.jpg");
        // It stays on the last slide: waiting longer than an interval changes nothing.
        assertThatThrownBy(() -> waitFor(Duration.ofMillis(2500), d -> !"2".equals(stage("index"))))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void playerPausesWithSpaceAndMovesWithArrowKeys() throws IOException {
        driver.get(base + "/p/loop");
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(5), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        assertThat(driver.findElement(By.id("slide-caption")).getText()).isEqualTo("Harbour at dawn");
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "false".equals(stage("playing")));
        String paused = stage("index");
        assertThatThrownBy(() -> waitFor(Duration.ofMillis(2800), d -> !paused.equals(stage("index"))))
                .isInstanceOf(TimeoutException.class);
        int at = Integer.parseInt(paused);
        press(Keys.ARROW_RIGHT);
        waitFor(Duration.ofSeconds(2), d -> Integer.toString((at + 1) % 4).equals(stage("index")));
        press(Keys.ARROW_LEFT);
        press(Keys.ARROW_LEFT);
        waitFor(Duration.ofSeconds(2), d -> Integer.toString((at + 3) % 4).equals(stage("index")));
        assertThat(stage("playing")).isEqualTo("false");
        // The next image is preloaded, and the current one is shown once its fade ends.
        waitFor(Duration.ofSeconds(3), d -> (Boolean) js("return arguments[0].className === '' && arguments[0].complete"
                + " && arguments[0].naturalWidth > 0", img));
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "true".equals(stage("playing")));
        String resumed = stage("index");
        waitFor(Duration.ofSeconds(5), d -> !resumed.equals(stage("index")));
        assertThat(driver.findElement(By.id("toggle")).getDomAttribute("aria-label")).isEqualTo("Pause");
    }

    @Test
    void playerFollowsItsSetupForCaptionsThemeAndShuffle() {
        driver.get(base + "/p/quiet");
        WebElement caption = driver.findElement(By.id("slide-caption"));
        assertThat(caption.getAttribute("textContent")).isNotEmpty();
        assertThat(caption.isDisplayed()).isFalse();
        assertThat(driver.findElement(By.tagName("body")).getCssValue("background-color")).isEqualTo("rgba(250, 250, 250, 1)");
        assertThat(stage("shuffle")).isEqualTo("true");
        // Shuffled or not, one round shows every image once.
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(stage("item"));
            press(Keys.ARROW_RIGHT);
            int next = (i + 1) % 3;
            waitFor(Duration.ofSeconds(2), d -> Integer.toString(next).equals(stage("index")));
        }
        assertThat(seen).containsExactlyInAnyOrder("0", "1", "2");

        driver.get(base + "/p/loop");
        assertThat(driver.findElement(By.id("slide-caption")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.tagName("body")).getCssValue("background-color")).isEqualTo("rgba(0, 0, 0, 1)");
    }

    @Test
    void playerScreenshotShowsTheFirstSlide() throws IOException {
        driver.get(base + "/p/show");
        press(Keys.SPACE); // hold the first slide for the picture
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(5), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        waitFor(Duration.ofSeconds(5), d -> "false".equals(stage("playing")));
        assertThat(driver.findElement(By.id("position")).getText()).isEqualTo("1 / " + IMAGES.size());
        assertThat((Boolean) js("return document.fullscreenEnabled")).isTrue();
        screenshot("player.png");
    }

    @Test
    void embedShowsThePlayerFromAnotherOriginAndItAdvances() throws IOException {
        driver.get(otherBase + "/");
        WebElement frame = driver.findElement(By.tagName("iframe"));
        assertThat(frame.getDomAttribute("src")).isEqualTo(base + "/p/show");
        assertThat(frame.getRect().getWidth()).isEqualTo(640);
        String hostOrigin = (String) js("return location.origin");
        driver.switchTo().frame(frame);
        waitFor(Duration.ofSeconds(10), d -> {
            try { return "true".equals(stage("playing")); } catch (RuntimeException e) { return false; }
        });
        assertThat((String) js("return location.origin")).isEqualTo(base).isNotEqualTo(hostOrigin);
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(5), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        waitFor(Duration.ofSeconds(6), d -> "1".equals(stage("index")));
        // Once the fade is over, the second image and its own caption are shown together.
        waitFor(Duration.ofSeconds(3), d -> (Boolean) js("return arguments[0].className === '' && arguments[0].complete"
                + " && arguments[0].naturalWidth > 0", img));
        assertThat(img.getDomProperty("src")).isEqualTo(base + "/images/forest.jpg");
        assertThat(driver.findElement(By.id("slide-caption")).getText()).isEqualTo(QUOTED_CAPTION);
        js("document.getElementById('toggle').click()"); // hold it for the screenshot, once faded in
        waitFor(Duration.ofSeconds(3), d -> "1".equals(js("return getComputedStyle(arguments[0]).opacity", img)));
        // allowfullscreen reaches the framed player, so its fullscreen button works there too.
        assertThat((Boolean) js("return document.fullscreenEnabled")).isTrue();
        driver.switchTo().defaultContent();
        screenshot("embed.png");
    }

    @Test
    void anEmptySlideshowSaysSoAndOffersNoButtons() {
        driver.get(base + "/p/empty");
        assertThat(driver.findElement(By.id("empty-note")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("empty-note")).getText()).isEqualTo("This slideshow has no images yet.");
        for (String control : List.of("prev", "toggle", "next", "slide-image"))
            assertThat(driver.findElement(By.id(control)).isDisplayed()).as(control).isFalse();
        // The way back to the gallery stays.
        assertThat(driver.findElement(By.className("gallery-link")).isDisplayed()).isTrue();
    }

    @Test
    void onAPhoneThePlayersTitleHasARowOfItsOwnAndTheEmbedKeepsItsAspectRatio() throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        driver.get(base + "/p/show");
        press(Keys.SPACE);
        WebElement link = driver.findElement(By.className("gallery-link"));
        // The whole title shows: nothing cut off by the ellipsis, and the row is the bar's width, not a sliver.
        assertThat((Boolean) js("return arguments[0].scrollWidth <= arguments[0].clientWidth", link)).isTrue();
        assertThat(link.getRect().getWidth()).isGreaterThan(300);
        for (String control : List.of("prev", "toggle", "next", "fullscreen")) {
            var r = driver.findElement(By.id(control)).getRect();
            assertThat(r.getX() + r.getWidth()).as(control).isLessThanOrEqualTo(390);
            assertThat(r.getY()).as(control).isGreaterThan(link.getRect().getY());
        }
        WebElement img = driver.findElement(By.id("slide-image"));
        waitFor(Duration.ofSeconds(5), d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        screenshot("player-phone.png");

        driver.get(otherBase + "/");
        WebElement frame = driver.findElement(By.tagName("iframe"));
        int viewport = ((Number) js("return document.documentElement.clientWidth")).intValue();
        var box = frame.getRect();
        // The host page's body has 8 px margins; the embed takes the rest and keeps the player's 640:400.
        assertThat(box.getWidth()).isEqualTo(viewport - 16);
        assertThat((double) box.getHeight()).isCloseTo(box.getWidth() * 400 / 640.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(frame.getDomAttribute("allowfullscreen")).isNull();
        assertThat(frame.getDomAttribute("allow")).isEqualTo("fullscreen");
        screenshot("embed-phone.png");
    }

    @Test
    void withLessMotionAskedForThePlayerSwapsAtOnce() {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
        driver.get(base + "/p/loop"); // its setup asks for a fade
        assertThat(stage("transition")).isEqualTo("fade");
        assertThat(stage("motion")).isEqualTo("reduced");
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "false".equals(stage("playing")));
        WebElement img = driver.findElement(By.id("slide-image"));
        assertThat(img.getCssValue("transition-duration")).isEqualTo("0s");
        int next = (Integer.parseInt(stage("index")) + 1) % 4; // it may have moved on before the pause
        press(Keys.ARROW_RIGHT);
        // No fade-out class, and the next image is in place at once, not 250 ms later.
        assertThat(img.getDomAttribute("class")).isEmpty();
        assertThat(img.getDomProperty("src")).isEqualTo(base + "/images/" + IMAGES.get(next).name());
    }

    @Test
    void thePlayerIsUsableFromTheKeyboardAlone() {
        driver.get(base + "/p/loop");
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "false".equals(stage("playing")));
        // Tab goes through the controls in order, each with a visible focus ring.
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            press(Keys.TAB);
            order.add((String) js("var e = document.activeElement; return e.id || e.className"));
            assertThat((String) js("return getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
        }
        assertThat(order).containsExactly("prev", "toggle", "next", "gallery-link", "fullscreen");
        // Space on a focused button presses that button (here Previous), not the play/pause shortcut.
        for (int i = 0; i < 4; i++) new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertThat((String) js("return document.activeElement.id")).isEqualTo("prev");
        press(Keys.SPACE);
        waitFor(Duration.ofSeconds(2), d -> "3".equals(stage("index")));
        assertThat(stage("playing")).isEqualTo("false");
        press(Keys.END);
        assertThat(stage("index")).isEqualTo("3");
        press(Keys.HOME);
        assertThat(stage("index")).isEqualTo("0");
        press(Keys.ENTER); // on the focused Previous button: back round to the last slide
        waitFor(Duration.ofSeconds(2), d -> "3".equals(stage("index")));
    }
}
