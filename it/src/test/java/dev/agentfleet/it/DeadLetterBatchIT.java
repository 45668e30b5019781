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
 * Chaos suite: a connector that fails for good in the middle of a batch. The CRM is down for the
 * whole batch, so every run exhausts its retries and parks in the dead-letter queue (the batch
 * counts them there and finishes); once the fault is cleared, one {@code ./fleet dlq retry --all}
 * completes every parked run, each with exactly one CRM update, and the queue is empty.
 */
class DeadLetterBatchIT extends FleetItBase {

  private static final int RECORDS = 12;
  private static final Duration SETTLE = Duration.ofMinutes(2);

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("dead-letter-batch");
    Path agents = Path.of(DeadLetterBatchIT.class.getResource("/agents").toURI());
    cli.withEnv("FLEET_AGENTS_DIR", agents.toString());
    awaitSandboxTables();
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  private static int count(String sql) throws Exception {
    return Integer.parseInt(ledgerRows(sql).get(0).get(0));
  }

  @Test
  void runs_parked_by_a_dead_connector_complete_once_after_dlq_retry_all() throws Exception {
    ok(cli.run("sandbox", "fault", "crm.update", "--fail-rate", "1"));
    waitOutFaultCache();
    Path input = home.resolve("notes.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= RECORDS; i++) {
      lines.add(
          String.format(
              "{\"id\":\"D-%02d\",\"email\":\"lead%d@example.com\",\"subject\":\"Note %d\","
                  + "\"body\":\"Met at the fair, wants a demo.\"}",
              i, i, i));
    }
    Files.write(input, lines, StandardCharsets.UTF_8);

    // the batch runs to its end with every record parked, none lost and none failed
    Cli.Result batch =
        cli.run(
            "batch", "policy-check", "--input", input.toString(), "--concurrency", "4", "--json");
    JsonNode report = batch.json();
    assertThat(report.path("status").asText()).as(batch.err()).isEqualTo("completed");
    assertThat(report.path("records").asInt()).isEqualTo(RECORDS);
    JsonNode outcomes = report.path("outcomes");
    assertThat(outcomes.path("dead-lettered").asInt()).as(batch.out()).isEqualTo(RECORDS);
    assertThat(outcomes.path("failed").asInt()).isZero();
    assertThat(count("SELECT COUNT(*) FROM sandbox_crm_updates")).isZero();

    Cli.Result listed = cli.run("dlq", "--json");
    ok(listed);
    assertThat(listed.json()).hasSize(RECORDS);
    listed.json().forEach(run -> assertThat(run.path("step").asText()).isEqualTo("sync_crm"));

    // the CRM is back: one command answers every parked run
    ok(cli.run("sandbox", "clear", "crm.update"));
    waitOutFaultCache();
    Cli.Result retried =
        cli.run(
            "dlq",
            "retry",
            "--all",
            "--agent",
            "policy-check",
            "--step",
            "sync_crm",
            "--operator",
            "ops",
            "--reason",
            "CRM is back");
    ok(retried);
    assertThat(retried.out()).contains("retry sent to " + RECORDS + " runs");

    Await.until(
        "every retried run to complete",
        SETTLE,
        () -> cli.run("runs", "--agent", "policy-check", "--json").json(),
        runs -> {
          if (runs.size() != RECORDS) {
            return false;
          }
          for (JsonNode run : runs) {
            if (!run.path("status").asText().equals("completed")) {
              return false;
            }
          }
          return true;
        });
    assertThat(count("SELECT COUNT(*) FROM sandbox_crm_updates")).isEqualTo(RECORDS);
    assertThat(
            ledgerRows(
                "SELECT idempotency_key FROM sandbox_crm_updates GROUP BY idempotency_key"
                    + " HAVING COUNT(*) > 1"))
        .as("CRM updates made twice")
        .isEmpty();
    Cli.Result empty = cli.run("dlq", "--json");
    ok(empty);
    assertThat(empty.json()).isEmpty();
  }
}
