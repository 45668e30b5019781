package dev.agentfleet.activities.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

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
}
