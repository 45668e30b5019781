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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cost governance on a real dev server with a worker in its own JVM: model calls go through the
 * per-tier model queues (one of them rate limited), every call lands in the ledger, and the same
 * tickets submitted again under other record ids are answered from the response cache.
 */
class CostGovernanceIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static WorkerJvm worker;

  @BeforeAll
  static void up() throws Exception {
    startFleet("cost");
    worker = new WorkerJvm(home, server.address()).withEnv("FLEET_MODEL_RPS_SMALL", "200").start();
  }

  @AfterAll
  static void down() throws Exception {
    if (worker != null) {
      worker.close();
    }
    stopFleet();
  }

  private static Path sameTicketsUnderOtherIds() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(example("tickets.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      ObjectNode ticket = (ObjectNode) JSON.readTree(line);
      ticket.put("id", "again-" + ticket.path("id").asText());
      lines.add(JSON.writeValueAsString(ticket));
    }
    Path file = home.resolve("tickets-again.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static JsonNode row(JsonNode costs, String tier) {
    for (JsonNode row : costs) {
      if (row.path("agent").asText().equals("support-triage")
          && row.path("tier").asText().equals(tier)) {
        return row;
      }
    }
    throw new AssertionError("no support-triage/" + tier + " row in " + costs);
  }

  private static long count(String sql) throws Exception {
    return Long.parseLong(ledgerRows(sql).get(0).get(0));
  }

  @Test
  void every_call_is_accounted_and_a_repeated_batch_is_answered_from_the_cache() throws Exception {
    Cli.Result first =
        cli.run("run", "support-triage", "--input", example("tickets.jsonl").toString(), "--json");
    assertThat(first.exit()).as(first.err()).isZero();
    awaitSettled(34, Duration.ofMinutes(5));

    JsonNode afterFirst = cli.run("cost", "--json").json();
    long extractsFirst =
        count("SELECT COUNT(*) FROM model_calls WHERE step_id = 'extract' AND cache_hit = 0");
    assertThat(count("SELECT COUNT(*) FROM model_calls WHERE step_id = 'classify'"))
        .as("one accounted classify call per ticket")
        .isEqualTo(34);
    assertThat(row(afterFirst, "small").path("calls").asLong())
        .isEqualTo(count("SELECT COUNT(*) FROM model_calls WHERE tier = 'small'"));
    assertThat(extractsFirst).isPositive();

    Cli.Result again =
        cli.run(
            "run", "support-triage", "--input", sameTicketsUnderOtherIds().toString(), "--json");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.json().path("started")).hasSize(34);
    awaitSettled(68, Duration.ofMinutes(5));

    long extractsAgain =
        count(
            "SELECT COUNT(*) FROM model_calls WHERE step_id = 'extract'"
                + " AND workflow_id LIKE 'support-triage/again-%'");
    long extractHitsAgain =
        count(
            "SELECT COUNT(*) FROM model_calls WHERE step_id = 'extract' AND cache_hit = 1"
                + " AND workflow_id LIKE 'support-triage/again-%'");
    assertThat(extractsAgain).isEqualTo(34);
    assertThat(extractHitsAgain).as("the same extraction asked again is a cache hit").isEqualTo(34);
    JsonNode afterAgain = cli.run("cost", "--json").json();
    assertThat(row(afterAgain, "small").path("cacheHits").asLong())
        .isGreaterThanOrEqualTo(row(afterFirst, "small").path("cacheHits").asLong() + 34);
    assertThat(row(afterAgain, "small").path("calls").asLong())
        .isEqualTo(count("SELECT COUNT(*) FROM model_calls WHERE tier = 'small'"));
    assertThat(count("SELECT COUNT(*) FROM model_calls WHERE tier = 'large'"))
        .as("drafts ran on the large tier's queue")
        .isPositive();
  }
}
