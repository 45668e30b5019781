package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch of a few hundred generated records, some of them bad lines, on a real dev server: the
 * worker is killed (SIGKILL) in the middle and another one started; every valid record is accounted
 * for exactly once, every mail went out exactly once, and the report says so.
 */
class BatchIT extends FleetItBase {

  private static final int RECORDS = 300;
  private static final int REVIEWED = 5;

  @BeforeAll
  static void up() throws Exception {
    startFleet("batch");
    Path agents = Path.of(BatchIT.class.getResource("/agents").toURI());
    cli.withEnv("FLEET_AGENTS_DIR", agents.toString());
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  /**
   * {@code RECORDS} valid records (every 60th flagged for review) with four bad lines and one
   * repeated id among them; returns the numbers of the bad lines.
   */
  private static List<Integer> writeInput(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
    for (int i = 1; i <= RECORDS; i++) {
      String kind = i % 60 == 0 ? "review" : "mail";
      lines.add(
          String.format(
              "{\"id\":\"B-%04d\",\"email\":\"c%d@example.com\",\"subject\":\"Order %d\","
                  + "\"kind\":\"%s\"}",
              i, i, i, kind));
      if (i == 10) {
        lines.add("{\"id\":\"B-bad-1\",\"email\":\"x@example.com\"");
        bad.add(lines.size());
      } else if (i == 100) {
        lines.add("{\"email\":\"no-id@example.com\",\"subject\":\"no id\"}");
        bad.add(lines.size());
      } else if (i == 150) {
        lines.add("{\"id\":\"B-0003\",\"email\":\"again@example.com\",\"subject\":\"repeat\"}");
      } else if (i == 200) {
        lines.add("not json at all");
        bad.add(lines.size());
      } else if (i == 250) {
        lines.add("{\"id\":\"B-bad-4\",\"subject\":\"no email\"}");
        bad.add(lines.size());
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return bad;
  }

  private static int mailsSent() {
    try {
      return Integer.parseInt(
          ledgerRows("SELECT COUNT(*) FROM ledger_actions WHERE status = 'completed'")
              .get(0)
              .get(0));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_batch_survives_a_killed_worker_and_accounts_for_every_record_once() throws Exception {
    Path input = home.resolve("records.jsonl");
    List<Integer> badLines = writeInput(input);
    try (WorkerJvm first = newWorker().start()) {
      runThroughAKilledWorker(input, badLines, first);
    }
  }

  private void runThroughAKilledWorker(Path input, List<Integer> badLines, WorkerJvm first)
      throws Exception {
    // started detached: the id comes back at once, the bad lines are counted
    Cli.Result started =
        cli.run(
            "batch",
            "batch-mail",
            "--input",
            input.toString(),
            "--concurrency",
            "20",
            "--children-per-execution",
            "100",
            "--detach");
    assertThat(started.exit()).as(started.err()).isEqualTo(3);
    String batchId = started.out().strip();
    assertThat(batchId).matches("batch/batch-mail/[0-9a-f]{12}");

    // the same file again, followed to the end in the background while the worker dies
    CompletableFuture<Cli.Result> followed =
        CompletableFuture.supplyAsync(
            () -> cli.run("batch", "batch-mail", "--input", input.toString(), "--json"));
    Await.until("the first 60 mails", Duration.ofMinutes(3), BatchIT::mailsSent, n -> n >= 60);
    first.killHard();
    int beforeRestart = mailsSent();
    assertThat(beforeRestart).as("killed mid-batch").isLessThan(RECORDS - REVIEWED);

    try (WorkerJvm second = newWorker().start()) {
      Cli.Result result = followed.get(6, TimeUnit.MINUTES);
      assertThat(result.err()).contains(batchId + " already runs this input");
      assertThat(result.exit()).as(result.err()).isEqualTo(3);
      JsonNode report = result.json();

      // every valid record is accounted for exactly once
      assertThat(report.path("batchId").asText()).isEqualTo(batchId);
      assertThat(report.path("status").asText()).isEqualTo("completed");
      assertThat(report.path("records").asInt()).isEqualTo(RECORDS);
      JsonNode outcomes = report.path("outcomes");
      assertThat(outcomes.path("completed").asInt()).isEqualTo(RECORDS - REVIEWED);
      assertThat(outcomes.path("waiting-approval").asInt()).isEqualTo(REVIEWED);
      assertThat(outcomes.path("failed").asInt()).isZero();
      assertThat(report.path("pending").asInt()).isZero();
      assertThat(report.path("running").asInt()).isZero();
      assertThat(report.path("duplicates").asInt()).isZero();
      assertThat(report.path("repeatedIds").asInt()).isEqualTo(1);
      assertThat(report.path("continuations").asInt()).isEqualTo(2);
      List<Integer> rejected = new ArrayList<>();
      report.path("rejectedLines").forEach(r -> rejected.add(r.path("line").asInt()));
      assertThat(rejected).isEqualTo(badLines);
      assertThat(report.path("recordsPerSecond").asDouble()).isPositive();

      // and every mail went out once, by the run its record maps to
      assertThat(mailsSent()).isEqualTo(RECORDS - REVIEWED);
      assertThat(
              ledgerRows(
                  "SELECT workflow_id, COUNT(*) FROM sandbox_mail GROUP BY workflow_id"
                      + " HAVING COUNT(*) > 1"))
          .as("records mailed more than once")
          .isEmpty();
      assertThat(ledgerRows("SELECT COUNT(DISTINCT workflow_id) FROM sandbox_mail").get(0).get(0))
          .isEqualTo(String.valueOf(RECORDS - REVIEWED));
      assertThat(
              ledgerRows("SELECT idempotency_key FROM ledger_actions WHERE status <> 'completed'"))
          .as("actions claimed but never completed")
          .isEmpty();

      // the flagged records wait for support, outside the batch
      Cli.Result pending = cli.run("status", "batch-mail/B-0060", "--json");
      assertThat(pending.json().path("status").asText()).isEqualTo("waiting-approval");

      // the status command reads the same report; submitting the file again runs nothing
      Cli.Result status = cli.run("batch", "status", batchId, "--json");
      assertThat(status.exit()).as(status.err()).isZero();
      assertThat(status.json().path("outcomes")).isEqualTo(outcomes);
      Cli.Result again = cli.run("batch", "batch-mail", "--input", input.toString(), "--json");
      assertThat(again.err()).contains("already ran this input");
      assertThat(again.json().path("outcomes")).isEqualTo(outcomes);
      assertThat(mailsSent()).isEqualTo(RECORDS - REVIEWED);
    }
  }
}
