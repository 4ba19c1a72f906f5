package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.auth.Role;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gallery page's comments in headless Chromium with JavaScript off, on the local cloud's real routes: a user
 * signed in by the session API (the page's cookie) comments, replies and reports through the page's forms, and a
 * comment written as HTML shows as text. Screenshots, desktop and phone, go to docs/screenshots.
 */
@LoupeCloudTest
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class CommentsBrowserTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final String PASSWORD = "comment carefully";
    private static ProjectClient cloud;
    private static String owner;
    private static String page;
    private ChromeDriver driver;

    static boolean browserAvailable() {
        return GalleryPagesBrowserTest.browserAvailable();
    }

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        GalleryPagesBrowserTest.CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        cloud = shared;
        owner = cloud.tokenFor("page-owner", "Ann Example", Role.EDITOR);
        api("POST", "/v1/galleries", owner, Map.of("name", "comment-walk", "title", "A walk along the coast",
                "description", "Notes from a windy afternoon."), 201);
        // Someone else's comment, for the visitor to reply to and report.
        api("POST", "/v1/galleries/comment-walk/comments", cloud.tokenFor("bea-1", "bea", Role.VIEWER),
                Map.of("text", "The second bend of the path is the best spot.\nGo early: "
                        + "https://example.com/tides"), 201);
        page = cloud.baseUri().toString().replaceAll("/$", "") + "/p/" + cloud.project().projectId()
                + "/g/comment-walk";
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void aSignedInVisitorCommentsRepliesAndReportsWithoutJavaScript() throws Exception {
        api("POST", "/v1/users", cloud.token(), Map.of("username", "walker", "email", "walker@example.com",
                "password", PASSWORD), 201);
        String session = api("POST", "/v1/sessions", cloud.token(), Map.of("username", "walker", "password",
                PASSWORD), 201).path("token").asText();
        driver = GalleryPagesBrowserTest.chromium(false);
        driver.manage().window().setSize(new Dimension(1366, 900));

        // Signed out: the comments, and no form.
        driver.get(page);
        assertThat(driver.findElement(By.id("comments-title")).getText()).isEqualTo("1 comment");
        assertThat(driver.findElements(By.tagName("textarea"))).isEmpty();
        WebElement link = driver.findElement(By.cssSelector(".comment .text a"));
        assertThat(link.getDomAttribute("href")).isEqualTo("https://example.com/tides");
        assertThat(link.getDomAttribute("rel")).isEqualTo("nofollow ugc");

        // Signed in (the cookie that POST /v1/sessions sets, less Secure: the local cloud speaks plain HTTP).
        driver.manage().addCookie(new Cookie.Builder("loupe_session", session).path("/").isHttpOnly(true).build());
        driver.get(page);
        String html = "<b>Bold</b> claim: <script>alert(1)</script> & more";
        driver.findElement(By.cssSelector(".comment-form textarea")).sendKeys(html);
        driver.findElement(By.cssSelector(".comment-form button")).click();
        waitFor(() -> driver.findElements(By.cssSelector(".comment")).size() == 2);
        assertThat(driver.getCurrentUrl()).startsWith(page).contains("#c-");
        WebElement mine = driver.findElements(By.cssSelector(".comment")).getFirst();
        assertThat(mine.findElement(By.className("text")).getText()).isEqualTo(html);
        assertThat(mine.findElements(By.cssSelector(".text b, .text script"))).isEmpty();
        assertThat(mine.findElement(By.className("author")).getText()).isEqualTo("walker");

        // A reply under Bea's comment (the details element opens without JavaScript).
        WebElement bea = driver.findElements(By.cssSelector(".comment")).get(1);
        bea.findElement(By.cssSelector(".reply-box summary")).click();
        bea.findElement(By.cssSelector(".reply-form textarea")).sendKeys("Thanks, going tomorrow.");
        bea.findElement(By.cssSelector(".reply-form button")).click();
        waitFor(() -> driver.findElements(By.cssSelector(".comment.reply")).size() == 1);
        assertThat(driver.findElement(By.cssSelector(".comment.reply .text")).getText())
                .isEqualTo("Thanks, going tomorrow.");
        assertThat(driver.findElement(By.id("comments-title")).getText()).isEqualTo("3 comments");
        shoot("comments-desktop.png");

        // A report on Bea's comment reaches the owner.
        driver.findElements(By.cssSelector(".comment:not(.reply)")).get(1)
                .findElement(By.cssSelector(".report-form button")).click();
        waitFor(() -> driver.getCurrentUrl().contains("#c-"));
        JsonNode reports = api("GET", "/v1/comment-reports?gallery=comment-walk", owner, null, 200);
        assertThat(reports.at("/reports/0/comment/author/name").asText()).isEqualTo("bea");

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(page + "#comments");
        shoot("comments-phone.png");
        Number overflow = (Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> condition.getAsBoolean());
    }

    private void shoot(String name) throws Exception {
        Path dir = LoupeRoot.path().resolve("docs/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static JsonNode api(String method, String path, String token, Map<String, ?> body, int status)
            throws Exception {
        HttpResponse<String> answer = HttpClients.send(cloud.baseUri(), method, path, token,
                body == null ? null : "application/json", body == null ? null : JSON.writeValueAsString(body), null);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return JSON.readTree(answer.body());
    }
}
