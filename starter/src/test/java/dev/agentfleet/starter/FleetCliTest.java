package dev.agentfleet.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process: exit codes and one-line errors, without a Temporal server. */
class FleetCliTest {

  @TempDir Path repo;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void pointAtAnEmptyRepoAndAClosedPort() throws IOException {
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + closedPort());
    env.put("TEMPORAL_CONFIG_FILE", repo.resolve("no-such-temporal.toml").toString());
  }

  private int fleet(String... args) {
    return FleetCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void no_verb_prints_usage_and_exits_2() {
    assertThat(fleet()).isEqualTo(2);
    assertThat(stderr()).contains("Usage: fleet").contains("approve").contains("ledger");
  }

  @Test
  void an_unknown_verb_or_bad_option_is_a_usage_error() {
    assertThat(fleet("launch")).isEqualTo(2);
    assertThat(stderr()).contains("error: Unmatched argument").contains("see ./fleet --help");

    err.reset();
    assertThat(fleet("run", "support-triage")).isEqualTo(2);
    assertThat(stderr()).contains("--input").contains("see ./fleet run --help");
  }

  @Test
  void an_unknown_status_filter_is_a_usage_error_listing_the_statuses() {
    assertThat(fleet("runs", "--status", "stuck")).isEqualTo(2);
    assertThat(stderr()).contains("unknown status 'stuck'").contains("waiting-approval");
  }

  @Test
  void an_unreachable_server_is_one_line_that_says_run_fleet_up() {
    int code = fleet("runs", "--json");

    assertThat(code).isEqualTo(1);
    assertThat(stdout()).isEmpty();
    assertThat(stderr())
        .isEqualTo(
            "error: cannot reach Temporal at "
                + env.get("TEMPORAL_ADDRESS")
                + " — run ./fleet up"
                + System.lineSeparator());
  }

  @Test
  void an_unknown_agent_names_the_agents_there_are() throws IOException {
    Files.createDirectories(repo.resolve("agents"));
    Files.writeString(repo.resolve("agents/support-triage.yaml"), "name: support-triage\n");

    assertThat(fleet("run", "refunds", "--input", "-")).isEqualTo(1);
    assertThat(stderr())
        .startsWith("error: no agent 'refunds'")
        .contains("agents available: support-triage")
        .doesNotContain("Exception");
  }

  @Test
  void an_unknown_approver_is_refused_before_anything_is_sent() throws IOException {
    Files.createDirectories(repo.resolve("config"));
    Files.writeString(
        repo.resolve("config/approvers.yaml"), "approvers: [{name: alice, roles: [billing]}]\n");

    assertThat(fleet("approve", "support-triage/T-1", "--as", "mallory")).isEqualTo(1);
    assertThat(stderr()).contains("unknown approver 'mallory'").contains("alice");
  }

  @Test
  void ledger_is_an_empty_list_before_anything_acted() throws IOException {
    assertThat(fleet("ledger", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(stdout()).isEmpty()).isTrue();
  }

  @Test
  void ledger_json_has_the_contract_fields_and_omits_absent_optional_ones() throws Exception {
    Path home = repo.resolve(".fleet");
    Files.createDirectories(home);
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
        Statement sql = db.createStatement()) {
      createLedgerActions(sql);
      sql.execute(
          "INSERT INTO ledger_actions VALUES ('st/T-1/refund', 'st/T-1', 'T-1', 'st', 'refund',"
              + " 'payments', 'refund', 12.5, 'USD', 'rule:auto_refund_small', '{}', 'completed',"
              + " '{}', '2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z')");
      sql.execute(
          "INSERT INTO ledger_actions VALUES ('st/T-2/send', 'st/T-2', 'T-2', 'st', 'send',"
              + " 'mailer', 'send', NULL, NULL, NULL, '{}', 'pending', NULL,"
              + " '2026-01-02T03:05:00Z', NULL)");
    }

    assertThat(fleet("ledger", "--json")).isZero();
    JsonNode entries = new ObjectMapper().readTree(stdout());

    assertThat(entries).hasSize(2);
    JsonNode refund = entries.get(0);
    assertThat(refund.fieldNames())
        .toIterable()
        .containsExactly(
            "idempotencyKey",
            "workflowId",
            "recordId",
            "action",
            "amount",
            "currency",
            "approvedBy",
            "at");
    assertThat(refund.get("action").asText()).isEqualTo("payments.refund");
    assertThat(refund.get("amount").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(refund.get("currency").asText())
        .as("an amount never travels without its currency")
        .isEqualTo("USD");
    assertThat(refund.get("at").asText()).isEqualTo("2026-01-02T03:04:06Z");
    assertThat(entries.get(1).fieldNames())
        .toIterable()
        .containsExactly("idempotencyKey", "workflowId", "recordId", "action", "at");

    out.reset();
    assertThat(fleet("ledger", "--workflow", "st/T-2", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(stdout())).hasSize(1);
  }

  @Test
  void ledger_shows_the_newest_actions_and_says_when_it_cut_the_list() throws Exception {
    Path home = repo.resolve(".fleet");
    Files.createDirectories(home);
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
        Statement sql = db.createStatement()) {
      createLedgerActions(sql);
      for (int i = 1; i <= 3; i++) {
        sql.execute(
            "INSERT INTO ledger_actions VALUES ('st/T-"
                + i
                + "/send', 'st/T-"
                + i
                + "', 'T-"
                + i
                + "', 'st', 'send', 'mailer', 'send', NULL, NULL, NULL, '{}', 'completed', NULL,"
                + " '2026-01-02T03:0"
                + i
                + ":00Z', NULL)");
      }
    }

    assertThat(fleet("ledger", "--limit", "2", "--json")).isZero();
    JsonNode entries = new ObjectMapper().readTree(stdout());
    assertThat(entries).extracting(e -> e.get("recordId").asText()).containsExactly("T-2", "T-3");
    assertThat(stderr()).contains("showing the newest 2 of 3 actions; --limit N to see more");

    out.reset();
    err.reset();
    assertThat(fleet("ledger")).isZero();
    assertThat(stdout()).contains("T-1").doesNotContain("showing");
  }

  /** The ledger_actions table as the workers' migrations create it (the columns the CLI reads). */
  private static void createLedgerActions(Statement sql) throws java.sql.SQLException {
    sql.execute(
        "CREATE TABLE ledger_actions (idempotency_key TEXT PRIMARY KEY, workflow_id TEXT,"
            + " record_id TEXT, agent TEXT, step_id TEXT, connector TEXT, operation TEXT,"
            + " amount NUMERIC, currency TEXT, approved_by TEXT, attestation_json TEXT,"
            + " status TEXT, result_json TEXT, created_at TEXT, completed_at TEXT)");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
