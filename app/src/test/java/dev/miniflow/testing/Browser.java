package dev.miniflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The system's headless Chromium (Debian chromium + chromium-driver), one fresh profile per browser. */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final WebDriver driver;
  private final String baseUrl;
  private final Path profile;

  public Browser(String baseUrl) {
    // a failure, not a skip: a run without a browser would pass without testing any page
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("The UI tests drive " + CHROMIUM + " through " + CHROMEDRIVER
          + ": install the Debian packages chromium and chromium-driver (.ci/run does)");
    }
    this.baseUrl = baseUrl;
    try {
      this.profile = Files.createTempDirectory("miniflow-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, options);
  }

  public Browser open(String path) {
    driver.get(baseUrl + path);
    return this;
  }

  public Browser logIn(String username, String password) {
    open("/login");
    type(By.id("username"), username);
    type(By.id("password"), password);
    click(By.cssSelector("button[type=submit]"));
    waitFor(By.cssSelector("nav.navbar"));
    return this;
  }

  public WebElement waitFor(By by) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw notFound(by, e);
    }
  }

  /** A wait that looks again when what it found was replaced meanwhile (a navigation, a live redraw). */
  private WebDriverWait redrawTolerant() {
    var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private AssertionError notFound(By by, RuntimeException e) {
    return new AssertionError("Not found on " + driver.getCurrentUrl() + ": " + by + "\n--- page ---\n" + pageText(),
        e);
  }

  /** Reloads the page until the element shows up (for things a process produces a moment later). */
  public WebElement reloadUntil(By by) {
    return reloadUntil(by, Duration.ofSeconds(30));
  }

  public WebElement reloadUntil(By by, Duration atMost) {
    return new WebDriverWait(driver, atMost, Duration.ofMillis(500)).until(d -> {
      var found = d.findElements(by);
      if (found.isEmpty()) {
        d.navigate().refresh();
        return null;
      }
      return found.getFirst();
    });
  }

  public void type(By by, String text) {
    WebElement element = waitFor(by);
    element.clear();
    element.sendKeys(text);
  }

  public void click(By by) {
    WebElement element =
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(by));
    // long pages: bring the element to the middle so nothing fixed (navbar, diagram overlays) covers it
    var js = (org.openqa.selenium.JavascriptExecutor) driver;
    js.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    try {
      element.click();
    } catch (org.openqa.selenium.ElementClickInterceptedException e) {
      // headless Chromium sometimes reports a stale hit-test right after scrolling a long page
      js.executeScript("arguments[0].click()", element);
    }
  }

  /**
   * Ticks every checkbox the locator finds; a live list may redraw its rows between finding and
   * ticking one, so each is found again until it shows ticked.
   */
  public void tickAll(By boxes) {
    waitFor(boxes);
    int count = driver.findElements(boxes).size();
    for (int i = 0; i < count; i++) {
      int index = i;
      redrawTolerant().until(d -> {
        WebElement box = d.findElements(boxes).get(index);
        if (!box.isSelected()) {
          box.click();
        }
        return box.isSelected();
      });
    }
  }

  public String text(By by) {
    try {
      // read inside the wait: the element may be replaced (a navigation, a live redraw) once found
      return redrawTolerant().until(d -> {
        WebElement element = ExpectedConditions.visibilityOfElementLocated(by).apply(d);
        return element == null ? null : element.getText();
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw notFound(by, e);
    }
  }

  public String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /**
   * Waits until the page says all of these, and returns its text: after a click that submits a form
   * the old page may still be there, or go away while it is read.
   */
  public String waitForText(String... parts) {
    try {
      return redrawTolerant().until(d -> {
        String text = pageText();
        return java.util.Arrays.stream(parts).allMatch(text::contains) ? text : null;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("Never said " + java.util.List.of(parts) + " on " + driver.getCurrentUrl()
          + "\n--- page ---\n" + pageText(), e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  public void screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
