package dev.agentfleet.starter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.activities.audit.AuditLog;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.ledger.audit.ChainBreak;
import dev.agentfleet.starter.FleetCli;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.audit.AuditHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet audit verify} and {@code fleet audit show} in-process, over real SQLite ledgers
 * whose chains the activities' own {@link AuditLog} wrote, tampered with by plain SQL as someone
 * with write access to the file would.
 */
class AuditCommandTest {

  private static final String RUN = "support-triage/T-1";
  private static final long T0 = 1_740_823_200_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private Path home;
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void pointAtAnEmptyRepo() {
    env.put("FLEET_REPO", repo.toString());
    home = repo.resolve(".fleet");
  }

  // ---- verify ----

  @Test
  void an_intact_chain_verifies_with_its_count_and_last_hash_and_is_anchored() throws Exception {
    append(fiveEntries());

    assertThat(fleet("audit", "verify")).isZero();

    String lastHash = column("SELECT hash FROM audit_log WHERE seq = 5");
    assertThat(stdout())
        .startsWith("audit log intact: 5 entries, last hash " + lastHash + System.lineSeparator())
        .contains("anchor written to .fleet/audit.anchor");
    JsonNode anchor = JSON.readTree(home.resolve("audit.anchor").toFile());
    assertThat(anchor.path("entries").asLong()).isEqualTo(5);
    assertThat(anchor.path("lastSeq").asLong()).isEqualTo(5);
    assertThat(anchor.path("lastHash").asText()).isEqualTo(lastHash);
  }

  @Test
  void verify_json_has_the_contract_fields() throws Exception {
    append(fiveEntries());

    assertThat(fleet("audit", "verify", "--json")).isZero();

    JsonNode verdict = JSON.readTree(stdout());
    assertThat(verdict.fieldNames())
        .toIterable()
        .containsExactly("intact", "entries", "lastHash", "firstBroken");
    assertThat(verdict.path("intact").asBoolean()).isTrue();
    assertThat(verdict.path("entries").asLong()).isEqualTo(5);
    assertThat(verdict.path("lastHash").asText())
        .isEqualTo(column("SELECT hash FROM audit_log WHERE seq = 5"));
    assertThat(verdict.get("firstBroken").isNull()).isTrue();
  }

