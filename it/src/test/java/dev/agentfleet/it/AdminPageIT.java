package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The approvers' admin page in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}), against a real dev server and worker, served by {@code fleet admin serve} in
 * its own JVM as {@code ./fleet up} runs it: alice signs in with the documented demo password, sees
 * a refund waiting for billing, approves it and watches the run complete; bob reads a ticket's own
 * text and why it waits, corrects the drafted reply, and the customer gets the corrected reply;
 * anonymous API requests get 401 and a signed-in POST without the CSRF token changes nothing.
 */
class AdminPageIT extends FleetItBase {

  private static final String CHROMIUM =
      System.getenv().getOrDefault("FLEET_CHROMIUM", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getenv().getOrDefault("FLEET_CHROMEDRIVER", "/usr/bin/chromedriver");

  /** A phone's viewport: the page must be usable at this width. */
  private static final int PHONE_WIDTH = 412;

  private static Process admin;
  private static Path adminLog;
  private static String base;
  private static WebDriver browser;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void up() throws Exception {
    requireChromium();
    startFleetWithWorker("admin");
    startAdmin();
    browser = headlessChromium();
  }

  @AfterAll
  static void down() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (admin != null) {
      admin.destroy();
      admin.waitFor();
    }
    stopFleet();
  }

  @Test
  void alice_signs_in_sees_the_refund_approves_it_and_sees_the_run_complete() throws Exception {
    String workflowId = startTicketWaitingForBilling("T-1014");

    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).as("anonymous: sent to sign in").endsWith("/login");
    browser.findElement(By.id("username")).sendKeys("alice");
    browser.findElement(By.id("password")).sendKeys("demo-alice");
    browser.findElement(By.id("sign-in")).click();
    assertThat(browser.findElements(By.id("signed-in-as")))
        .as("signed in; the page shows %s", browser.getPageSource())
        .singleElement()
        .extracting(WebElement::getText)
        .isEqualTo("alice");

    By card = By.cssSelector("article[data-workflow-id='" + workflowId + "']");
    WebElement pending =
        Await.until(
            workflowId + " in alice's queue",
            Duration.ofSeconds(30),
            () -> {
              List<WebElement> found = browser.findElements(card);
              if (found.isEmpty()) {
                browser.navigate().refresh();
                return null;
              }
              return found.get(0);
            },
            found -> found != null);
    String text = pending.getText();
    assertThat(text)
        .contains("Refund request from greg.h@example.com")
        .contains("billing")
        .containsIgnoringCase("Cost so far")
        .containsIgnoringCase("Confidence")
        .containsIgnoringCase("Waiting");
    assertThat(pending.findElement(By.linkText("Temporal Web UI")).getAttribute("href"))
        .endsWith("/namespaces/default/workflows/support-triage%2FT-1014");
    assertFitsAPhone();
    screenshot("admin-queue.png");

    pending.findElement(By.name("comment")).sendKeys("receipt checked in the browser");
    pending.findElement(By.cssSelector("button[data-action='approve']")).click();

    assertThat(browser.findElement(By.id("flash")).getText())
        .contains("approved " + workflowId + " as alice");
    String status =
        Await.until(
            "the run page to show the run completed",
            Duration.ofSeconds(60),
            () -> {
              browser.navigate().refresh();
              return browser.findElement(By.id("run-status")).getText();
            },
            s -> s.equals("completed"));
    assertThat(status).isEqualTo("completed");
    screenshot("admin-run.png");
    String approvals = browser.findElement(By.id("approvals")).getText();
    assertThat(approvals).contains("billing_approval", "approved", "alice", "receipt checked");
    assertThat(browser.findElement(By.id("actions")).getText()).contains("payments.refund");

