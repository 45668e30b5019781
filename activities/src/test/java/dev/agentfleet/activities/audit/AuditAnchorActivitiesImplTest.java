package dev.agentfleet.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.audit.AuditHash;
import dev.agentfleet.workflows.audit.AuditHead;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head the anchor workflow records, read from a real SQLite ledger. */
class AuditAnchorActivitiesImplTest {

  @TempDir Path dir;
  private Ledger ledger;
  private AuditAnchorActivitiesImpl anchor;

  @BeforeEach
  void open() {
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    anchor =
        new AuditAnchorActivitiesImpl(
            ledger, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void empty_log_has_the_genesis_head() {
    AuditHead head = anchor.head(null);

    assertThat(head.entries()).isZero();
    assertThat(head.lastSeq()).isZero();
    assertThat(head.lastHash()).isEqualTo(AuditHash.GENESIS);
    assertThat(head.problem()).isNull();
  }

  @Test
  void head_is_the_last_entry_and_a_longer_chain_advances_from_it() {
    append(1, 3);
    AuditHead first = anchor.head(null);
    append(4, 5);

    AuditHead second = anchor.head(first);

    assertThat(first.lastSeq()).isEqualTo(3);
    assertThat(second.entries()).isEqualTo(5);
    assertThat(second.lastSeq()).isEqualTo(5);
    assertThat(second.problem()).isNull();
    assertThat(second.advancesFrom(first)).isTrue();
    assertThat(second.at()).isEqualTo("2026-01-01T00:00:00.000Z");
  }

  @Test
  void deleted_tail_is_a_problem_naming_the_missing_range_and_never_advances() throws Exception {
    append(1, 6);
    AuditHead anchored = anchor.head(null);
    sql("DELETE FROM audit_log WHERE seq > 4");

    AuditHead after = anchor.head(anchored);

    assertThat(after.lastSeq()).isEqualTo(4);
    assertThat(after.problem())
        .contains("entry seq=6")
        .contains("is gone and the log ends at seq=4")
        .contains("entries after seq=4 up to seq=6 were deleted");
    assertThat(after.advancesFrom(anchored)).isFalse();
  }

  @Test
  void rewritten_anchored_entry_is_a_problem() throws Exception {
    append(1, 3);
    AuditHead anchored = anchor.head(null);
    sql("UPDATE audit_log SET hash = '" + "f".repeat(64) + "' WHERE seq = 3");

    assertThat(anchor.head(anchored).problem())
        .contains("entry seq=3")
        .contains("now has hash " + "f".repeat(64))
        .contains("rewritten");
  }

  private void append(int from, int to) {
    List<AuditEntry> entries =
        IntStream.rangeClosed(from, to)
            .mapToObj(
                i ->
                    new AuditEntry(
                        "wf-1#" + i,
                        "wf-1",
                        "rec-1",
                        "support-triage",
                        "def1",
                        "decision",
                        "step-" + i,
                        "rule:r",
                        "d",
                        1_740_823_200_000L + i))
            .toList();
    new AuditActivitiesImpl(ledger).append(entries);
  }

  private void sql(String statement) {
    ledger.inTransaction(
        c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate(statement);
          }
        });
  }
}
