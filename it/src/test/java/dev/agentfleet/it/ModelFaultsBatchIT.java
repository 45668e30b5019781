package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.chaos.ChaosModelServer;
import dev.agentfleet.chaos.ChaosSettings;
import dev.agentfleet.chaos.ChaosStats;
import dev.agentfleet.chaos.Fault;
import dev.agentfleet.chaos.Latency;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A support-triage batch whose model is the chaos server at 20% injected faults, every kind of them
 * (429, 500, 503, resets, timeouts, bodies that are not JSON, answers that break the contract,
 * calls to tools nobody offered), through the worker's real OpenAI client over HTTP: every record
 * ends in a terminal or waiting state, none is lost, and none is acted on twice.
 */
class ModelFaultsBatchIT extends FleetItBase {

  private static final int RECORDS = 48;

  /** Where a record may end: a terminal status, or waiting for a person or an event. */
  private static final Set<String> TERMINAL_OR_WAITING =
      Set.of(
          "completed",
          "rejected",
          "closed",
          "failed",
          "rolled-back",
          "waiting-approval",
          "waiting",
          "dead-lettered");

  private static ChaosModelServer chaos;

  @BeforeAll
  static void up() throws Exception {
    startFleet("model-faults");
    chaos =
        ChaosModelServer.start(
            ChaosSettings.faults(0.2)
                .withLatency(Latency.uniform(Duration.ofMillis(10), Duration.ofMillis(60)))
                .withHang(Duration.ofSeconds(4))
                .withSeed(20));
  }

  @AfterAll
  static void down() throws Exception {
    if (chaos != null) {
      chaos.close();
    }
    stopFleet();
  }

  @Test
  void a_batch_under_20_percent_model_faults_settles_every_record_exactly_once() throws Exception {
    Path input = home.resolve("tickets.jsonl");
    Set<String> ids = writeTickets(input);

    try (WorkerJvm worker =
        new WorkerJvm(home, server.address())
            .withEnv("FLEET_MODEL_PROVIDER", "openai")
            .withEnv("FLEET_OPENAI_BASE_URL", chaos.baseUrl())
            .withEnv("FLEET_OPENAI_API_KEY", "chaos-not-a-key")
            .withEnv("FLEET_MODEL_TIMEOUT_SECONDS", "2")
            .start()) {
      Cli.Result result =
          CompletableFuture.supplyAsync(
                  () -> cli.run("batch", "support-triage", "--input", input.toString(), "--json"))
              .get(150, TimeUnit.SECONDS);

      // every record is accounted for, in a terminal or waiting state
      assertThat(result.exit()).as(result.err()).isZero();
      JsonNode report = result.json();
      assertThat(report.path("status").asText()).isEqualTo("completed");
      assertThat(report.path("records").asInt()).isEqualTo(RECORDS);
      assertThat(report.path("pending").asInt()).isZero();
      assertThat(report.path("running").asInt()).isZero();
      int settled = 0;
      for (JsonNode count : report.path("outcomes")) {
        settled += count.asInt();
      }
      assertThat(settled).as("outcomes " + report.path("outcomes")).isEqualTo(RECORDS);
      assertThat(report.path("outcomes").path("failed").asInt())
          .as("runs failed by model faults: " + report.path("outcomes"))
          .isZero();

      // nothing lost: one run per record, each settled
      JsonNode runs = cli.run("runs", "--agent", "support-triage", "--json").json();
      Set<String> recordIds = new HashSet<>();
      runs.forEach(r -> recordIds.add(r.path("recordId").asText()));
      assertThat(recordIds).isEqualTo(ids);
      assertThat(runs).hasSize(RECORDS);
      assertThat(statuses(runs)).allMatch(TERMINAL_OR_WAITING::contains);
    }

    // nothing done twice
    assertNoActionTwiceOrLeftClaimed();
    assertThat(ledgerRows("SELECT COUNT(*) FROM ledger_actions").get(0).get(0))
        .as("some runs acted")
        .isNotEqualTo("0");
    DemoEndToEndIT.assertNoDuplicateEffects();
    DemoEndToEndIT.assertNoRefundAboveLimitWithoutHuman();

    // and the model really misbehaved, in every way, about a fifth of the time
    ChaosStats stats = chaos.stats();
    for (Fault fault : Fault.values()) {
      assertThat(stats.count(fault)).as(fault.key() + " in " + stats).isPositive();
    }
    assertThat((double) stats.faults() / stats.total()).as(stats.toString()).isBetween(0.1, 0.3);
  }

  /** Tickets of every category, some asking for refunds with amounts; returns their ids. */
  private static Set<String> writeTickets(Path file) throws Exception {
    String[][] kinds = {
      {"Refund for a broken kettle", "The kettle arrived cracked, I paid 24.99, please refund it."},
      {"Charged twice", "My card was charged twice for the subscription this month."},
      {"App crashes", "The app crashes every time I open the settings page."},
      {"Cannot log in", "The password reset email never arrives, my account is locked."},
      {"Where is my parcel", "Tracking has not moved in a week, where is my shipping?"},
      {"You WON", "Congratulations, click here to claim your free prize, spam offer."},
      {"Store in Berlin", "Do you have a physical store in Berlin I could visit?"},
      {"Refund request", "Please refund the 180 EUR I paid for the jacket I sent back."}
    };
    List<String> lines = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 1; i <= RECORDS; i++) {
      String[] kind = kinds[i % kinds.length];
      String id = String.format("MF-%03d", i);
      ids.add(id);
      lines.add(
          String.format(
              "{\"id\":\"%s\",\"from\":\"customer%d@example.com\",\"subject\":\"%s (%d)\","
                  + "\"body\":\"%s Order A-%05d.\"}",
              id, i, kind[0], i, kind[1], 10_000 + i));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return ids;
  }
}
