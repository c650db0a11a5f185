package org.vdi.portal.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vdi.portal.it.ItEnv;

/**
 * One headless Chromium with a profile of its own (so no cookie survives from
 * one session to the next), driven through the Debian chromedriver. Nothing is
 * downloaded: the driver and browser paths are given, so Selenium Manager is
 * never consulted. Close it with try-with-resources.
 *
 * <p>Paths: {@code VDI_CHROMEDRIVER} (default /usr/bin/chromedriver) and
 * {@code VDI_CHROMIUM} (default /usr/bin/chromium). Screenshots go to
 * {@code $VDI_TEST_ARTIFACTS/screenshots} (or target/screenshots).
 */
public final class BrowserSession implements AutoCloseable {

    public static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    static final Dimension DESKTOP_WINDOW = new Dimension(1366, 900);

    private final WebDriver driver;
    private final Path profile;

    private BrowserSession(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a fresh browser. */
    public static BrowserSession start() {
        String chromedriver = ItEnv.optional("VDI_CHROMEDRIVER", "/usr/bin/chromedriver");
        String chromium = ItEnv.optional("VDI_CHROMIUM", "/usr/bin/chromium");
        // both given explicitly: Selenium skips Selenium Manager, which would try to download
        System.setProperty("webdriver.chrome.driver", chromedriver);
        Path profile;
        try {
            profile = Files.createTempDirectory("vdi-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-sync", "--password-store=basic",
                "--lang=en-US", "--force-device-scale-factor=1",
                "--window-size=" + DESKTOP_WINDOW.getWidth() + "," + DESKTOP_WINDOW.getHeight(),
                "--user-data-dir=" + profile);
        // the page's console, to catch content security policy violations
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL", "performance", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT);
        return new BrowserSession(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a path of the portal ("/", "/admin/"). */
    public BrowserSession open(String path) {
        driver.get(ItEnv.portalUrl() + path);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** Waits for a condition; the failure says what was awaited and where the browser was. */
    public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            // the portal re-renders its cards on every poll: an element found a moment ago may be
            // gone by the next call, which only means "look again"
            return new WebDriverWait(driver, timeout, Duration.ofMillis(250))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + "; the browser is at " + driver.getCurrentUrl() + " showing: " + visibleText(), e);
        }
    }

    /**
     * Signs in on the real Keycloak page: opens the portal, which sends an
     * anonymous browser to Keycloak, fills in the form, and waits until the portal
     * shows the user's name.
     */
    public BrowserSession signIn(String user, String password) {
        open("/");
        await("the Keycloak sign-in form", PAGE_TIMEOUT, d -> isSignInPage() || onPortal());
        if (isSignInPage()) {
            driver.findElement(By.id("username")).clear();
            driver.findElement(By.id("username")).sendKeys(user);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("kc-login")).click();
        }
        await("the portal to show " + user + " as signed in", PAGE_TIMEOUT,
                d -> onPortal() && user.equals(text(By.id("user-name"))));
        return this;
    }

    /** Waits until the console page says Connected and draws a display of some size. */
    public BrowserSession awaitConsoleConnected(Duration timeout) {
        await("the console to connect", timeout, d -> "Connected".equals(text(By.id("state-text")))
                && !d.findElement(By.id("overlay")).isDisplayed()
                && !"0".equals(String.valueOf(script("return document.getElementById('display').dataset.width || '0'"))));
        return this;
    }

    /** True on Keycloak's sign-in form of realm vdi. */
    public boolean isSignInPage() {
        return driver.getCurrentUrl().startsWith(ItEnv.keycloakUrl() + "/realms/vdi/")
                && !driver.findElements(By.id("kc-login")).isEmpty();
    }

    public boolean onPortal() {
        return driver.getCurrentUrl().startsWith(ItEnv.portalUrl() + "/");
    }

    /** The element's text, or "" when it is not there. */
    public String text(By by) {
        return driver.findElements(by).stream().findFirst().map(WebElement::getText).orElse("");
    }

    public String visibleText() {
        try {
            String t = driver.findElement(By.tagName("body")).getText();
            return t.length() > 600 ? t.substring(0, 600) + "..." : t;
        } catch (RuntimeException e) {
            return "(no page: " + e.getMessage() + ")";
        }
    }

    /** Runs a script in the page; async scripts call the callback passed as their last argument. */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public Object asyncScript(String js, Object... args) {
        driver.manage().timeouts().scriptTimeout(PAGE_TIMEOUT);
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /**
     * The HTTP status of a same-origin request made by the page itself, with the
     * page's cookies: {@code fetch(path, {method, headers})}.
     */
    public int fetchStatus(String method, String path, String csrfToken) {
        Object status = asyncScript("""
                const [method, path, token, done] = arguments;
                const headers = {Accept: 'application/json'};
                if (token) headers['X-CSRF-Token'] = token;
                fetch(path, {method, headers, credentials: 'same-origin', redirect: 'manual'})
                  .then(r => done(r.status)).catch(e => done(-1));
                """, method, path, csrfToken);
        return ((Number) status).intValue();
    }

    /** The body of a same-origin GET made by the page, as text. */
    public String fetchText(String path) {
        return (String) asyncScript("""
                const [path, done] = arguments;
                fetch(path, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
                  .then(r => r.text()).then(done).catch(e => done('error: ' + e));
                """, path);
    }

    /**
     * Console messages of the page (since the last call) in which the browser
     * refused something under the content security policy: inline script or
     * style, or anything from elsewhere.
     */
    public List<String> policyViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
    }

    /**
     * The URLs of the WebSockets the page opened since the last call, as
     * Chromium's network log (DevTools event Network.webSocketCreated) shows them.
     */
    public List<String> webSocketUrls() {
        Pattern created = Pattern.compile("\"method\":\"Network\\.webSocketCreated\".*?\"url\":\"(wss?://[^\"]+)\"");
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(LogEntry::getMessage)
                .map(created::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    /** Sets the window size (a narrow window shows the one-column layout). */
    public BrowserSession resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        return this;
    }

    /**
     * Saves a screenshot of the whole page as {@code <artifacts>/screenshots/<name>.png}
     * (the window grows to the page's height for the shot); returns the file.
     */
    public Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        try {
            Object h = script("return Math.ceil(document.documentElement.scrollHeight)");
            int height = h instanceof Number n ? Math.min(Math.max(n.intValue(), 200), 4000) : before.getHeight();
            // the window's chrome is not part of the page; add the difference so the whole page fits
            Object inner = script("return window.innerHeight");
            int chrome = inner instanceof Number n ? Math.max(0, before.getHeight() - n.intValue()) : 0;
            if (height + chrome > before.getHeight()) {
                driver.manage().window().setSize(new Dimension(before.getWidth(), height + chrome));
            }
            Path dir = screenshotDir();
            Files.createDirectories(dir);
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png");
            Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name, e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    static Path screenshotDir() {
        String base = System.getenv("VDI_TEST_ARTIFACTS");
        return base == null || base.isBlank() ? Path.of("target", "screenshots") : Path.of(base, "screenshots");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("[browser] cannot remove the profile " + profile + ": " + e);
            }
        }
    }
}
