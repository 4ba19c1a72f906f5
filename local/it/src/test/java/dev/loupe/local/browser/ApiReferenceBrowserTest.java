package dev.loupe.local.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
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
 * The API reference page as served: GET /docs/api on the local cloud, with no token, renders every operation of
 * GET /openapi.json (which is public too) with the pinned renderer, under the page's own CSP.
 */
@LoupeCloudTest
@EnabledIf(value = "browserAvailable", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver: browser tests skipped")
class ApiReferenceBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static URI base;
    ChromeDriver driver;

    static boolean browserAvailable() {
        return GalleryPagesBrowserTest.browserAvailable();
    }

    @BeforeAll
    static void start(ProjectClient shared) throws IOException {
        GalleryPagesBrowserTest.CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        base = shared.baseUri();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    void thePageRendersEveryOperationOfTheDocumentWithNoToken() throws Exception {
        var document = HttpClients.send(base, "GET", "/openapi.json", null, null, null, null);
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode paths = ProjectClient.json(document).path("paths");
        int operations = 0;
        for (JsonNode item : (Iterable<JsonNode>) paths::elements) {
            for (String method : List.of("get", "put", "post", "delete", "options", "patch")) {
                operations += item.has(method) ? 1 : 0;
            }
        }

        driver = GalleryPagesBrowserTest.chromium(true);
        driver.manage().window().setSize(new Dimension(1366, 900));
        driver.get(base.resolve("/docs/api").toString());
        int expected = operations;
        List<WebElement> rendered = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(d -> {
                    List<WebElement> blocks = d.findElements(By.cssSelector(".opblock"));
                    return blocks.size() == expected ? blocks : null;
                });
        assertThat(rendered).hasSize(operations);
        String text = driver.findElement(By.cssSelector(".swagger-ui")).getText();
        assertThat(text).contains("Loupe API", "/v1/galleries/{name}", "/v1/start/{tool}",
                "/ws/customers/{username}/library/folders", "/api/2/images", "/admin/projects");
        // The desktop screenshot: the end of the introduction and the first operations of the gallery API.
        driver.executeScript("document.querySelector('#operations-tag-Galleries').scrollIntoView();"
                + "window.scrollBy(0, -260);");
        screenshot("api-reference.png");

        // One operation opened: its parameters and its answer's schema are shown.
        driver.findElement(By.cssSelector("#operations-Galleries-viewGallery .opblock-summary-control")).click();
        String opened = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(100))
                .until(d -> {
                    String body = d.findElement(By.cssSelector("#operations-Galleries-viewGallery")).getText();
                    return body.contains("Responses") ? body : null;
                });
        assertThat(opened).contains("name", "200", "gallery_url");

        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base.resolve("/docs/api").toString());
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(d -> d.findElements(By.cssSelector(".opblock")).size() == expected);
        screenshot("api-reference-phone.png");
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
