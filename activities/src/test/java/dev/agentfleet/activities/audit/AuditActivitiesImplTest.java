package dev.agentfleet.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.ledger.audit.ChainReport;
import dev.agentfleet.workflows.audit.AuditEntry;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditActivitiesImplTest {

  @TempDir Path dir;
  private Ledger ledger;
  private AuditActivitiesImpl audit;

  @BeforeEach
  void open() {
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    audit = new AuditActivitiesImpl(ledger);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private static AuditEntry entry(String workflowId, int seq, String kind, String detail) {
    return new AuditEntry(
        workflowId + "#" + seq,
        workflowId,
        "rec-1",
        "support-triage",
        "def1",
        kind,
        "step-" + seq,
        "rule:high-confidence",
        detail,
        1_740_823_200_000L + seq);
  }

  @Test
  void appends_entries_in_order_chained_from_sixty_four_zeros() {
    audit.append(
        List.of(
            entry("wf-1", 1, "decision", "route to refund"),
            entry("wf-1", 2, "model", "{\"tokens\":120}"),
            entry("wf-2", 1, "run", "started")));

    assertThat(LedgerRows.value(ledger, "SELECT entry_key FROM audit_log WHERE seq = 2"))
        .isEqualTo("wf-1#2");
    assertThat(LedgerRows.value(ledger, "SELECT prev_hash FROM audit_log WHERE seq = 1"))
        .isEqualTo("0".repeat(64));
    assertThat(LedgerRows.value(ledger, "SELECT prev_hash FROM audit_log WHERE seq = 2"))
        .isEqualTo(LedgerRows.value(ledger, "SELECT hash FROM audit_log WHERE seq = 1"));
    assertThat(LedgerRows.value(ledger, "SELECT at FROM audit_log WHERE seq = 1"))
        .isEqualTo("2025-03-01T10:00:00.001Z");
    ChainReport verification = LedgerRows.chain(ledger);
    assertThat(verification.intact()).isTrue();
    assertThat(verification.entries()).isEqualTo(3);
  }

  @Test
  void a_retried_append_writes_each_entry_once() {
    List<AuditEntry> batch =
        List.of(entry("wf-1", 1, "decision", "a"), entry("wf-1", 2, "run", "b"));
    audit.append(batch.subList(0, 1));

    audit.append(batch);
    audit.append(batch);

    assertThat(LedgerRows.count(ledger, "audit_log")).isEqualTo(2);
    assertThat(LedgerRows.chain(ledger).intact()).isTrue();
  }

  @Test
  void an_edited_row_is_reported_by_its_seq() {
    audit.append(
        List.of(
            entry("wf-1", 1, "decision", "a"),
            entry("wf-1", 2, "approval", "approved by alice"),
            entry("wf-1", 3, "action", "refund")));

    LedgerRows.update(ledger, "UPDATE audit_log SET detail = 'approved by mallory' WHERE seq = 2");

    assertThat(LedgerRows.chain(ledger).firstBroken().seq()).isEqualTo(2);
  }

  @Test
  void a_deleted_row_is_reported_at_the_row_after_it() {
    audit.append(
        List.of(
            entry("wf-1", 1, "decision", "a"),
            entry("wf-1", 2, "approval", "b"),
            entry("wf-1", 3, "action", "c")));

    LedgerRows.update(ledger, "DELETE FROM audit_log WHERE seq = 2");

    assertThat(LedgerRows.chain(ledger).firstBroken().seq()).isEqualTo(3);
  }

  @Test
  void a_rehashed_edit_still_breaks_the_chain_at_the_next_row() {
    audit.append(List.of(entry("wf-1", 1, "decision", "a"), entry("wf-1", 2, "action", "b")));

    LedgerRows.update(
        ledger, "UPDATE audit_log SET detail = 'x', hash = ? WHERE seq = 1", "f".repeat(64));

    assertThat(LedgerRows.chain(ledger).firstBroken().seq()).isEqualTo(1);
  }

  @Test
  void an_empty_log_is_intact() {
    assertThat(LedgerRows.chain(ledger).intact()).isTrue();
    assertThat(LedgerRows.chain(ledger).entries()).isZero();
  }

  @Test
  void an_entry_without_a_key_fails_for_good_and_writes_nothing() {
    AuditEntry keyless =
        new AuditEntry(null, "wf-1", null, null, null, "decision", null, null, null, 0);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> audit.append(List.of(entry("wf-1", 1, "run", "a"), keyless)));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(AuditActivitiesImpl.INVALID_AUDIT_ENTRY);
    assertThat(LedgerRows.count(ledger, "audit_log")).isZero();
  }

  @Test
  void the_canonical_form_tells_null_from_text_and_field_boundaries_apart() {
    assertThat(AuditLog.hash(AuditLog.GENESIS, "ab", "c"))
        .isNotEqualTo(AuditLog.hash(AuditLog.GENESIS, "a", "bc"));
    assertThat(AuditLog.hash(AuditLog.GENESIS, (String) null))
        .isNotEqualTo(AuditLog.hash(AuditLog.GENESIS, "-"));
    assertThat(AuditLog.hash(AuditLog.GENESIS, "x")).hasSize(64).matches("[0-9a-f]+");
  }
}
