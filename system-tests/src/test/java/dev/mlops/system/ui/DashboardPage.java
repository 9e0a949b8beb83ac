package dev.mlops.system.ui;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard at {@code <orchestrator>/ui/} as a person uses it: sign in, click, read. */
public final class DashboardPage {

  static final Duration QUICK = Duration.ofSeconds(20);

  private final Browser browser;
  private final String url;

  public DashboardPage(Browser browser, String orchestratorUrl) {
    this.browser = browser;
    this.url = orchestratorUrl + "/ui";
  }

  public Browser browser() {
    return browser;
  }

  /** Opens {@code /ui} (what a person types; it leads to {@code /ui/}). */
  public void open() {
    browser.driver().get(url);
    browser.await(
        "the page loads", QUICK, d -> d.findElements(By.cssSelector("#main > *")).size() > 0);
  }

  /** Signs in with a token; true when the page accepted it, false when it said it was refused. */
  public boolean signIn(String token) {
    WebElement input = browser.await("the sign-in form", QUICK, d -> d.findElement(By.id("token")));
    input.clear();
    input.sendKeys(token);
    browser.driver().findElement(By.id("sign-in")).click();
    String outcome =
        browser.await(
            "the page accepts or refuses the token",
            QUICK,
            d -> {
              if (d.findElement(By.id("nav")).isDisplayed()) {
                return "accepted";
              }
              List<WebElement> error = d.findElements(By.id("login-error"));
              return !error.isEmpty() && error.getFirst().isDisplayed() ? "refused" : null;
            });
    return outcome.equals("accepted");
  }

  public String loginError() {
    return browser.driver().findElement(By.id("login-error")).getText();
  }

  /** Clicks a view in the navigation (Runs, Models, Deployments, Drift). */
  public void view(String name) {
    browser.driver().findElement(By.cssSelector("#nav a[data-view='" + name + "']")).click();
    browser.await(
        name + " shows",
        QUICK,
        d ->
            !d.findElements(
                    By.cssSelector(".view-" + name + " .page-head, .view-" + name + " .breadcrumb"))
                .isEmpty());
  }

  /** Goes to a route of the page ({@code #/runs/<id>}) the way a link does. */
  public void go(String hash) {
    browser.script("location.hash = arguments[0]", hash);
  }

  /** Marks the loaded page; {@link #stillTheSamePage()} is false after any reload. */
  public void mark() {
    browser.script("window.__dashboardTestMark = true");
  }

  public boolean stillTheSamePage() {
    return Boolean.TRUE.equals(browser.script("return window.__dashboardTestMark === true"));
  }

  /** The first element matching the CSS selector, if any. */
  public Optional<WebElement> find(String css) {
    List<WebElement> found = browser.driver().findElements(By.cssSelector(css));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  public List<WebElement> all(String css) {
    return browser.driver().findElements(By.cssSelector(css));
  }

  /** An attribute of the first element matching, or null. */
  public String attribute(String css, String attribute) {
    return find(css).map(e -> e.getDomAttribute(attribute)).orElse(null);
  }

  /** Waits until an element matching the selector is on the page, and returns it. */
  public WebElement await(String what, Duration timeout, String css) {
    return browser.await(what, timeout, d -> find(css).orElse(null));
  }
}
