package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gallery page's rating and sign-in forms in headless Chromium, with JavaScript off (the forms are plain HTML
 * posts that redirect back): a visitor signs in through the page's form, rates, changes the rating and signs out,
 * and the rate form goes with the session. Screenshots at desktop (1366x900) and phone (390x844) sizes.
 */
@LoupeCloudTest
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class GalleryRatingBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String PASSWORD = "stars in her eyes";
    private static ProjectClient cloud;
    private static String pageUrl;
    private static String owner;

    WebDriver driver;

    static boolean browserAvailable() {
        return GalleryPagesBrowserTest.browserAvailable();
    }

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        GalleryPagesBrowserTest.CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        cloud = shared;
        Files.createDirectories(SCREENSHOTS);
        owner = TokenIssuer.backendToken(cloud.project(), Clock.systemUTC(), "ann", "Ann Example", Role.EDITOR);
        var registered = HttpClients.send(cloud.baseUri(), "POST", "/v1/users", cloud.token(), "application/json",
                "{\"username\":\"rita\",\"display_name\":\"Rita\",\"email\":\"rita@example.com\",\"password\":\""
                        + PASSWORD + "\"}", null);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        List<String> images = List.of(upload(GalleryRoutesBrowserTest.PHOTOS.get(0)),
                upload(GalleryRoutesBrowserTest.PHOTOS.get(2)), upload(GalleryRoutesBrowserTest.PHOTOS.get(4)));
        JsonNode gallery = ProjectClient.JSON.readTree(send("POST", "/v1/galleries", owner,
                "{\"name\":\"coast-rated\",\"title\":\"The coast, rated\",\"description\":\"Three walks by the "
                        + "water.\",\"image\":" + ProjectClient.JSON.writeValueAsString(images) + "}", 201));
        pageUrl = gallery.at("/links/gallery_url").asText();
        // Two earlier visitors rated it through the API: 4 and 3 stars.
        for (String[] rating : List.of(new String[] {"u-1", "4"}, new String[] {"u-2", "3"})) {
            send("PUT", "/v1/galleries/coast-rated/rating", TokenIssuer.backendToken(cloud.project(),
                    Clock.systemUTC(), rating[0], rating[0], Role.VIEWER), "{\"stars\":" + rating[1] + "}", 200);
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = GalleryPagesBrowserTest.chromium(false);
        driver.manage().window().setSize(new Dimension(1366, 900));
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void aVisitorSignsInRatesChangesTheRatingAndSignsOut() throws Exception {
        driver.get(pageUrl);
        assertThat(text("rating-summary")).contains("3.5 out of 5").contains("(2 ratings)");
        assertThat(driver.findElements(By.id("rate-form"))).isEmpty();

        // A wrong password comes back to the page with the form open and a message.
        signIn("rita", "not her password");
        assertThat(driver.getCurrentUrl()).as(driver.getPageSource()).contains("sign_in=failed");
        assertThat(text("sign-in-problem")).isEqualTo("Wrong username or password.");
        assertThat(driver.findElements(By.id("rate-form"))).isEmpty();

        signIn("rita", PASSWORD);
        assertThat(driver.findElements(By.id("signed-in-as"))).as(driver.getCurrentUrl() + "\n"
                + driver.getPageSource()).isNotEmpty();
        assertThat(text("signed-in-as")).isEqualTo("Signed in as rita");
        assertThat(driver.findElement(By.cssSelector("#rate-form legend")).getText()).isEqualTo("Rate this gallery");
        // Accessible: each radio button has its label.
        assertThat(driver.findElement(By.cssSelector("label[for=stars-5]")).getText()).isEqualTo("5 stars");
        screenshot("gallery-rating-desktop.png");

        rate(5);
        assertThat(text("rating-summary")).contains("4.0 out of 5").contains("(3 ratings)");
        assertThat(driver.findElement(By.id("stars-5")).isSelected()).isTrue();
        assertThat(driver.findElement(By.cssSelector("#rate-form legend")).getText()).isEqualTo("Your rating");

        rate(2);
        assertThat(text("rating-summary")).contains("3.0 out of 5").contains("(3 ratings)");
        assertThat(driver.findElement(By.id("stars-2")).isSelected()).isTrue();
        JsonNode view = ProjectClient.JSON.readTree(send("GET", "/v1/galleries/coast-rated", owner, null, 200));
        assertThat(view.path("rating_count").asLong()).isEqualTo(3);
        assertThat(view.path("rating").asDouble()).isEqualTo(3.0);

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.navigate().refresh();
        screenshot("gallery-rating-phone.png");
        driver.manage().window().setSize(new Dimension(1366, 900));

        driver.findElement(By.id("sign-out")).click();
        waitFor(d -> !d.findElements(By.id("sign-in")).isEmpty());
        assertThat(driver.findElements(By.id("rate-form"))).isEmpty();
        assertThat(driver.findElements(By.id("signed-in-as"))).isEmpty();
        assertThat(text("rating-summary")).contains("(3 ratings)");
    }

    private void signIn(String username, String password) {
        if (driver.findElement(By.id("sign-in")).getDomAttribute("open") == null) {
            driver.findElement(By.cssSelector("#sign-in summary")).click();
        }
        driver.findElement(By.id("sign-in-username")).sendKeys(username);
        driver.findElement(By.id("sign-in-password")).sendKeys(password);
        String before = driver.getCurrentUrl();
        driver.findElement(By.id("sign-in-submit")).click();
        waitFor(d -> !d.getCurrentUrl().equals(before) || !d.findElements(By.id("signed-in-as")).isEmpty());
    }

    private void rate(int stars) {
        driver.findElement(By.cssSelector("label[for=stars-" + stars + "]")).click();
        String summary = text("rating-summary");
        driver.findElement(By.id("rate-submit")).click();
        waitFor(d -> d.findElement(By.id("stars-" + stars)).isSelected()
                && !d.findElement(By.id("rating-summary")).getText().equals(summary));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition::apply);
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static String upload(GalleryRoutesBrowserTest.Photo photo) throws Exception {
        Multipart body = new Multipart().part("file", photo.file(), "image/jpeg",
                GalleryRoutesBrowserTest.photoJpeg(photo));
        HttpResponse<String> response = HttpClients.send(HttpRequest.newBuilder(cloud.baseUri().resolve("/v1/uploads"))
                .header("Authorization", "Bearer " + owner).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ProjectClient.JSON.readTree(response.body()).path("id").asText();
    }

    private static String send(String method, String path, String token, String body, int status) throws Exception {
        var response = HttpClients.send(cloud.baseUri(), method, path, token, body == null ? null : "application/json",
                body, null);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        return response.body();
    }
}
