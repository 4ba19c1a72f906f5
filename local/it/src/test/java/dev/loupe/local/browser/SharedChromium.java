package dev.loupe.local.browser;

import java.io.File;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium (with its chromedriver) per test JVM for each JavaScript setting, shared by the browser test
 * classes: starting one costs about 3 s of CPU (8 s and more on a loaded 2-core CI machine), and the suite asked for
 * about thirty. Each lease hands it over as a fresh browser would be, as far as a test can tell: one window at
 * about:blank, 1280 x 900, no cookies, no cache, no emulated media or device metrics. {@code quit()} on a lease
 * returns it; the JVM's exit quits it.
 */
final class SharedChromium extends ChromeDriver {
    /** The window every lease starts with (a test may resize it; the next lease sets it back). */
    static final Dimension WINDOW = new Dimension(1280, 900);

    private static final Map<Mode, SharedChromium> BROWSERS = new EnumMap<>(Mode.class);

    private enum Mode { JAVASCRIPT, NO_JAVASCRIPT }

    private SharedChromium(ChromeDriverService service, ChromeOptions options) {
        super(service, options);
    }

    /** The JVM's browser with JavaScript on or off, reset for a new test. */
    static synchronized ChromeDriver lease(boolean javascript) {
        Mode mode = javascript ? Mode.JAVASCRIPT : Mode.NO_JAVASCRIPT;
        SharedChromium browser = BROWSERS.get(mode);
        if (browser != null) {
            try {
                browser.reset();
                return browser;
            } catch (WebDriverException broken) {
                // It crashed or hung in the last test: a new one, as each test used to get.
                BROWSERS.remove(mode);
                browser.reallyQuit();
            }
        }
        browser = start(javascript);
        BROWSERS.put(mode, browser);
        return browser;
    }

    private static SharedChromium start(boolean javascript) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(GalleryPagesBrowserTest.CHROMIUM.toFile());
        // Without the background-networking flags Chromium tries to reach the (closed) network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + WINDOW.width + "," + WINDOW.height, "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=" + GalleryPagesBrowserTest.tempProfile());
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        // Debian's driver, given explicitly, keeps Selenium Manager from trying to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(GalleryPagesBrowserTest.CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        SharedChromium browser = new SharedChromium(service, options);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(browser::reallyQuit));
        return browser;
    }

    /** What a test left behind goes: alerts, other windows, frames, the page, cookies, cache, emulation, size. */
    private void reset() {
        try {
            switchTo().alert().dismiss();
        } catch (NoAlertPresentException none) {
            // the usual case
        }
        List<String> windows = List.copyOf(getWindowHandles());
        for (String window : windows.subList(1, windows.size())) {
            switchTo().window(window).close();
        }
        switchTo().window(windows.getFirst());
        switchTo().defaultContent();
        get("about:blank");
        executeCdpCommand("Network.clearBrowserCookies", Map.of());
        executeCdpCommand("Network.clearBrowserCache", Map.of());
        executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "", "features", List.of()));
        executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        manage().timeouts().implicitlyWait(Duration.ZERO);
        if (!manage().window().getSize().equals(WINDOW)) {
            manage().window().setSize(WINDOW);
        }
    }

    /** Returns the browser for the next test: it stays open until the JVM exits. */
    @Override
    public void quit() {
    }

    private void reallyQuit() {
        try {
            super.quit();
        } catch (WebDriverException gone) {
            // already gone with its driver
        }
    }
}
