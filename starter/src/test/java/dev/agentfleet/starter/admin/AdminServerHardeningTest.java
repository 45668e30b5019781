package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.AdminTestServer.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the security probe found, over real HTTP: error answers that were never sent, a sign-in
 * throttle that let an attacker lock approvers out, and run pages any approver could read.
 */
class AdminServerHardeningTest {

  private AdminTestServer admin;

  @BeforeEach
  void start() throws Exception {
    admin = new AdminTestServer();
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  @Test
  void a_body_over_the_limit_is_answered_413_on_the_form_and_the_api() throws Exception {
    byte[] huge = new byte[HttpIo.MAX_BODY_BYTES + 10];
    Arrays.fill(huge, (byte) 'a');

    HttpResponse<String> login =
        admin.anonymous().postRaw("/login", "application/x-www-form-urlencoded", huge);
    AdminHttp alice = admin.signedIn("alice");
    HttpResponse<String> form =
        alice.postRaw("/runs/x/decision", "application/x-www-form-urlencoded", huge);

    assertThat(login.statusCode()).isEqualTo(413);
    assertThat(login.body()).contains("request too large");
    assertThat(form.statusCode()).isEqualTo(413);
  }

  @Test
  void an_unexpected_failure_is_answered_500_and_logged() throws Exception {
    admin.runs.waiting(
        "support-triage/T-1",
        "Refund",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp alice = admin.signedIn("alice");
    admin.runs.webUiFailure = new IllegalStateException("the Web UI address is broken");

    HttpResponse<String> page = alice.get("/runs/support-triage%2FT-1");

    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.body()).contains("the admin page failed").doesNotContain("Web UI address");
    assertThat(admin.log()).contains("the Web UI address is broken");
  }

  @Test
  void eighty_parallel_guesses_from_one_address_check_at_most_two_passwords() throws Exception {
    int guesses = 80;
    List<AdminHttp> browsers = new ArrayList<>();
    List<String> nonces = new ArrayList<>();
    for (int i = 0; i < guesses; i++) {
      AdminHttp browser = admin.anonymous();
      nonces.add(AdminHttp.hidden(browser.get("/login").body(), "nonce"));
      browsers.add(browser);
    }
    ExecutorService pool = Executors.newFixedThreadPool(guesses);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < guesses; i++) {
        AdminHttp browser = browsers.get(i);
        String nonce = nonces.get(i);
        String password = "guess-" + i;
        Callable<Integer> guess =
            () ->
                browser
                    .postForm(
                        "/login", Map.of("nonce", nonce, "username", "alice", "password", password))
                    .statusCode();
        answers.add(pool.submit(guess));
      }
      int checked = 0;
      int delayed = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        if (status == 401) {
          checked++;
        } else if (status == 429) {
          delayed++;
        }
      }
      assertThat(checked).as("passwords actually checked").isBetween(1, 2);
      assertThat(checked + delayed).isEqualTo(guesses);
    } finally {
      pool.shutdownNow();
    }

    AdminHttp fromHome = new AdminHttp(admin.server.port(), InetAddress.getByName("127.0.0.2"));
    assertThat(fromHome.signIn("alice", "pw-alice").statusCode())
        .as("alice from another address is not locked out")
        .isEqualTo(303);
    HttpResponse<String> fromThere = admin.anonymous().signIn("alice", "pw-alice");
    assertThat(fromThere.statusCode()).as("the guessing address waits").isEqualTo(429);
    assertThat(fromThere.body()).contains("Try again in 60 s");
  }

  @Test
  void failures_for_one_name_never_delay_other_names_behind_the_same_address() throws Exception {
    AdminHttp attacker = admin.anonymous();
    for (int i = 0; i < 10; i++) {
      attacker.signIn("alice", "guess-" + i);
    }
    assertThat(admin.anonymous().signIn("bob", "pw-bob").statusCode()).isEqualTo(303);
    admin.clock.advance(java.time.Duration.ofSeconds(60));
    assertThat(admin.anonymous().signIn("alice", "pw-alice").statusCode())
        .as("a delay, not a lock: after it the right password works")
        .isEqualTo(303);
  }

  @Test
  void a_run_outside_the_approvers_roles_is_refused_on_the_page_and_the_api() throws Exception {
    admin.runs.waiting(
        "support-triage/T-1",
        "Refund for the TV",
        FakeFleetRuns.request("billing_approval", "billing", T0, null));
    AdminHttp bob = admin.signedIn("bob");

    HttpResponse<String> page = bob.get("/runs/support-triage%2FT-1");
    HttpResponse<String> api = bob.get("/api/runs/support-triage%2FT-1");

    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).doesNotContain("Refund for the TV").doesNotContain("129");
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.body()).contains("does not involve any of your roles").doesNotContain("129");
    assertThat(bob.get("/api/pending").body()).doesNotContain("T-1");
    assertThat(admin.signedIn("alice").get("/api/runs/support-triage%2FT-1").statusCode())
        .isEqualTo(200);
  }

  @Test
  void an_escalation_role_and_a_declared_viewer_role_may_read_the_run() throws Exception {
    admin.runs.waiting(
        "support-triage/T-1",
        "Refund for the TV",
        FakeFleetRuns.request("billing_approval", "billing", T0, null, "billing-lead"));
    AdminHttp erin = admin.signedIn("erin");
    AdminHttp vic = admin.signedIn("vic");

    assertThat(erin.get("/runs/support-triage%2FT-1").statusCode()).isEqualTo(200);
    HttpResponse<String> viewerPage = vic.get("/runs/support-triage%2FT-1");
    assertThat(viewerPage.statusCode()).isEqualTo(200);
    assertThat(viewerPage.body())
        .contains("Refund for the TV")
        .doesNotContain("data-action=\"approve\"");
    assertThat(vic.get("/api/runs/support-triage%2FT-1").statusCode()).isEqualTo(200);
    assertThat(vic.get("/api/pending").body())
        .as("a viewer reads runs but decides nothing")
        .doesNotContain("T-1");
    assertThat(new String(vic.get("/").body().getBytes(StandardCharsets.UTF_8)))
        .contains("queue-empty");
  }
}
