package dev.agentfleet.activities.ledger;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.audit.AuditLogReader;
import dev.agentfleet.ledger.audit.ChainCheck;
import dev.agentfleet.ledger.audit.ChainReport;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/** Reads single values from a ledger in tests. */
public final class LedgerRows {

  private LedgerRows() {}

  public static long count(Ledger ledger, String table) {
    return Long.parseLong(value(ledger, "SELECT COUNT(*) FROM " + table));
  }

  /** The first column of the first row, as text, or null when there is no row. */
  public static String value(Ledger ledger, String sql, Object... args) {
    return ledger.read(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  public static int update(Ledger ledger, String sql, Object... args) {
    return ledger.inTransaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
          }
        });
  }

  /** The audit chain checked as {@code fleet audit verify} checks it (without an anchor). */
  public static ChainReport chain(Ledger ledger) {
    LedgerDatabase database = LedgerDatabase.at(ledger.location(), Path.of(""), Path::toString);
    return ChainCheck.verify(new AuditLogReader(database), List.of());
  }
}