  @Test
  void an_edited_row_is_reported_by_its_seq_as_a_hash_mismatch() throws Exception {
    append(fiveEntries());
    sql("UPDATE audit_log SET detail = 'approved by mallory' WHERE seq = 3");

    assertThat(fleet("audit", "verify")).isEqualTo(4);
    assertThat(stdout())
        .startsWith(
            "audit log BROKEN at entry seq=3 (workflow "
                + RUN
                + ", kind approval): hash mismatch — ");

    out.reset();
    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);
    JsonNode verdict = JSON.readTree(stdout());
    assertThat(verdict.path("intact").asBoolean()).isFalse();
    assertThat(verdict.path("entries").asLong()).isEqualTo(5);
    JsonNode broken = verdict.path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(3);
    assertThat(broken.path("entryKey").asText()).isEqualTo(RUN + "#3");
    assertThat(broken.path("workflowId").asText()).isEqualTo(RUN);
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.HASH_MISMATCH);
  }

  @Test
  void a_broken_chain_is_not_anchored() throws Exception {
    append(fiveEntries());
    sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4");

    assertThat(fleet("audit", "verify")).isEqualTo(4);

    assertThat(home.resolve("audit.anchor")).doesNotExist();
  }

  @Test
  void a_deleted_middle_row_is_reported_at_the_row_after_it_as_a_missing_seq() throws Exception {
    append(fiveEntries());
    sql("DELETE FROM audit_log WHERE seq = 2");

    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);

    JsonNode broken = JSON.readTree(stdout()).path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(3);
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.MISSING_SEQ);
    assertThat(broken.path("explanation").asText()).contains("entry seq=2 is gone");
  }

  @Test
  void a_deleted_first_row_is_reported() throws Exception {
    append(fiveEntries());
    sql("DELETE FROM audit_log WHERE seq = 1");

    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);

    JsonNode broken = JSON.readTree(stdout()).path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(2);
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.MISSING_SEQ);
  }

  @Test
  void an_edit_with_a_recomputed_hash_breaks_the_link_of_the_next_row() throws Exception {
    append(fiveEntries());
    // given: the edit re-hashed correctly, as someone who knows the rule would do it
    sql("UPDATE audit_log SET detail = 'approved by mallory' WHERE seq = 3");
    rehash(3);

    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);

    JsonNode broken = JSON.readTree(stdout()).path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(4);
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.PREV_LINK_MISMATCH);
    assertThat(broken.path("explanation").asText()).contains("entry seq=3");
  }

  @Test
  void a_deleted_tail_is_reported_when_the_anchor_exists() throws Exception {
    append(fiveEntries());
    assertThat(fleet("audit", "verify")).isZero();
    sql("DELETE FROM audit_log WHERE seq >= 4");

    out.reset();
    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);

    JsonNode broken = JSON.readTree(stdout()).path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(5);
    assertThat(broken.path("entryKey").isNull()).isTrue();
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.MISSING_SEQ);
    assertThat(broken.path("explanation").asText())
        .contains("5 entries ending at seq=5")
        .contains("ends at seq=3");
  }

  @Test
  void without_an_anchor_a_deleted_tail_goes_unnoticed() throws Exception {
    // This is the limit the anchor exists for: a shorter chain is still a valid chain.
    append(fiveEntries());
    sql("DELETE FROM audit_log WHERE seq >= 4");

    assertThat(fleet("audit", "verify")).isZero();
    assertThat(stdout()).startsWith("audit log intact: 3 entries");
  }

  @Test
  void a_deleted_tail_is_reported_even_after_new_entries_were_chained_onto_the_cut()
      throws Exception {
    append(fiveEntries());
    assertThat(fleet("audit", "verify")).isZero();
    sql("DELETE FROM audit_log WHERE seq >= 4");
    // when: the writer carries on, chaining onto what is left (seq goes on from 6)
    append(List.of(entry("support-triage/T-2", 1, "run", null, null, "completed", T0 + 100)));

    out.reset();
    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);

    JsonNode broken = JSON.readTree(stdout()).path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(5);
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.MISSING_SEQ);
  }

  @Test
  void a_whole_chain_rewritten_and_rehashed_is_caught_by_the_anchor() throws Exception {
    append(fiveEntries());
    assertThat(fleet("audit", "verify")).isZero();
    sql("UPDATE audit_log SET detail = 'approved by mallory' WHERE seq = 3");
    for (long seq = 3; seq <= 5; seq++) {
      rehash(seq);
    }

    out.reset();
    assertThat(fleet("audit", "verify", "--json")).isEqualTo(4);

    JsonNode broken = JSON.readTree(stdout()).path("firstBroken");
    assertThat(broken.path("seq").asLong()).isEqualTo(5);
    assertThat(broken.path("problem").asText()).isEqualTo(ChainBreak.ANCHOR_MISMATCH);
  }

  @Test
  void the_anchor_moves_to_the_new_end_when_the_log_grows() throws Exception {
    append(fiveEntries());
    assertThat(fleet("audit", "verify")).isZero();
    append(List.of(entry("support-triage/T-2", 1, "run", null, null, "completed", T0 + 100)));

    out.reset();
    assertThat(fleet("audit", "verify")).isZero();

    assertThat(stdout())
        .contains("audit log intact: 6 entries")
        .contains("the 5 entries anchored in .fleet/audit.anchor");
    assertThat(JSON.readTree(home.resolve("audit.anchor").toFile()).path("lastSeq").asLong())
        .isEqualTo(6);
  }

  @Test
  void a_gap_left_by_a_retried_append_is_not_a_break() throws Exception {
    List<AuditEntry> batch = fiveEntries();
    append(batch.subList(0, 2));
    // when: the same batch is appended again, as after a timeout; SQLite spends a seq per skip
    append(batch);

    assertThat(column("SELECT group_concat(seq) FROM (SELECT seq FROM audit_log ORDER BY seq)"))
        .as("the skipped inserts used up seq numbers")
        .isNotEqualTo("1,2,3,4,5");
    assertThat(fleet("audit", "verify")).isZero();
    assertThat(stdout()).startsWith("audit log intact: 5 entries");
  }

  @Test
  void an_anchor_elsewhere_is_used_when_named() throws Exception {
    append(fiveEntries());
    Path offsite = repo.resolve("offsite/audit.anchor");

    assertThat(fleet("audit", "verify", "--anchor", offsite.toString())).isZero();
    sql("DELETE FROM audit_log WHERE seq = 5");
    out.reset();

    assertThat(fleet("audit", "verify")).as("the default anchor was never written").isZero();
    assertThat(fleet("audit", "verify", "--anchor", offsite.toString())).isEqualTo(4);
  }

  @Test
  void an_unreadable_anchor_is_an_error_and_is_left_as_it_is() throws Exception {
    append(fiveEntries());
    Files.writeString(home.resolve("audit.anchor"), "{\"entries\": \"many\"}");

    assertThat(fleet("audit", "verify")).isEqualTo(1);

    assertThat(stderr()).startsWith("error: the audit anchor").contains("delete it");
    assertThat(Files.readString(home.resolve("audit.anchor"))).isEqualTo("{\"entries\": \"many\"}");
  }

  @Test
  void a_missing_ledger_is_a_one_line_error() {
    assertThat(fleet("audit", "verify")).isEqualTo(1);
    assertThat(stdout()).isEmpty();
    assertThat(stderr())
        .isEqualTo(
            "error: no ledger at .fleet/ledger.db: nothing has been recorded yet (run ./fleet demo"
                + " or ./fleet run first), or FLEET_HOME points elsewhere"
                + System.lineSeparator());

    err.reset();
    assertThat(fleet("audit", "show", RUN)).isEqualTo(1);
    assertThat(stderr()).startsWith("error: no ledger at .fleet/ledger.db");
  }

  @Test
  void a_deleted_ledger_is_broken_when_the_anchor_remembers_entries() throws Exception {
    append(fiveEntries());
    assertThat(fleet("audit", "verify")).isZero();
    try (var files = Files.list(home)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("ledger.db")).toList()) {
        Files.delete(file);
      }
    }

    out.reset();
    assertThat(fleet("audit", "verify")).isEqualTo(4);
    assertThat(stdout()).contains("BROKEN at entry seq=5").contains("no entries at all");
  }

  // ---- show ----

  @Test
  void show_lists_one_runs_entries_in_the_order_they_happened() throws Exception {
    // given: the action's entry is written when it acts (seq 1), the run's own entries when the
    // run next waits (seq 2..4), and another run's entry lands in between
    append(List.of(entry(RUN, 9, "action", "refund", "alice", "{\"amount\":20}", T0 + 30)));
    append(List.of(entry("support-triage/T-2", 1, "run", null, null, "completed", T0 + 5)));
    append(
        List.of(
            entry(RUN, 1, "model", "classify", "offline/minilm", "{}", T0 + 10),
            entry(RUN, 2, "decision", "route", "rule:refund", "next=refund", T0 + 20),
            entry(RUN, 3, "run", null, null, "completed", T0 + 40)));

    assertThat(fleet("audit", "show", RUN, "--json")).isZero();

    JsonNode rows = JSON.readTree(stdout());
    List<String> kinds = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    rows.forEach(
        r -> {
          kinds.add(r.path("kind").asText());
          seqs.add(r.path("seq").asLong());
        });
    assertThat(kinds).containsExactly("model", "decision", "action", "run");
    assertThat(seqs).containsExactly(3L, 4L, 1L, 5L);
    assertThat(rows.get(0).fieldNames())
        .toIterable()
        .containsExactly(
            "seq",
            "at",
            "kind",
            "stepId",
            "actor",
            "detail",
            "entryKey",
            "workflowId",
            "recordId",
            "agent",
            "definitionHash",
            "prevHash",
            "hash");
    assertThat(rows.get(2).path("detail").asText()).isEqualTo("{\"amount\":20}");
    assertThat(rows.get(2).path("at").asText()).isEqualTo("2025-03-01T10:00:00.030Z");

    out.reset();
    assertThat(fleet("audit", "show", RUN)).isZero();
    List<String> lines = stdout().lines().toList();
    assertThat(lines.get(0)).contains("SEQ", "AT", "KIND", "STEP", "ACTOR", "DETAIL");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(2)).contains("2025-03-01T10:00:00.010Z", "model", "classify");
    assertThat(lines.get(4)).contains("action", "refund", "{\"amount\":20}");
  }

  @Test
  void show_of_a_run_without_entries_says_so() throws Exception {
    append(fiveEntries());

    assertThat(fleet("audit", "show", "support-triage/T-404")).isZero();
    assertThat(stdout())
        .startsWith("no audit entries for support-triage/T-404 in .fleet/ledger.db");

    out.reset();
    assertThat(fleet("audit", "show", "support-triage/T-404", "--json")).isZero();
    assertThat(JSON.readTree(stdout()).isEmpty()).isTrue();
  }

  @Test
  void audit_without_a_subcommand_or_run_is_a_usage_error() {
    assertThat(fleet("audit")).isEqualTo(2);
    assertThat(stderr()).contains("Usage: fleet audit").contains("verify").contains("show");

    err.reset();
    assertThat(fleet("audit", "show")).isEqualTo(2);
    assertThat(stderr()).contains("WORKFLOW_ID").contains("see ./fleet audit show --help");
  }

  // ---- helpers ----

  private int fleet(String... args) {
    // These tests are about the ledger and the anchor file; the anchors in Temporal are checked
    // against a real dev server in AuditTailCutIT.
    if (args.length >= 2 && args[0].equals("audit") && args[1].equals("verify")) {
      String[] offline = java.util.Arrays.copyOf(args, args.length + 1);
      offline[args.length] = "--offline";
      args = offline;
    }
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

  private static List<AuditEntry> fiveEntries() {
    return List.of(
        entry(RUN, 1, "model", "classify", "offline/minilm", "{\"category\":\"refund\"}", T0),
        entry(RUN, 2, "decision", "route", "rule:needs_billing", "next=approve", T0 + 1),
        entry(RUN, 3, "approval", "approve", "alice", "approved: receipt checked", T0 + 2),
        entry(RUN, 4, "action", "refund", "alice", "{\"amount\":80}", T0 + 3),
        entry(RUN, 5, "run", null, null, "completed", T0 + 4));
  }

  private static AuditEntry entry(
      String workflowId, int n, String kind, String stepId, String actor, String detail, long at) {
    return new AuditEntry(
        workflowId + "#" + n,
        workflowId,
        workflowId.substring(workflowId.indexOf('/') + 1),
        "support-triage",
        "def1",
        kind,
        stepId,
        actor,
        detail,
        at);
  }

  /** Appends through the activities' writer, in one transaction, as a worker does. */
  private void append(List<AuditEntry> entries) {
    try (Ledger ledger = new Ledger(Ledger.sqliteUrl(home))) {
      ledger.inTransaction(c -> AuditLog.append(c, entries));
    }
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = open();
        var s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  private String column(String query) throws SQLException {
    try (Connection c = open();
        var s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Recomputes a row's hash from its (possibly edited) fields and stored prev_hash. */
  private void rehash(long seq) throws SQLException {
    try (Connection c = open()) {
      String prev;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1")) {
        s.setLong(1, seq);
        try (ResultSet rs = s.executeQuery()) {
          prev = rs.next() ? rs.getString(1) : AuditHash.GENESIS;
        }
      }
      String[] fields = new String[10];
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT entry_key, workflow_id, record_id, agent, definition_hash, kind, step_id,"
                  + " actor, detail, at FROM audit_log WHERE seq = ?")) {
        s.setLong(1, seq);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          for (int i = 0; i < fields.length; i++) {
            fields[i] = rs.getString(i + 1);
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")) {
        s.setString(1, prev);
        s.setString(2, AuditHash.of(prev, fields));
        s.setLong(3, seq);
        s.executeUpdate();
      }
    }
  }
}
