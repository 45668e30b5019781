package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Temporal dev server is killed (SIGKILL: no shutdown, whatever it was writing is cut off) in
 * the middle of a batch, stays down for a while, and is started again on the same port with the
 * same SQLite file. The worker is left running and reconnects by itself; the CLI that follows the
 * batch waits through the outage. The batch resumes and completes: every record is accounted for
 * once, every run settles, and no effect is in the ledger twice.
 *
 * <p>SIGKILL is safe for the server's state: its SQLite file is in WAL mode with {@code
 * synchronous=NORMAL}, which loses no committed transaction when the process dies (only when the
 * machine does), and the server finishes on restart what its persisted tasks say was under way.
 */
class DevServerRestartIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies of the 34 demo tickets, each under its own record id. */
  private static final int COPIES = 4;

  private static final int CONCURRENCY = 8;

  /** Runs accounted for (ended or settled) before the server is killed. */
  private static final int ACCOUNTED_BEFORE_KILL = 20;

  /**
   * How long the server stays dead: the fault's shape, not a wait for a state. Long enough that the
   * worker's polls and activity completions fail and its connection backs off, the follower's
   * questions go unanswered, and the SDKs' own retries of single calls do not simply bridge it.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @BeforeAll
  static void up() throws Exception {
    startFleet("restart");
    // every model call takes a while, as a remote model's would, so runs are in flight at the kill
    worker = new WorkerJvm(home, server.address()).withModelLatency(300).start();
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void a_batch_completes_exactly_once_across_a_killed_and_restarted_dev_server() throws Exception {
    Path input = home.resolve("tickets.jsonl");
    Set<String> workflowIds = writeTickets(input);
    int records = workflowIds.size();

    Cli.Result started =
        cli.run(
            "batch",
            "support-triage",
            "--input",
            input.toString(),
            "--concurrency",
            String.valueOf(CONCURRENCY),
            "--detach");
    assertThat(started.exit()).as(started.err()).isZero();
    String batchId = started.out().strip();
    assertThat(batchId).matches("batch/support-triage/[0-9a-f]{12}");

    // the same file again: follows the batch to its end, through the outage
    CompletableFuture<Cli.Result> followed =
        CompletableFuture.supplyAsync(
            () -> cli.run("batch", "support-triage", "--input", input.toString(), "--json"));

    // given a batch in mid-flight: some runs accounted for, others not started yet
    JsonNode beforeKill =
        Await.until(
            ACCOUNTED_BEFORE_KILL + " runs of the batch accounted for",
            Duration.ofSeconds(60),
            () -> report(batchId),
            r -> accounted(r) >= ACCOUNTED_BEFORE_KILL);
    assertThat(beforeKill.path("status").asText()).isEqualTo("running");
    assertThat(beforeKill.path("pending").asInt()).as("records not started yet").isPositive();
    String address = server.address();

    // when the dev server dies hard and comes back on its port with its database
    long killedAt = System.nanoTime();
    server.kill();
    Thread.sleep(OUTAGE.toMillis());
    assertThat(worker.alive()).as("the worker outlives the server").isTrue();
    server.restart();
    long outageMillis = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(server.address()).isEqualTo(address);
    System.out.printf(
        "dev server killed with %d of %d runs accounted for, %d not started; answering again"
            + " after %d ms%n",
        accounted(beforeKill), records, beforeKill.path("pending").asInt(), outageMillis);

    // the batch was still under way across the restart: it answers again, not finished
    JsonNode afterRestart =
        Await.until(
            "the batch to answer again after the restart (worker log: " + worker.log() + ")",
            Duration.ofSeconds(30),
            () -> report(batchId),
            r -> true);
    assertThat(afterRestart.path("status").asText()).isEqualTo("running");
    assertThat(accounted(afterRestart)).isLessThan(records);

    // then the follower sees the batch complete, every record accounted for exactly once
    Cli.Result result = followed.get(90, TimeUnit.SECONDS);
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).contains(batchId + " already runs this input");
    JsonNode report = result.json();
    assertThat(report.path("batchId").asText()).isEqualTo(batchId);
    assertThat(report.path("status").asText()).isEqualTo("completed");
    assertThat(report.path("records").asInt()).isEqualTo(records);
    assertThat(accounted(report)).isEqualTo(records);
    assertThat(report.path("outcomes").path("failed").asInt()).isZero();
    assertThat(report.path("pending").asInt()).isZero();
    assertThat(report.path("running").asInt()).isZero();
    assertThat(report.path("duplicates").asInt()).isZero();
    assertThat(report.path("repeatedIds").asInt()).isZero();
    assertThat(report.path("rejectedLines")).isEmpty();

    // every run settled, one per record, and the report counts them as they stand
    // (the runs list queries the FleetAgent search attribute: still registered after the restart)
    JsonNode runs = awaitSettled(records, Duration.ofSeconds(30));
    Set<String> listed = new HashSet<>();
    runs.forEach(r -> listed.add(r.path("workflowId").asText()));
    assertThat(listed).isEqualTo(workflowIds);
    assertThat(byStatus(runs)).isEqualTo(nonZero(report.path("outcomes")));

    // no effect twice, none left half done
    assertThat(ledgerRows("SELECT idempotency_key FROM ledger_actions WHERE status <> 'completed'"))
        .as("actions claimed but never completed")
        .isEmpty();
    DemoEndToEndIT.assertNoDuplicateEffects();
    DemoEndToEndIT.assertNoRefundAboveLimitWithoutHuman();
    assertThat(
            ledgerRows(
                "SELECT m.idempotency_key FROM sandbox_mail m LEFT JOIN ledger_actions a"
                    + " ON a.idempotency_key = m.idempotency_key WHERE a.status IS NULL"
                    + " OR a.status <> 'completed'"))
        .as("mails sent without a completed ledger action")
        .isEmpty();
    String mailActions =
        ledgerRows(
                "SELECT COUNT(*) FROM ledger_actions WHERE connector = 'mailer'"
                    + " AND status = 'completed'")
            .get(0)
            .get(0);
    assertThat(Integer.parseInt(mailActions)).as("mails the runs sent").isPositive();
    assertThat(ledgerRows("SELECT COUNT(*) FROM sandbox_mail").get(0).get(0))
        .as("one mail per completed mail action")
        .isEqualTo(mailActions);
    assertThat(worker.alive()).as("the same worker finished the batch").isTrue();
  }

  /** The 34 demo tickets {@value #COPIES} times, each under its own id; returns their run ids. */
  private static Set<String> writeTickets(Path file) throws Exception {
    List<String> tickets = Files.readAllLines(example("tickets.jsonl"), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    Set<String> workflowIds = new HashSet<>();
    for (int copy = 1; copy <= COPIES; copy++) {
      for (String ticket : tickets) {
        if (ticket.isBlank()) {
          continue;
        }
        ObjectNode record = (ObjectNode) JSON.readTree(ticket);
        String id = "R" + copy + "-" + record.path("id").asText();
        record.put("id", id);
        lines.add(JSON.writeValueAsString(record));
        workflowIds.add("support-triage/" + id);
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThat(workflowIds).hasSize(lines.size());
    return workflowIds;
  }

  /** The batch's report now; a batch that does not answer (no worker reached) is asked again. */
  private static JsonNode report(String batchId) {
    Cli.Result status = cli.run("batch", "status", batchId, "--json");
    if (status.exit() != 0) {
      throw new IllegalStateException("batch status exited " + status.exit() + ": " + status.err());
    }
    return status.json();
  }

  /** Records whose runs ended or settled. */
  private static int accounted(JsonNode report) {
    int sum = 0;
    for (JsonNode count : report.path("outcomes")) {
      sum += count.asInt();
    }
    return sum;
  }

  private static Map<String, Integer> byStatus(JsonNode runs) {
    Map<String, Integer> counts = new TreeMap<>();
    statuses(runs).forEach(s -> counts.merge(s, 1, Integer::sum));
    return counts;
  }

  private static Map<String, Integer> nonZero(JsonNode outcomes) {
    Map<String, Integer> counts = new TreeMap<>();
    outcomes
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asInt() > 0) {
                counts.put(e.getKey(), e.getValue().asInt());
              }
            });
    return counts;
  }
}