    JsonNode ledger = cli.run("ledger", "--workflow", workflowId, "--json").json();
    List<String> refundedBy = new ArrayList<>();
    ledger.forEach(
        e -> {
          if (e.path("action").asText().equals("payments.refund")) {
            refundedBy.add(e.path("approvedBy").asText());
          }
        });
    assertThat(refundedBy)
        .as("one refund, attested by alice's signed decision")
        .containsExactly("alice");
  }

  @Test
  void a_decision_the_run_refuses_shows_the_runs_reason_at_once_and_the_run_still_waits()
      throws Exception {
    // given a refund waiting for billing, whose edit schema caps the amount at 10000
    String workflowId = startTicketWaitingForBilling("T-1006");
    browser.manage().deleteAllCookies();
    browser.get(base + "/login");
    browser.findElement(By.id("username")).sendKeys("alice");
    browser.findElement(By.id("password")).sendKeys("demo-alice");
    browser.findElement(By.id("sign-in")).click();
    browser.get(base + "/runs/" + URLEncoder.encode(workflowId, StandardCharsets.UTF_8));

    // when alice approves it edited to an amount the schema does not allow (the page checks
    // types only; the workers check the edit against the schema as they verify the signature)
    browser.findElement(By.cssSelector("details.edit summary")).click();
    WebElement amount = browser.findElement(By.cssSelector("input[name='value.amount']"));
    amount.clear();
    amount.sendKeys("20000");
    browser.findElement(By.cssSelector("button[data-action='edit']")).click();

    // then the page shows the run's refusal from the same request, and the run still waits
    // (read from the page the POST led to: a lookup may still find the one being left, so each
    // try looks again)
    String flash =
        Await.until(
            "the refusal on the page",
            Duration.ofSeconds(30),
            () -> browser.findElement(By.id("flash")).getText(),
            text -> text.contains("refused"));
    assertThat(flash)
        .as("the answer of the decision update")
        .contains("the run refused the decision because")
        .contains("amount");
    assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("waiting-approval");
    JsonNode state = cli.run("status", workflowId, "--json").json();
    assertThat(state.path("status").asText()).isEqualTo("waiting-approval");
    assertThat(state.path("ignoredSignals").get(0).path("reason").asText())
        .as("a signature refused by the workers is recorded in the run")
        .contains("amount");
    screenshot("admin-refused.png");

    // and a decision the run takes still goes through
    browser.findElement(By.cssSelector("button[data-action='approve']")).click();
    // the page being left shows a flash too (the refusal): wait for the new page's
    Await.until(
        "the approval on the page",
        Duration.ofSeconds(30),
        () -> browser.findElement(By.id("flash")).getText(),
        text -> text.contains("approved " + workflowId + " as alice"));
  }

  @Test
  void anonymous_api_requests_get_401_and_a_post_without_the_csrf_token_changes_nothing()
      throws Exception {
    String workflowId = startTicketWaitingForBilling("T-1024");
    String encoded = URLEncoder.encode(workflowId, StandardCharsets.UTF_8);

    HttpResponse<String> anonymousPending = get("/api/pending", null);
    assertThat(anonymousPending.statusCode()).isEqualTo(401);
    assertThat(anonymousPending.body()).doesNotContain("T-1024");
    assertThat(get("/api/runs/" + encoded, null).statusCode()).isEqualTo(401);
    assertThat(
            post(
                    "/api/runs/" + encoded + "/decision",
                    "{\"decision\":\"approve\"}",
                    "application/json",
                    null)
                .statusCode())
        .isEqualTo(401);

    String session = signIn("alice", "demo-alice");
    assertThat(get("/api/pending", session).body()).contains(workflowId);
    HttpResponse<String> noToken =
        post(
            "/runs/" + encoded + "/decision",
            "decision=approve&comment=forged",
            "application/x-www-form-urlencoded",
            session);
    HttpResponse<String> apiNoToken =
        post(
            "/api/runs/" + encoded + "/decision",
            "{\"decision\":\"approve\"}",
            "application/json",
            session);

    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(apiNoToken.statusCode()).isEqualTo(403);
    JsonNode state = cli.run("status", workflowId, "--json").json();
    assertThat(state.path("status").asText()).isEqualTo("waiting-approval");
    assertThat(state.path("ignoredSignals")).as("nothing reached the run").isEmpty();

    String bob = signIn("bob", "demo-bob");
    assertThat(get("/api/pending", bob).body())
        .as("bob holds no billing role")
        .doesNotContain(workflowId);
  }

  @Test
  void bob_reads_the_customers_words_and_why_the_run_waits_and_sends_a_corrected_reply()
      throws Exception {
    // given a ticket no example resembles (so the reply needs a person) whose record id cannot be
    // a workflow id as it is
    String recordId = "Ticket 88/zebras";
    String body =
        "Zebras graze quietly near the old lighthouse at dusk.\n"
            + "<b>not bold</b> & a second line.";
    Path input =
        Files.writeString(
            home.resolve("zebras.jsonl"),
            JSON.writeValueAsString(
                    Map.of(
                        "id",
                        recordId,
                        "from",
                        "zoe@example.org",
                        "subject",
                        "Zebras at the lighthouse",
                        "body",
                        body))
                + "\n");
    String workflowId = WorkflowIds.forRecord("support-triage", recordId);
    Cli.Result started = cli.run("run", "support-triage", "--input", input.toString());
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.out()).contains("record " + recordId + "  ->  run " + workflowId);

    // when the run waits for support, status finds it by the record id it was started with
    JsonNode state =
        Await.until(
                recordId + " waiting for support",
                Duration.ofSeconds(90),
                () -> cli.run("status", recordId, "--json"),
                r -> r.exit() == 0 && r.json().path("status").asText().equals("waiting-approval"))
            .json();
    assertThat(state.path("workflowId").asText()).isEqualTo(workflowId);
    assertThat(state.path("pendingApproval").path("stepId").asText())
        .as("the ticket should need a support approver; state: %s", state)
        .isEqualTo("support_approval");
    assertThat(state.path("input").path("body").asText()).isEqualTo(body);
    JsonNode gate = null;
    for (JsonNode decision : state.path("decisions")) {
      if (decision.path("stepId").asText().equals("reply_gate")) {
        gate = decision;
      }
    }
    assertThat(gate).as("the reply_gate decision in %s", state).isNotNull();
    assertThat(gate.path("seen").has("steps.classify.confidence")).isTrue();
    Cli.Result text = cli.run("status", recordId);
    assertThat(text.out())
        .contains("Record")
        .contains("Zebras graze quietly near the old lighthouse")
        .contains("SAW")
        .contains("steps.classify.confidence=")
        .contains("draft_reply");

    // then bob sees the customer's words, escaped, and why the run waits, and corrects the reply
    browser.manage().deleteAllCookies();
    browser.get(base + "/login");
    browser.findElement(By.id("username")).sendKeys("bob");
    browser.findElement(By.id("password")).sendKeys("demo-bob");
    browser.findElement(By.id("sign-in")).click();
    By card = By.cssSelector("article[data-workflow-id='" + workflowId + "']");
    WebElement pending =
        Await.until(
            workflowId + " in bob's queue",
            Duration.ofSeconds(30),
            () -> {
              List<WebElement> found = browser.findElements(card);
              if (found.isEmpty()) {
                browser.navigate().refresh();
                return null;
              }
              return found.get(0);
            },
            found -> found != null);
    assertThat(pending.findElement(By.cssSelector(".record dd[data-field='body']")).getText())
        .isEqualTo(body);
    assertThat(pending.findElements(By.tagName("b"))).as("the record's markup is text").isEmpty();
    assertThat(pending.findElement(By.cssSelector(".why")).getText())
        .contains("reply_gate")
        .contains("steps.classify.confidence =");
    WebElement draft = pending.findElement(By.cssSelector("textarea[name='value.reply']"));
    assertThat(draft.getAttribute("value")).isNotBlank();
    assertFitsAPhone();
    screenshot("admin-draft.png");
    String corrected =
        "Hello Zoe,\nthank you for the zebra report. We will pass it on to the lighthouse keeper.";
    draft.clear();
    draft.sendKeys(corrected);
    pending.findElement(By.cssSelector("button[data-action='edit']")).click();

    assertThat(browser.findElement(By.id("flash")).getText())
        .contains("approved with edits " + workflowId + " as bob");
    Await.until(
        "the run page to show the run completed",
        Duration.ofSeconds(60),
        () -> {
          browser.navigate().refresh();
          return browser.findElement(By.id("run-status")).getText();
        },
        s -> s.equals("completed"));
    assertThat(browser.findElement(By.id("approvals")).getText())
        .contains("support_approval", "edited", "bob");
    List<List<String>> sent =
        ledgerRows(
            "SELECT body FROM sandbox_mail WHERE workflow_id = '"
                + workflowId.replace("'", "''")
                + "'");
    assertThat(sent).as("the reply the customer got").singleElement().isEqualTo(List.of(corrected));
    JsonNode stats = cli.run("stats", "--agent", "support-triage", "--json").json();
    assertThat(stats.path("stats").path("edited").asInt())
        .as("stats: %s", stats)
        .isGreaterThanOrEqualTo(1);
  }

  private static String startTicketWaitingForBilling(String recordId) throws IOException {
    String line =
        Files.readAllLines(example("tickets.jsonl")).stream()
            .filter(l -> l.contains("\"id\": \"" + recordId + "\""))
            .findFirst()
            .orElseThrow();
    Path input = Files.writeString(home.resolve(recordId + ".jsonl"), line + "\n");
    Cli.Result started = cli.run("run", "support-triage", "--input", input.toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    String workflowId = started.json().path("started").get(0).path("workflowId").asText();
    JsonNode state =
        Await.until(
            workflowId + " waiting for billing",
            Duration.ofSeconds(90),
            () -> cli.run("status", workflowId, "--json").json(),
            s -> s.path("status").asText().equals("waiting-approval"));
    assertThat(state.path("pendingApproval").path("role").asText()).isEqualTo("billing");
    return workflowId;
  }

  /** No horizontal scrolling at a phone's width. */
  private static void assertFitsAPhone() {
    Object overflow =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(((Number) overflow).intValue())
        .as("horizontal overflow in px")
        .isLessThanOrEqualTo(0);
  }

  /** Keeps what the browser showed in {@code it/target}, for a person to look at. */
  private static void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(Path.of("target").resolve(name), png);
  }

  // --- the admin page's process and plain HTTP -------------------------------------------------

  private static void startAdmin() throws Exception {
    int port = Ports.free();
    base = "http://127.0.0.1:" + port;
    adminLog = home.resolve("admin.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.agentfleet.starter.FleetCli",
                "admin",
                "serve",
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(adminLog.toFile()));
    Map<String, String> env = builder.environment();
    env.put("TEMPORAL_ADDRESS", server.address());
    env.put("TEMPORAL_NAMESPACE", "default");
    env.put("FLEET_HOME", home.toString());
    env.put("FLEET_REPO", Repo.root().toString());
    // CI shares two cores between builds: give the run longer than the default 10 s to answer.
    env.put("FLEET_ADMIN_DECISION_TIMEOUT_SECONDS", "30");
    admin = builder.start();
    Await.until(
        "the admin page to answer /healthz (log: " + adminLog + ")",
        Duration.ofSeconds(60),
        () -> {
          if (!admin.isAlive()) {
            throw new AssertionError("the admin page exited: " + tail(adminLog));
          }
          try {
            return get("/healthz", null).statusCode();
          } catch (IOException e) {
            return 0;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        },
        code -> code == 200);
  }

  /** Signs in through the form as a browser would; returns the session cookie's value. */
  private static String signIn(String name, String password) throws Exception {
    HttpResponse<String> form = get("/login", null);
    String nonceCookie = cookie(form, "fleet_login");
    Matcher nonce = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(nonce.find()).isTrue();
    HttpResponse<String> signedIn =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "fleet_login=" + nonceCookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Map.of("nonce", nonce.group(1), "username", name, "password", password)
                            .entrySet()
                            .stream()
                            .map(
                                e ->
                                    e.getKey()
                                        + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    return cookie(signedIn, "fleet_session");
  }

  private static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1).split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
  }

  private static HttpResponse<String> get(String path, String session)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (session != null) {
      request.header("Cookie", "fleet_session=" + session);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body, String type, String session)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Cookie", "fleet_session=" + session);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  // --- the browser -------------------------------------------------------------------------------

  /** Fails, with how to install them, when Debian's Chromium or its WebDriver is missing. */
  private static void requireChromium() {
    List<String> missing = new ArrayList<>();
    if (!new File(CHROMIUM).canExecute()) {
      missing.add(CHROMIUM);
    }
    if (!new File(CHROMEDRIVER).canExecute()) {
      missing.add(CHROMEDRIVER);
    }
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "AdminPageIT drives the admin page in headless Chromium, but "
              + String.join(" and ", missing)
              + " is missing — install them with: sudo apt-get install -y chromium chromium-driver"
              + " (Debian/Ubuntu; .ci/run does), or point FLEET_CHROMIUM and FLEET_CHROMEDRIVER at"
              + " a Chromium and its matching chromedriver");
    }
  }

  private static WebDriver headlessChromium() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=" + PHONE_WIDTH + ",915",
        "--user-data-dir=" + Files.createTempDirectory(home, "chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withLogFile(home.resolve("chromedriver.log").toFile())
            .build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
