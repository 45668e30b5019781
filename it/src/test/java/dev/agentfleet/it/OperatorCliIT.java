package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator verbs against a real dev server and worker: {@code replay} proves a live run replays
 * against this build, {@code stats} and {@code watch --once} see the runs, and {@code reset
 * --to-step} runs a finished run again from the route before its refund without refunding twice.
 */
class OperatorCliIT extends FleetItBase {

  private static final String REFUND = "support-triage/T-1001";

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("operator");
    // an automatic refund (T-1001), spam (T-1003) and a few more, settled
    List<String> lines = Files.readAllLines(example("tickets.jsonl")).subList(0, 5);
    Path input = home.resolve("tickets.jsonl");
    Files.write(input, lines);
    Cli.Result started = cli.run("run", "support-triage", "--input", input.toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    awaitSettled(5, Duration.ofMinutes(2));
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void replay_of_a_live_run_is_clean() {
    Cli.Result replay = cli.run("replay", REFUND);

    assertThat(replay.exit()).as(replay.err() + replay.out()).isZero();
    assertThat(replay.out()).contains("(AgentRun) replays cleanly:").contains("events");
  }

  @Test
  void stats_and_watch_count_the_runs() {
    Cli.Result stats = cli.run("stats", "--agent", "support-triage", "--json");
    assertThat(stats.exit()).as(stats.err()).isZero();
    JsonNode figures = stats.json().path("stats");
    assertThat(figures.path("runs").asInt()).isGreaterThanOrEqualTo(5);
    assertThat(figures.path("byStatus").path("completed").asInt()).isPositive();
    assertThat(figures.path("modelCalls").asLong()).isPositive();
    assertThat(figures.has("acceptanceRate")).isTrue();

    Cli.Result text = cli.run("stats");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("approvals").contains("rollbacks").contains("model cost");

    Cli.Result watch = cli.run("watch", "--once");
    assertThat(watch.exit()).as(watch.err()).isZero();
    assertThat(watch.out())
        .containsPattern("completed +[1-9]")
        .contains("approvals waiting")
        .contains("error rate")
        .contains("cost rate");
  }

  @Test
  void reset_to_the_route_before_the_refund_completes_again_without_a_second_refund() {
    JsonNode before = cli.run("ledger", "--workflow", REFUND, "--json").json();
    assertThat(keys(before)).contains(REFUND + "/refund");

    // triage (a route) leaves no event of its own: the reset point comes from the run's steps
    Cli.Result reset =
        cli.run("reset", REFUND, "--to-step", "triage", "--reason", "IT: run again", "--json");
    assertThat(reset.exit()).as(reset.err()).isZero();
    JsonNode answer = reset.json();
    assertThat(answer.path("runId").asText())
        .isNotBlank()
        .isNotEqualTo(answer.path("previousRunId").asText());

    JsonNode state =
        Await.until(
            "the reset run to complete again",
            Duration.ofSeconds(60),
            () -> cli.run("status", REFUND, "--json").json(),
            s ->
                s.path("status").asText().equals("completed")
                    && refundAction(s) != null
                    && refundAction(s).path("replayed").asBoolean());
    assertThat(refundAction(state).path("idempotencyKey").asText()).isEqualTo(REFUND + "/refund");

    JsonNode after = cli.run("ledger", "--workflow", REFUND, "--json").json();
    assertThat(after.size()).isEqualTo(before.size());
    assertThat(keys(after)).containsExactlyInAnyOrderElementsOf(keys(before));

    Cli.Result unknown = cli.run("reset", REFUND, "--to-step", "no_such_step");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no step 'no_such_step'").contains("refund");
  }

  private static JsonNode refundAction(JsonNode state) {
    for (JsonNode action : state.path("actions")) {
      if (action.path("stepId").asText().equals("refund")) {
        return action;
      }
    }
    return null;
  }

  private static List<String> keys(JsonNode ledger) {
    List<String> keys = new ArrayList<>();
    ledger.forEach(e -> keys.add(e.path("idempotencyKey").asText()));
    return keys;
  }
}
