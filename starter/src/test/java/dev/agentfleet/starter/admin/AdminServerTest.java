package dev.agentfleet.starter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin page over real HTTP on a free port, with a fake Temporal side: who gets in, what every
 * POST must carry, what each approver sees, and what reaches a run.
 */
class AdminServerTest {

  private static final long T0 = Instant.parse("2025-06-01T10:00:00Z").toEpochMilli();
  private static String yaml;

  private final TestClock clock = new TestClock(Instant.ofEpochMilli(T0 + 3_600_000L));
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private FakeFleetRuns runs;
  private KeyPair keys;
  private AdminServer server;

  @BeforeAll
  static void accounts() {
    yaml =
        "approvers:\n"
            + account("alice", "[billing, support]")
            + account("bob", "[support]")
            + account("erin", "[billing-lead]")
            + "  - {name: frank, roles: [billing]}\n";
  }

  private static String account(String name, String roles) {
    return "  - {name: "
        + name
        + ", roles: "
        + roles
        + ", passwordHash: '"
        + PasswordHashes.hash(("pw-" + name).toCharArray(), PasswordHashes.MIN_ITERATIONS)
        + "'}\n";
  }

  @BeforeEach
  void start() throws Exception {
    keys = KeyPairGenerator.getInstance(ApprovalKeys.ALGORITHM).generateKeyPair();
    runs = new FakeFleetRuns();
    server = start(settings(false));
  }

