package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the worker in the middle of a batch: a new worker picks every run up where it was,
 * every run settles, and no effect is in the ledger twice.
 */
class WorkerCrashIT extends FleetItBase {

  @BeforeAll
  static void up() throws Exception {
    startFleet("crash");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void runs_survive_a_killed_worker_and_act_exactly_once() throws Exception {
    WorkerJvm first = new WorkerJvm(home, server.address()).withModelLatency(400).start();
    Cli.Result started =
        cli.run("run", "support-triage", "--input", example("tickets.jsonl").toString(), "--json");
    assertThat(started.json().path("started")).hasSize(34);

    Await.until(
        "the first effects in the ledger",
        Duration.ofMinutes(2),
        () -> {
          try {
            return ledgerRows("SELECT COUNT(*) FROM ledger_actions WHERE status = 'completed'");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        rows -> Integer.parseInt(rows.get(0).get(0)) >= 1);
    first.killHard();
    int before = Integer.parseInt(ledgerRows("SELECT COUNT(*) FROM ledger_actions").get(0).get(0));

    try (WorkerJvm second = new WorkerJvm(home, server.address()).start()) {
      awaitSettled(34, Duration.ofMinutes(3));
      int after = Integer.parseInt(ledgerRows("SELECT COUNT(*) FROM ledger_actions").get(0).get(0));
      assertThat(after).as("the second worker finished the batch").isGreaterThan(before);
    }

    assertThat(ledgerRows("SELECT idempotency_key FROM ledger_actions WHERE status <> 'completed'"))
        .as("actions claimed but never completed")
        .isEmpty();
    DemoEndToEndIT.assertNoDuplicateEffects();
    DemoEndToEndIT.assertNoRefundAboveLimitWithoutHuman();
  }
}
