package dev.agentfleet.starter.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet cost} over a real SQLite ledger whose {@code model_calls} table is created by the
 * activities' own migration, so the CLI and the writer cannot drift apart unnoticed.
 */
class CostCommandTest {

  private static final Path MIGRATION =
      Path.of(
          "..",
          "activities",
          "src",
          "main",
          "resources",
          "db",
          "migration",
          "sqlite",
          "V3__model_calls_and_cache.sql");

  @TempDir Path repo;

  private CliHarness cli;
  private Path ledger;

  @BeforeEach
  void pointAtATemporaryFleetHome() throws Exception {
    cli = new CliHarness(repo);
    ledger = repo.resolve(".fleet").resolve("ledger.db");
  }

  private void createLedger() throws Exception {
    Files.createDirectories(ledger.getParent());
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + ledger);
        Statement sql = db.createStatement()) {
      String withoutComments = Files.readString(MIGRATION).replaceAll("(?m)--.*$", "");
      for (String statement : withoutComments.split(";")) {
        if (!statement.isBlank()) {
          sql.execute(statement);
        }
      }
    }
  }

  private void threeRunsOfTwoAgents() throws Exception {
    createLedger();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + ledger)) {
      ModelCallRows.insert(
          db,
          "st/T-1/classify",
          "support-triage",
          "small",
          1000,
          100,
          0.00021,
          300,
          false,
          "2025-06-01T09:00:00.000Z");
      ModelCallRows.insert(
          db,
          "st/T-2/classify",
          "support-triage",
          "small",
          0,
          0,
          0.0,
          10,
          true,
          "2025-06-02T09:00:00.000Z");
      ModelCallRows.insert(
          db,
          "st/T-1/draft_reply",
          "support-triage",
          "large",
          2000,
          400,
          0.009,
          1200,
          false,
          "2025-06-02T10:00:00.000Z");
      ModelCallRows.insert(
          db,
          "lf/L-1/classify",
          "lead-followup",
          "small",
          500,
          50,
          0.000105,
          200,
          false,
          "2025-06-02T11:00:00.000Z");
    }
  }

  @Test
  void json_totals_by_agent_and_tier_have_the_contract_fields() throws Exception {
    threeRunsOfTwoAgents();

    assertThat(cli.fleet("cost", "--json")).isZero();
    JsonNode rows = new ObjectMapper().readTree(cli.stdout());

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).fieldNames())
        .toIterable()
        .containsExactly(
            "agent",
            "tier",
            "calls",
            "inputTokens",
            "outputTokens",
            "costUsd",
            "cacheHits",
            "avgLatencyMs");
    assertThat(rows.get(0).get("agent").asText()).isEqualTo("lead-followup");
    JsonNode small = rows.get(2);
    assertThat(small.get("agent").asText()).isEqualTo("support-triage");
    assertThat(small.get("tier").asText()).isEqualTo("small");
    assertThat(small.get("calls").asLong()).isEqualTo(2);
    assertThat(small.get("inputTokens").asLong()).isEqualTo(1000);
    assertThat(small.get("outputTokens").asLong()).isEqualTo(100);
    assertThat(small.get("costUsd").asDouble()).isCloseTo(0.00021, within(1e-12));
    assertThat(small.get("cacheHits").asLong()).isEqualTo(1);
    assertThat(small.get("avgLatencyMs").asLong()).isEqualTo(155);
    assertThat(rows.get(1).get("tier").asText()).isEqualTo("large");
    assertThat(rows.get(1).get("costUsd").asDouble()).isCloseTo(0.009, within(1e-12));
  }

  @Test
  void filters_by_agent_and_by_time() throws Exception {
    threeRunsOfTwoAgents();
    ObjectMapper json = new ObjectMapper();

    assertThat(cli.fleet("cost", "--agent", "lead-followup", "--json")).isZero();
    assertThat(json.readTree(cli.stdout()))
        .singleElement()
        .satisfies(r -> assertThat(r.get("calls").asLong()).isEqualTo(1));

    assertThat(cli.fleet("cost", "--agent", "support-triage", "--since", "2025-06-02", "--json"))
        .isZero();
    JsonNode recent = json.readTree(cli.stdout());
    assertThat(recent).hasSize(2);
    assertThat(recent.get(1).get("calls").asLong()).isEqualTo(1);
    assertThat(recent.get(1).get("cacheHits").asLong()).isEqualTo(1);
    assertThat(recent.get(1).get("costUsd").asDouble()).isZero();
  }

  @Test
  void the_table_shows_a_total_row_and_an_empty_ledger_says_so() throws Exception {
    assertThat(cli.fleet("cost")).isZero();
    assertThat(cli.stdout()).startsWith("no model calls in");
    assertThat(cli.fleet("cost", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(cli.stdout()).isEmpty()).isTrue();

    threeRunsOfTwoAgents();
    assertThat(cli.fleet("cost")).isZero();

    assertThat(cli.stdout())
        .contains("AGENT")
        .contains("AVG LATENCY MS")
        .containsPattern("support-triage\\s+large\\s+1\\s+2000\\s+400\\s+0\\.009000\\s+0\\s+1200")
        .containsPattern("total\\s+4\\s+3500\\s+550\\s+0\\.009315\\s+1\\s+428");
  }

  @Test
  void a_bad_since_is_a_usage_error_that_shows_the_accepted_forms() {
    assertThat(cli.fleet("cost", "--since", "yesterday")).isEqualTo(2);
    assertThat(cli.stderr()).contains("'yesterday' is not a time").contains("PT24H");
  }

  @Test
  void since_reads_instants_days_and_spans_back_from_now() {
    Instant now = Instant.parse("2025-06-10T12:00:00Z");

    assertThat(Since.parse("2025-06-01T09:30:00Z", now))
        .isEqualTo(Instant.parse("2025-06-01T09:30:00Z"));
    assertThat(Since.parse("2025-06-01", now)).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(Since.parse("PT24H", now)).isEqualTo(Instant.parse("2025-06-09T12:00:00Z"));
    assertThat(Since.parse("7d", now)).isEqualTo(Instant.parse("2025-06-03T12:00:00Z"));
    assertThat(Since.parse("90m", now)).isEqualTo(Instant.parse("2025-06-10T10:30:00Z"));
    assertThatThrownBy(() -> Since.parse("soon", now)).hasMessageContaining("'soon' is not a time");
  }
}
