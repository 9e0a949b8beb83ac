package dev.mlops.system.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through ChromeDriver, both Debian's ({@code /usr/bin/chromium}, {@code
 * /usr/bin/chromedriver}; other paths with {@code -Dchromium.binary} and {@code -Dchromedriver}):
 * nothing is downloaded. A fresh profile per browser, removed on close.
 */
public final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

  /** Width of the screenshots (a laptop screen); their height is the page's. */
  static final int WIDTH = 1440;

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium; the driver's log goes to {@code logDir/chromedriver.log}. */
  public static Browser start(Path logDir) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the dashboard tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver");
    }
    try {
      Path profile = Files.createTempDirectory("dashboard-chromium-");
      Files.createDirectories(logDir);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .withLogFile(logDir.resolve("chromedriver.log").toFile())
              .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--user-data-dir=" + profile,
          "--window-size=" + WIDTH + ",1000",
          "--force-device-scale-factor=1",
          "--lang=en-GB");
      ChromeDriver driver;
      try {
        driver = new ChromeDriver(service, options);
      } catch (RuntimeException e) {
        service.stop();
        deleteTree(profile);
        throw e;
      }
      return new Browser(service, driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Runs a script in the page and returns its result. */
  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Waits (polling, with a deadline) until the condition gives a non-null, non-false value. */
  public <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(250))
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /**
   * A screenshot of the whole page, beyond the window (Chrome DevTools' {@code
   * Page.captureScreenshot}: headless Chromium keeps the window within its virtual screen).
   */
  public void screenshot(Path file) {
    // let the charts draw first (they are drawn on the next animation frames)
    script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    Map<String, Object> layout = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) layout.get("cssContentSize");
    double width = ((Number) size.get("width")).doubleValue();
    double height = Math.min(8000, ((Number) size.get("height")).doubleValue());
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the page logged to its console (errors included), for a failing test's message. */
  public List<String> consoleErrors() {
    try {
      return driver.manage().logs().get("browser").getAll().stream()
          .map(e -> e.getLevel() + " " + e.getMessage())
          .toList();
    } catch (RuntimeException e) {
      return List.of("(console not available: " + e.getMessage() + ")");
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