  private AdminServer start(AdminSettings settings) {
    ApprovalSigner signer = new ApprovalSigner(keys.getPrivate(), "test-key");
    DecisionDesk desk =
        new DecisionDesk(runs, () -> signer, clock, Duration.ofSeconds(2), Thread::onSpinWait);
    AdminAccounts accounts = AdminAccounts.parse(yaml, "approvers.yaml");
    return new AdminServer(
        settings,
        () -> accounts,
        runs,
        desk,
        LoginThrottle.standard(clock),
        clock,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static AdminSettings settings(boolean secure) {
    return new AdminSettings(
        "127.0.0.1",
        0,
        secure,
        Duration.ofMinutes(30),
        Duration.ofHours(12),
        100,
        Duration.ofSeconds(2),
        "http://localhost:8233");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AdminHttp signedIn(String name) throws Exception {
    AdminHttp http = new AdminHttp(server.port());
    HttpResponse<String> signIn = http.signIn(name, "pw-" + name);
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
    return http;
  }

  /**
   * Posts the approve button of the billing_approval form rendered for the request at {@code at}.
   */
  private static HttpResponse<String> approveBillingFromTheForm(
      AdminHttp who, String encodedId, long at) throws Exception {
    return who.postForm(
        "/runs/" + encodedId + "/decision",
        Map.of(
            "csrf",
            who.csrf(),
            "decision",
            "approve",
            "stepId",
            "billing_approval",
            "requestedAt",
            Long.toString(at)));
  }

  /** The session's CSRF token, as an API client reads it. */
  private static String apiCsrf(AdminHttp who) throws Exception {
    return new ObjectMapper().readTree(who.get("/api/session").body()).path("csrfToken").asText();
  }

  @Test
  void anonymous_requests_get_401_from_the_api_and_the_sign_in_form_from_pages() throws Exception {
    runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp anonymous = new AdminHttp(server.port());

    assertThat(anonymous.get("/api/pending").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/api/session").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/api/runs/support-triage%2FT-1").statusCode()).isEqualTo(401);
    HttpResponse<String> post =
        anonymous.postJson(
            "/api/runs/support-triage%2FT-1/decision", "{\"decision\":\"approve\"}", Map.of());
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(post.body()).doesNotContain("Refund");

    HttpResponse<String> queue = anonymous.get("/");
    assertThat(queue.statusCode()).isEqualTo(303);
    assertThat(queue.headers().firstValue("Location")).hasValue("/login");
    assertThat(anonymous.get("/runs/support-triage%2FT-1").statusCode()).isEqualTo(303);
    assertThat(
            anonymous
                .postForm("/runs/support-triage%2FT-1/decision", Map.of("decision", "approve"))
                .statusCode())
        .isEqualTo(401);
    assertThat(runs.sent).isEmpty();

    assertThat(anonymous.get("/static/admin.css").statusCode()).isEqualTo(200);
    HttpResponse<String> login = anonymous.get("/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("Sign in").doesNotContain("Refund");
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("frame-ancestors 'none'");
  }

  @Test
  void signing_in_opens_a_fresh_http_only_same_site_strict_session() throws Exception {
    AdminHttp http = new AdminHttp(server.port());
    http.cookies.put("fleet_session", "planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa");

    HttpResponse<String> signIn = http.signIn("alice", "pw-alice");

    assertThat(signIn.statusCode()).isEqualTo(303);
    String cookie =
        AdminHttp.setCookies(signIn).stream()
            .filter(c -> c.startsWith("fleet_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200");
    assertThat(cookie).doesNotContain("Secure");
    String id = http.cookies.get("fleet_session");
    assertThat(id).isNotEqualTo("planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa").hasSize(43);
    assertThat(http.get("/").body()).contains("alice");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("alice signed in")
        .doesNotContain("pw-alice");
  }

  @Test
  void secure_cookies_are_marked_secure_and_bound_to_the_origin_when_configured() throws Exception {
    server.close();
    server = start(settings(true));
    AdminHttp http = new AdminHttp(server.port());

    HttpResponse<String> form = http.get("/login");
    assertThat(AdminHttp.setCookies(form))
        .allSatisfy(c -> assertThat(c).startsWith("__Host-").contains("Secure"));
    HttpResponse<String> signIn = http.signIn("alice", "pw-alice");

    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(AdminHttp.setCookies(signIn))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("__Host-fleet_session=")
                    .contains("Secure", "HttpOnly", "SameSite=Strict"));
  }

  @Test
  void a_wrong_password_is_refused_and_repeated_failures_are_throttled() throws Exception {
    AdminHttp http = new AdminHttp(server.port());
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> wrong = http.signIn("alice", "guess-" + i);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("Wrong name or password");
    }
    assertThat(http.cookies).doesNotContainKey("fleet_session");

    HttpResponse<String> right = http.signIn("alice", "pw-alice");
    assertThat(right.statusCode()).as("the right password is not even checked now").isEqualTo(429);
    assertThat(right.body()).contains("Too many failed sign-ins");

    clock.advance(Duration.ofMinutes(1));
    assertThat(http.signIn("alice", "pw-alice").statusCode()).isEqualTo(303);
  }

  @Test
  void an_unknown_name_and_an_approver_without_a_password_cannot_sign_in() throws Exception {
    AdminHttp http = new AdminHttp(server.port());
    assertThat(http.signIn("mallory", "pw-mallory").statusCode()).isEqualTo(401);
    assertThat(http.signIn("frank", "").statusCode()).isEqualTo(401);
    assertThat(http.cookies).doesNotContainKey("fleet_session");
  }

  @Test
  void a_sign_in_post_without_the_forms_nonce_is_refused() throws Exception {
    AdminHttp http = new AdminHttp(server.port());
    http.get("/login");

    HttpResponse<String> forged =
        http.postForm("/login", Map.of("username", "alice", "password", "pw-alice"));

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(http.cookies).doesNotContainKey("fleet_session");
  }

  @Test
  void a_second_request_for_the_form_does_not_invalidate_the_first() throws Exception {
    AdminHttp http = new AdminHttp(server.port());
    String first = AdminHttp.hidden(http.get("/login").body(), "nonce");
    http.get("/favicon.ico");
    http.get("/login");

    HttpResponse<String> signIn =
        http.postForm(
            "/login", Map.of("nonce", first, "username", "alice", "password", "pw-alice"));

    assertThat(signIn.statusCode()).isEqualTo(303);
    HttpResponse<String> replayed =
        new AdminHttp(server.port())
            .postForm(
                "/login", Map.of("nonce", first, "username", "alice", "password", "pw-alice"));
    assertThat(replayed.statusCode()).as("a nonce is used once").isEqualTo(403);
  }

  @Test
  void a_post_without_the_sessions_csrf_token_is_refused_and_sends_nothing() throws Exception {
    runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp alice = signedIn("alice");

    HttpResponse<String> noToken =
        alice.postForm("/runs/support-triage%2FT-1/decision", Map.of("decision", "approve"));
    HttpResponse<String> wrongToken =
        alice.postForm(
            "/runs/support-triage%2FT-1/decision",
            Map.of("decision", "approve", "csrf", Sessions.randomToken()));
    HttpResponse<String> apiNoHeader =
        alice.postJson(
            "/api/runs/support-triage%2FT-1/decision", "{\"decision\":\"approve\"}", Map.of());
    HttpResponse<String> logoutNoToken = alice.postForm("/logout", Map.of());

    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(apiNoHeader.statusCode()).isEqualTo(403);
    assertThat(logoutNoToken.statusCode()).isEqualTo(403);
    assertThat(runs.sent).isEmpty();
    assertThat(alice.get("/api/pending").statusCode()).as("still signed in").isEqualTo(200);
  }

  @Test
  void the_queue_lists_what_the_approvers_roles_may_decide_oldest_first() throws Exception {
    runs.waiting(
        "support-triage/B-new",
        "New refund",
        FakeFleetRuns.request("billing_approval", "billing", T0 + 60_000, null));
    runs.waiting(
        "support-triage/S-1",
        "Reply",
        FakeFleetRuns.request("support_approval", "support", T0 + 30_000, null));
    runs.waiting(
        "support-triage/B-old",
        "Old refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null, "billing-lead"));

    assertThat(queue(signedIn("alice")))
        .containsExactly("support-triage/B-old", "support-triage/S-1", "support-triage/B-new");
    assertThat(queue(signedIn("bob"))).containsExactly("support-triage/S-1");
    assertThat(queue(signedIn("erin")))
        .as("billing-lead sees only the request escalated to it")
        .containsExactly("support-triage/B-old");

    String page = signedIn("bob").get("/").body();
    assertThat(page).contains("support-triage/S-1").doesNotContain("support-triage/B-old");
  }

  private static List<String> queue(AdminHttp http) throws Exception {
    HttpResponse<String> pending = http.get("/api/pending");
    assertThat(pending.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    new ObjectMapper()
        .readTree(pending.body())
        .path("items")
        .forEach(item -> ids.add(item.path("workflowId").asText()));
    return ids;
  }

  @Test
  void approving_signs_the_decision_as_the_cli_does_and_shows_that_the_run_accepted_it()
      throws Exception {
    runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp alice = signedIn("alice");
    String csrf = alice.csrf();

    HttpResponse<String> posted =
        alice.postForm(
            "/runs/support-triage%2FT-1/decision",
            Map.of(
                "csrf", csrf,
                "decision", "approve",
                "comment", "receipt checked",
                "stepId", "billing_approval",
                "requestedAt", Long.toString(T0)));

    assertThat(posted.statusCode()).isEqualTo(303);
    assertThat(posted.headers().firstValue("Location")).hasValue("/runs/support-triage%2FT-1");
    assertThat(runs.sent).hasSize(1);
    ApprovalDecision sent = runs.sent.get(0).decision();
    assertThat(sent.decision()).isEqualTo("approve");
    assertThat(sent.approver()).isEqualTo("alice");
    assertThat(sent.roles()).containsExactly("billing", "support");
    assertThat(sent.comment()).isEqualTo("receipt checked");
    assertThat(sent.keyId()).isEqualTo("test-key");
    assertThat(
            ApprovalKeys.verify(
                keys.getPublic(),
                sent.statementFor("support-triage/T-1", "billing_approval", T0),
                sent.signature()))
        .as("the signature verifies against the run's own request, as the worker checks it")
        .isTrue();

    String page = alice.get("/runs/support-triage%2FT-1").body();
    assertThat(page).contains("approved support-triage/T-1 as alice", "completed");
    assertThat(page).contains("receipt checked");
    assertThat(alice.get("/runs/support-triage%2FT-1").body())
        .as("the message is shown once")
        .doesNotContain("approved support-triage/T-1 as alice");
  }

  @Test
  void an_edit_sends_the_edited_values_typed_and_signed() throws Exception {
    Map<String, Object> editable =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of(
                "amount", Map.of("type", "number", "maximum", 10000),
                "currency", Map.of("type", "string")));
    runs.waiting(
        "support-triage/T-2",
        "Adjust",
        FakeFleetRuns.request("adjustment_approval", "billing", T0, editable));
    AdminHttp alice = signedIn("alice");
    String runPage = alice.get("/runs/support-triage%2FT-2").body();
    assertThat(runPage).contains("name=\"value.amount\" value=\"129.0\"");

    alice.postForm(
        "/runs/support-triage%2FT-2/decision",
        Map.of(
            "csrf", alice.csrf(),
            "decision", "edit",
            "value.amount", "80",
            "value.currency", "",
            "stepId", "adjustment_approval",
            "requestedAt", Long.toString(T0)));

    assertThat(runs.sent).hasSize(1);
    ApprovalDecision sent = runs.sent.get(0).decision();
    assertThat(sent.decision()).isEqualTo("edit");
    assertThat(sent.values()).containsExactly(Map.entry("amount", 80));
    assertThat(
            ApprovalKeys.verify(
                keys.getPublic(),
                sent.statementFor("support-triage/T-2", "adjustment_approval", T0),
                sent.signature()))
        .isTrue();
  }

  @Test
  void an_edit_with_a_value_of_the_wrong_type_is_not_sent() throws Exception {
    Map<String, Object> editable =
        Map.of("type", "object", "properties", Map.of("amount", Map.of("type", "number")));
    runs.waiting(
        "support-triage/T-2",
        "Adjust",
        FakeFleetRuns.request("adjustment_approval", "billing", T0, editable));
    AdminHttp alice = signedIn("alice");

    alice.postForm(
        "/runs/support-triage%2FT-2/decision",
        Map.of("csrf", alice.csrf(), "decision", "edit", "value.amount", "eighty"));

    assertThat(runs.sent).isEmpty();
    assertThat(alice.get("/runs/support-triage%2FT-2").body()).contains("amount must be a number");
  }

  @Test
  void a_decision_the_approvers_roles_do_not_allow_is_not_sent() throws Exception {
    runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp bob = signedIn("bob");
    HttpResponse<String> page = bob.get("/runs/support-triage%2FT-1");
    assertThat(page.statusCode()).as("the run involves none of bob's roles").isEqualTo(403);
    assertThat(page.body()).doesNotContain("data-action=\"approve\"");

    HttpResponse<String> api =
        bob.postJson(
            "/api/runs/support-triage%2FT-1/decision",
            "{\"decision\":\"approve\"}", Map.of(AdminServer.CSRF_HEADER, bob.csrf()));

    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.body()).contains("bob holds [support]");
    assertThat(runs.sent).isEmpty();
  }

  @Test
  void a_decision_on_a_request_the_approver_did_not_see_is_not_sent() throws Exception {
    runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp alice = signedIn("alice");

    approveBillingFromTheForm(alice, "support-triage%2FT-1", T0 - 1);

    assertThat(runs.sent).isEmpty();
    assertThat(alice.get("/runs/support-triage%2FT-1").body()).contains("review it again");
  }

  @Test
  void the_api_decides_with_the_csrf_header_and_says_how_the_run_answered() throws Exception {
    runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    runs.waiting(
        "support-triage/T-3",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp alice = signedIn("alice");
    String csrf = apiCsrf(alice);

    HttpResponse<String> accepted =
        alice.postJson(
            "/api/runs/support-triage%2FT-1/decision",
            "{\"decision\":\"reject\",\"comment\":\"duplicate\"}",
            Map.of(AdminServer.CSRF_HEADER, csrf));
    runs.ignoreDecisions("signature not trusted: unknown key test-key");
    HttpResponse<String> ignored =
        alice.postJson(
            "/api/runs/support-triage%2FT-3/decision",
            "{\"decision\":\"approve\"}", Map.of(AdminServer.CSRF_HEADER, csrf));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.body()).contains("\"outcome\":\"accepted\"", "\"status\":\"rejected\"");
    assertThat(ignored.statusCode()).isEqualTo(409);
    assertThat(ignored.body())
        .contains(
            "\"outcome\":\"refused\"",
            "the run refused the decision because signature not trusted");
    assertThat(alice.get("/runs/support-triage%2FT-3").body())
        .contains("Ignored or refused decisions", "signature not trusted: unknown key test-key");
  }

  @Test
  void a_decision_the_run_refuses_shows_the_runs_reason_at_once_and_the_run_still_waits()
      throws Exception {
    runs.waiting(
        "support-triage/T-4",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    runs.refuseDecisions("step 'refund' is not waiting; 'billing_approval' is");
    AdminHttp alice = signedIn("alice");

    HttpResponse<String> posted = approveBillingFromTheForm(alice, "support-triage%2FT-4", T0);

    assertThat(posted.statusCode()).isEqualTo(303);
    assertThat(runs.sent).hasSize(1);
    String page = alice.get("/runs/support-triage%2FT-4").body();
    assertThat(page)
        .contains(
            "the run refused the decision because step &#39;refund&#39; is not waiting;"
                + " &#39;billing_approval&#39; is")
        .contains("waiting-approval");
    assertThat(runs.state("support-triage/T-4").ignoredSignals())
        .as("a refused update leaves no trace in the run")
        .isEmpty();
  }

  @Test
  void a_run_whose_worker_predates_the_update_gets_the_signal_and_is_read_back() throws Exception {
    runs.waiting(
        "support-triage/T-5",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    runs.predateUpdates();
    AdminHttp alice = signedIn("alice");
    String csrf = apiCsrf(alice);

    HttpResponse<String> accepted =
        alice.postJson(
            "/api/runs/support-triage%2FT-5/decision",
            "{\"decision\":\"approve\"}", Map.of(AdminServer.CSRF_HEADER, csrf));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.body())
        .contains("\"outcome\":\"accepted\"", "approved support-triage/T-5 as alice");
  }

  @Test
  void a_session_ends_after_idle_time_and_at_sign_out() throws Exception {
    AdminHttp alice = signedIn("alice");
    clock.advance(Duration.ofMinutes(29));
    assertThat(alice.get("/api/pending").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertThat(alice.get("/api/pending").statusCode()).isEqualTo(401);

    AdminHttp bob = signedIn("bob");
    String session = bob.cookies.get("fleet_session");
    HttpResponse<String> out = bob.postForm("/logout", Map.of("csrf", bob.csrf()));
    assertThat(out.statusCode()).isEqualTo(303);
    AdminHttp replay = new AdminHttp(server.port());
    replay.cookies.put("fleet_session", session);
    assertThat(replay.get("/api/pending").statusCode()).as("the old id is dead").isEqualTo(401);
  }

  @Test
  void text_from_runs_is_escaped() throws Exception {
    runs.waiting(
        "support-triage/T-<b>",
        "<script>alert(1)</script>",
        FakeFleetRuns.request("support_approval", "support", T0, null));
    AdminHttp bob = signedIn("bob");

    String page = bob.get("/").body();

    assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(page).contains("href=\"/runs/support-triage%2FT-%3Cb%3E\"");
  }
}
