package org.tocsin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, driven through chromedriver, pointed at the test server. It uses the
 * Debian packages' binaries at fixed paths and nothing else: Selenium Manager is never asked to
 * find or download a browser or driver, so the tests run the same offline as on CI. Each browser
 * has a fresh profile (no cookies, no cache) that is deleted when it closes.
 *
 * <p>Pages are opened on {@code localhost}, not {@code 127.0.0.1}: Chromium treats
 * {@code http://localhost} as a secure context, so it keeps the {@code Secure} {@code __Host-}
 * session cookie there as it would over HTTPS in production.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final String base;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(String base, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.base = base;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /**
     * Starts a browser for the server on {@code port}. Fails, rather than skips, when Chromium is
     * not installed: a browser test that quietly does not run proves nothing.
     */
    public static Browser open(int port) {
        return open(port, CHROMIUM, CHROMEDRIVER);
    }

    static Browser open(int port, Path chromium, Path chromedriver) {
        for (var executable : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(executable + " is missing, so the browser tests cannot run. "
                        + "Run the tests with scripts/test, which installs the Debian packages chromium and "
                        + "chromium-driver first (or: apt-get install -y chromium chromium-driver).");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("tocsin-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        var options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                        "--user-data-dir=" + profile);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        // An explicit driver executable is what keeps Selenium Manager out of it.
        var service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        try {
            return new Browser("http://localhost:" + port, profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the test server, as typing it into the address bar would. */
    public void open(String path) {
        driver.get(base + path);
    }

    /** The path of the page shown now, without the query. */
    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** The query of the page shown now, or null. */
    public String query() {
        return URI.create(driver.getCurrentUrl()).getQuery();
    }

    /** Waits until the browser shows the page at {@code path} (redirects and form posts take a moment). */
    public void waitForPath(String path) {
        try {
            new WebDriverWait(driver, PATIENCE).until(d -> path.equals(path()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("Expected the browser to show " + path + " but it shows " + driver.getCurrentUrl()
                    + " with text:\n" + text("body"), e);
        }
    }

    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    public List<WebElement> findAll(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    /** The visible text of the first element matching {@code cssSelector}. */
    public String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    public void type(String cssSelector, String text) {
        var field = find(cssSelector);
        field.clear();
        field.sendKeys(text);
    }

    public void click(String cssSelector) {
        find(cssSelector).click();
    }

    /** Clicks a link or button that leads to another page, and waits until that page has loaded. */
    public void follow(String cssSelector) {
        leaving(() -> click(cssSelector));
    }

    /**
     * Does something that leaves the page shown now (a key press, going back) and waits until the
     * next page has loaded, so that what follows reads the new page, not the old one.
     */
    public void leaving(Runnable action) {
        var page = find("html");
        action.run();
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.stalenessOf(page));
        new WebDriverWait(driver, PATIENCE)
                .until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    /**
     * What the browser wrote to its console since the last call: script errors, Content Security
     * Policy violations, resources that failed to load, and anything scripts logged. Reading it
     * empties it.
     */
    public List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Saves a picture of the page as shown now and returns where it is. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temporary profile does no harm
        }
    }
}
