package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens the report {@code fleet eval --html} writes in a real headless Chromium (Debian's chromium
 * and chromedriver) and checks what a person would look at: the figures, the reliability diagram
 * and the risk–coverage curve drawn as SVG, and text from the file shown as text, not markup.
 */
class HtmlReportPageIT {

  private static final String CHROMIUM =
      System.getenv().getOrDefault("FLEET_CHROMIUM", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getenv().getOrDefault("FLEET_CHROMEDRIVER", "/usr/bin/chromedriver");

  @TempDir Path dir;
  private WebDriver browser;

  @BeforeEach
  void openBrowser() throws Exception {
    assertThat(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute())
        .as(
            "this test needs Chromium and chromedriver (apt-get install chromium chromium-driver),"
                + " or FLEET_CHROMIUM and FLEET_CHROMEDRIVER pointing at them")
        .isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=1200,1600",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withLogFile(dir.resolve("chromedriver.log").toFile())
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /**
   * Twenty records: 16 right; confidences spread over four bins; one label that looks like HTML.
   */
  private static EvalReport report() {
    List<Outcome> outcomes = new ArrayList<>();
    String tricky = "<b>bold</b> & \"quoted\"";
    for (int i = 0; i < 20; i++) {
      String label = i % 2 == 0 ? "refund" : tricky;
      String predicted = i < 16 ? label : "spam";
      double confidence = 0.55 + 0.1 * (i % 4);
      List<String> fired = i < 6 ? List.of("triage/auto_refund_small") : List.of();
      outcomes.add(
          new Outcome(
              i + 2,
              "r" + i,
              label,
              predicted,
              confidence,
              fired,
              i < 6 ? "action refund" : "end x",
              List.of(),
              "fake/m",
              i < 6 ? label.equals(predicted) : null));
    }
    return EvalReport.of(
        "support-triage",
        "abc123",
        "classify",
        "labelled <tickets>.jsonl",
        null,
        outcomes,
        List.of(
            new AutoActionRules.AutoAction(
                "triage", "auto_refund_small", "refund (payments.refund)")),
        0.9,
        List.of(new LabelledFile.Problem(7, "label '<script>alert(1)</script>' is unknown")),
        1234);
  }

  @Test
  void the_page_shows_the_figures_and_draws_both_charts_as_svg() throws Exception {
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(report()), StandardCharsets.UTF_8);
    browser.get(page.toUri().toString());

    assertThat(browser.getTitle()).isEqualTo("Decision quality: support-triage");
    String figures = browser.findElement(By.className("figures")).getText();
    assertThat(figures).contains("records\n20", "accuracy\n0.800", "ECE (15 bins)");

    WebElement reliability = browser.findElement(By.id("reliability"));
    assertThat(reliability.getSize().getWidth()).isGreaterThan(200);
    // Four confidences (0.55, 0.65, 0.75, 0.85) fall in four bins: four bars.
    assertThat(reliability.findElements(By.cssSelector("rect.bin"))).hasSize(4);

    WebElement curve = browser.findElement(By.id("risk-coverage"));
    assertThat(curve.getSize().getHeight()).isGreaterThan(200);
    String points = curve.findElement(By.cssSelector("polyline.curve")).getAttribute("points");
    assertThat(points.split(" ")).hasSize(4);

    List<WebElement> actionRows = browser.findElements(By.cssSelector("#auto-actions tr"));
    assertThat(actionRows.get(1).getText())
        .isEqualTo("triage/auto_refund_small refund (payments.refund) 6 1.000");

    // Text from the file and the playbook is shown as text, never run or rendered as markup.
    assertThat(browser.findElement(By.id("labels")).getText()).contains("<b>bold</b> & \"quoted\"");
    assertThat(browser.findElements(By.cssSelector("#labels b"))).isEmpty();
    assertThat(browser.findElement(By.id("skipped")).getText())
        .isEqualTo("line 7: label '<script>alert(1)</script>' is unknown");
    assertThat(browser.findElements(By.tagName("script"))).isEmpty();

    Files.write(
        dir.resolve("eval-report-page.png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
