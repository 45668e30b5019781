package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forcing a sandbox connector to fail shows the declared failure policy at work, through the CLI on
 * the dev server: a CRM that is down dead-letters the run and {@code ./fleet dlq retry} completes
 * it once the fault is cleared (one CRM update in all); a publisher that is down escalates to a
 * support review whose approval retries the step; a mailer that is down rolls the published post
 * back. Each outcome is in the run state and in the audit log.
 */
class PolicyIT extends FleetItBase {

  private static final Duration SETTLE = Duration.ofMinutes(2);

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("policies");
    Path agents = Path.of(PolicyIT.class.getResource("/agents").toURI());
    cli.withEnv("FLEET_AGENTS_DIR", agents.toString());
    awaitSandboxTables();
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  private static String start(String id) throws Exception {
    Path input = home.resolve(id + ".jsonl");
    Files.writeString(
        input,
        "{\"id\":\""
            + id
            + "\",\"email\":\"ada@example.com\",\"subject\":\"Note "
            + id
            + "\",\"body\":\"Met at the fair, wants a demo.\"}\n",
        StandardCharsets.UTF_8);
    Cli.Result run = cli.run("run", "policy-check", "--input", input.toString(), "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    return run.json().path("started").get(0).path("workflowId").asText();
  }

  private static JsonNode awaitStatus(String workflowId, String status) {
    return Await.until(
        workflowId + " to be " + status,
        SETTLE,
        () -> cli.run("status", workflowId, "--json").json(),
        s -> s.path("status").asText().equals(status));
  }

  private static List<String> auditKinds(String workflowId) {
    Cli.Result shown = cli.run("audit", "show", workflowId, "--json");
    ok(shown);
    List<String> kinds = new ArrayList<>();
    shown.json().forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  @Test
  void a_crm_that_is_down_dead_letters_the_run_and_dlq_retry_completes_it_once() throws Exception {
    ok(cli.run("sandbox", "fault", "crm.update", "--fail-rate", "1"));
    waitOutFaultCache();
    String workflowId = start("P-DL");

    JsonNode parked = awaitStatus(workflowId, "dead-lettered");
    assertThat(parked.path("deadLetter").path("stepId").asText()).isEqualTo("sync_crm");
    assertThat(parked.path("deadLetter").path("errorType").asText())
        .isEqualTo("ConnectorUnavailable");
    Cli.Result listed =
        Await.until(
            "the dead-letter queue to list " + workflowId,
            SETTLE,
            () -> cli.run("dlq", "--json"),
            r -> r.exit() == 0 && r.out().contains(workflowId));
    assertThat(listed.out()).contains("sync_crm");

    ok(cli.run("sandbox", "clear", "crm.update"));
    waitOutFaultCache();
    Cli.Result retried =
        cli.run(
            "dlq", "retry", workflowId, "--operator", "ops", "--reason", "CRM is back", "--json");
    assertThat(retried.exit()).as(retried.out() + retried.err()).isZero();
    assertThat(retried.json().path("action").asText()).isEqualTo("retry");
    assertThat(retried.json().path("operator").asText()).isEqualTo("ops");
    assertThat(retried.json().path("runs").get(0).path("workflowId").asText())
        .isEqualTo(workflowId);
    assertThat(retried.json().path("runs").get(0).path("outcome").asText()).isEqualTo("moved-on");

    awaitStatus(workflowId, "completed");
    assertThat(
            ledgerRows(
                "SELECT COUNT(*) FROM sandbox_crm_updates WHERE idempotency_key = '"
                    + workflowId
                    + "/sync_crm'"))
        .containsExactly(List.of("1"));
    assertThat(auditKinds(workflowId))
        .contains("failure-policy", "dead-letter", "dead-letter-retry", "action");
  }

  @Test
  void a_publisher_that_is_down_escalates_and_the_reviewers_approval_retries_it() throws Exception {
    ok(cli.run("sandbox", "fault", "publisher.publish", "--fail-rate", "1"));
    waitOutFaultCache();
    String workflowId = start("P-ES");

    JsonNode review = awaitStatus(workflowId, "waiting-approval");
    assertThat(review.path("pendingApproval").path("stepId").asText()).isEqualTo("publish:review");
    assertThat(review.path("pendingApproval").path("role").asText()).isEqualTo("support");

    ok(cli.run("sandbox", "clear", "publisher.publish"));
    waitOutFaultCache();
    ok(cli.run("approve", workflowId, "--as", "bob", "--comment", "publisher fixed"));

    awaitStatus(workflowId, "completed");
    assertThat(auditKinds(workflowId)).contains("failure-policy", "approval", "action");
  }

  @Test
  void a_mailer_that_is_down_rolls_the_published_post_back() throws Exception {
    ok(cli.run("sandbox", "fault", "mailer.send", "--fail-rate", "1"));
    waitOutFaultCache();
    String workflowId = start("P-CP");

    JsonNode end = awaitStatus(workflowId, "rolled-back");
    assertThat(end.path("rollbacks").get(0).path("operation").asText()).isEqualTo("unpublish");
    ok(cli.run("sandbox", "clear", "mailer.send"));
    waitOutFaultCache();

    Cli.Result posts = cli.run("sandbox", "posts", "--json");
    ok(posts);
    List<String> statuses = new ArrayList<>();
    posts
        .json()
        .forEach(
            p -> {
              if (p.path("workflowId").asText().equals(workflowId)) {
                statuses.add(p.path("status").asText());
              }
            });
    assertThat(statuses).containsExactly("unpublished");
    assertThat(auditKinds(workflowId)).contains("failure-policy", "rollback");
  }
}
