package dev.agentfleet.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.ledger.LedgerException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

  @TempDir Path dir;

  @Test
  void creates_missing_directories_and_opens_the_file_in_wal_mode() {
    Path home = dir.resolve("fleet/home");

    try (Ledger ledger = new Ledger(Ledger.sqliteUrl(home))) {
      assertThat(home.resolve("ledger.db")).exists();
      assertThat(LedgerRows.value(ledger, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(LedgerRows.value(ledger, "PRAGMA busy_timeout"))
          .isEqualTo(String.valueOf(Ledger.BUSY_TIMEOUT_MILLIS));
      // NORMAL is 1
      assertThat(LedgerRows.value(ledger, "PRAGMA synchronous")).isEqualTo("1");
      for (String table : new String[] {"ledger_actions", "sandbox_payments", "sandbox_mail"}) {
        assertThat(LedgerRows.count(ledger, table)).as(table).isZero();
      }
      assertThat(LedgerRows.count(ledger, "audit_log")).isZero();
    }
  }

  @Test
  void reopening_a_ledger_keeps_its_rows_and_does_not_migrate_twice() {
    String url = Ledger.sqliteUrl(dir);
    String migrations;
    try (Ledger first = new Ledger(url)) {
      insertMail(first, "msg-1");
      migrations = LedgerRows.value(first, "SELECT COUNT(*) FROM flyway_schema_history");
    }

    try (Ledger second = new Ledger(url)) {
      assertThat(LedgerRows.count(second, "sandbox_mail")).isEqualTo(1);
      assertThat(LedgerRows.value(second, "SELECT COUNT(*) FROM flyway_schema_history"))
          .isEqualTo(migrations);
    }
  }

  @Test
  void a_transaction_whose_work_fails_leaves_nothing_behind() {
    try (Ledger ledger = new Ledger(Ledger.sqliteUrl(dir))) {
      assertThatThrownBy(
              () ->
                  ledger.inTransaction(
                      c -> {
                        insertMail(c, "msg-1");
                        throw new IllegalStateException("crash after the insert");
                      }))
          .isInstanceOf(IllegalStateException.class);

      assertThat(LedgerRows.count(ledger, "sandbox_mail")).isZero();
      // the connection is usable again: the next transaction commits
      insertMail(ledger, "msg-2");
      assertThat(LedgerRows.count(ledger, "sandbox_mail")).isEqualTo(1);
    }
  }

  @Test
  void an_in_memory_ledger_is_one_database_for_its_lifetime() {
    try (Ledger ledger = new Ledger("jdbc:sqlite::memory:")) {
      insertMail(ledger, "msg-1");

      assertThat(LedgerRows.count(ledger, "sandbox_mail")).isEqualTo(1);
    }
  }

  @Test
  void sql_errors_name_the_ledger() {
    try (Ledger ledger = new Ledger(Ledger.sqliteUrl(dir))) {
      assertThatThrownBy(() -> LedgerRows.count(ledger, "no_such_table"))
          .isInstanceOf(LedgerException.class)
          .hasMessageContaining("ledger.db")
          .hasMessageContaining("no_such_table");
    }
  }

  @Test
  void rejects_a_url_that_is_not_jdbc() {
    assertThatThrownBy(() -> new Ledger(dir.resolve("ledger.db").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite:");
  }

  @Test
  void timestamps_are_fixed_width_utc_so_text_order_is_time_order() {
    assertThat(Ledger.timestamp(Instant.parse("2025-03-01T10:00:00Z")))
        .isEqualTo("2025-03-01T10:00:00.000Z");
    assertThat(Ledger.timestamp(Instant.parse("2025-03-01T10:00:00.5Z")))
        .isEqualTo("2025-03-01T10:00:00.500Z");
  }

  private static void insertMail(Ledger ledger, String id) {
    ledger.inTransaction(
        c -> {
          insertMail(c, id);
          return null;
        });
  }

  private static void insertMail(java.sql.Connection c, String id) throws java.sql.SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO sandbox_mail (message_id, idempotency_key, created_at) VALUES (?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, "key-" + id);
      s.setString(3, "2025-03-01T10:00:00.000Z");
      s.executeUpdate();
    }
  }
}
