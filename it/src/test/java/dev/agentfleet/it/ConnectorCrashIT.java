package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker dies between the connector call and the ledger write, the worst moment for exactly-once:
 * the external system has acted, the ledger only holds a claim. The worker is halted by the
 * test-only hook {@code FLEET_TEST_CRASH_AFTER_REMOTE_CALL} right after its POST returns. After
 * Temporal's activity timeout a second worker retries the action with the same idempotency key; the
 * external system recognises the key and acts no more, and the ledger records the one result.
 */
class ConnectorCrashIT extends FleetItBase {

  private static final String AGENT = "order-webhook";
  private static final String ACTION_STEP = "notify_orders";

  private static ExternalOrderSystem orders;

  @BeforeAll
  static void up() throws Exception {
    startFleet("connector-crash");
    orders = new ExternalOrderSystem();
    Path agents = Path.of(ConnectorCrashIT.class.getResource("/agents").toURI());
    cli.withEnv("FLEET_AGENTS_DIR", agents.toString());
  }

  @AfterAll
  static void down() throws Exception {
    if (orders != null) {
      orders.close();
    }
    stopFleet();
  }

  @Test
  void a_worker_killed_after_the_remote_call_leaves_one_effect_and_one_ledger_result()
      throws Exception {
    Path input = home.resolve("order-tickets.jsonl");
    Files.writeString(
        input,
        "{\"id\":\"C-1\",\"subject\":\"Order arrived damaged\",\"orderId\":\"A-77\"}\n",
        StandardCharsets.UTF_8);
    WorkerJvm doomed =
        new WorkerJvm(home, server.address())
            .withEnv("FLEET_HTTP_CONNECTOR_URL", orders.url())
            .withEnv("FLEET_TEST_CRASH_AFTER_REMOTE_CALL", "post")
            .start();

    Cli.Result run = cli.run("run", AGENT, "--input", input.toString(), "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    String workflowId = run.json().path("started").get(0).path("workflowId").asText();
    String key = workflowId + "/" + ACTION_STEP;

    // when: the first worker posts, then halts before it records the result
    Await.until(
        "the first worker to halt after its POST",
        Duration.ofMinutes(2),
        () -> doomed.alive(),
        alive -> !alive);
    assertThat(Files.readString(doomed.log()))
        .contains("fault injection: halting after http.post for " + key);
    assertThat(orders.requestKeys()).containsExactly(key);
    assertThat(
            ledgerRows("SELECT status FROM ledger_actions WHERE idempotency_key = '" + key + "'"))
        .as("the ledger holds the claim only: the crash came between the call and the write")
        .containsExactly(List.of("claimed"));

    // then: a second worker, without the hook, finishes the run
    try (WorkerJvm second =
        new WorkerJvm(home, server.address())
            .withEnv("FLEET_HTTP_CONNECTOR_URL", orders.url())
            .start()) {
      JsonNode state =
          Await.until(
              "the run to complete on the second worker",
              Duration.ofMinutes(3),
              () -> cli.run("status", workflowId, "--json").json(),
              s -> s.path("status").asText().equals("completed"));
      assertThat(state.toString()).contains(orders.notes().get(key));
    }

    assertThat(orders.requestKeys())
        .as("the retry called the external system again, with the same key")
        .hasSizeGreaterThanOrEqualTo(2)
        .containsOnly(key);
    assertThat(orders.notes()).as("effects in the external system").hasSize(1).containsKey(key);
    assertThat(
            ledgerRows(
                "SELECT status, result_json FROM ledger_actions WHERE idempotency_key = '"
                    + key
                    + "'"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get(0)).isEqualTo("completed");
              assertThat(row.get(1)).contains(orders.notes().get(key));
            });
    assertThat(
            ledgerRows(
                "SELECT COUNT(*) FROM audit_log WHERE kind = 'action' AND entry_key LIKE '"
                    + key
                    + "%'"))
        .containsExactly(List.of("1"));
  }
}
