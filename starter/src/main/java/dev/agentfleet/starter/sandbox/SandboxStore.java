package dev.agentfleet.starter.sandbox;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerTime;
import dev.agentfleet.ledger.LedgerWork;
import dev.agentfleet.starter.ledger.CliLedger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the sandboxes hold ({@code sandbox_posts}, {@code sandbox_bookings}, {@code
 * sandbox_crm_leads}) and the faults injected into the connectors ({@code sandbox_faults}), in the
 * tables the activities' migration {@code V5__sandboxes.sql} creates. A ledger no worker has
 * migrated yet holds nothing; changing faults in it is an error that says to start the fleet.
 */
public final class SandboxStore {

  private final LedgerDatabase database;

  public SandboxStore(LedgerDatabase database) {
    this.database = database;
  }

  public LedgerDatabase database() {
    return database;
  }

  /** Every fault, by connector and operation; {@code active} as of {@code now}. */
  public List<SandboxFaultRow> faults(Instant now) {
    return read(
        "sandbox_faults",
        "SELECT connector, operation, fail_rate, timeout_rate, latency_ms, until_ms, updated_at"
            + " FROM sandbox_faults ORDER BY connector, operation",
        rs -> {
          long until = rs.getLong(6);
          boolean forever = rs.wasNull();
          return new SandboxFaultRow(
              rs.getString(1) + "." + rs.getString(2),
              rs.getString(1),
              rs.getString(2),
              rs.getDouble(3),
              rs.getDouble(4),
              rs.getLong(5),
              forever ? null : Instant.ofEpochMilli(until).toString(),
              forever || until > now.toEpochMilli(),
              rs.getString(7));
        });
  }

  /** Sets the fault of one connector operation, replacing the one there. */
  public void setFault(
      String connector,
      String operation,
      double failRate,
      double timeoutRate,
      long latencyMs,
      Instant until,
      Instant now) {
    write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO sandbox_faults (connector, operation, fail_rate, timeout_rate,"
                      + " latency_ms, until_ms, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (connector, operation) DO UPDATE SET"
                      + " fail_rate = excluded.fail_rate, timeout_rate = excluded.timeout_rate,"
                      + " latency_ms = excluded.latency_ms, until_ms = excluded.until_ms,"
                      + " updated_at = excluded.updated_at")) {
            s.setString(1, connector);
            s.setString(2, operation);
            s.setDouble(3, failRate);
            s.setDouble(4, timeoutRate);
            s.setLong(5, latencyMs);
            if (until == null) {
              s.setNull(6, Types.BIGINT);
            } else {
              s.setLong(6, until.toEpochMilli());
            }
            s.setString(7, LedgerTime.format(now));
            return s.executeUpdate();
          }
        });
  }

  /** Removes the fault of one operation, or every fault when {@code connector} is null. */
  public int clear(String connector, String operation) {
    return write(
        c -> {
          String sql =
              "DELETE FROM sandbox_faults"
                  + (connector == null ? "" : " WHERE connector = ? AND operation = ?");
          try (PreparedStatement s = c.prepareStatement(sql)) {
            if (connector != null) {
              s.setString(1, connector);
              s.setString(2, operation);
            }
            return s.executeUpdate();
          }
        });
  }

  /** The posts, oldest first. */
  public List<SandboxPost> posts() {
    return read(
        "sandbox_posts",
        "SELECT post_id, channel, language, title, url, status, workflow_id, created_at,"
            + " unpublished_at FROM sandbox_posts ORDER BY created_at, post_id",
        texts(c -> new SandboxPost(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8])));
  }

  /** The bookings, by start time. */
  public List<SandboxBooking> bookings() {
    return read(
        "sandbox_bookings",
        "SELECT booking_id, lead_id, email, start_at, end_at, status, workflow_id, created_at,"
            + " cancelled_at FROM sandbox_bookings ORDER BY start_at, created_at, booking_id",
        texts(c -> new SandboxBooking(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8])));
  }

  /** The sandbox cards, by holder, with how many freezes and unfreezes changed each. */
  public List<SandboxCard> cards() {
    return read(
        "sandbox_cards",
        "SELECT c.card_id, c.holder, c.status, (SELECT COUNT(*) FROM sandbox_card_events e"
            + " WHERE e.holder = c.holder AND e.changed = 1), c.workflow_id, c.updated_at"
            + " FROM sandbox_cards c ORDER BY c.holder",
        rs ->
            new SandboxCard(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6)));
  }

  /** The CRM's leads, with how many updates runs applied to each. */
  public List<SandboxLead> leads() {
    return read(
        "sandbox_crm_leads",
        "SELECT l.lead_id, l.email, l.name, l.company, l.title, l.employees, l.country,"
            + " l.last_contact, l.status, (SELECT COUNT(*) FROM sandbox_crm_updates u"
            + " WHERE u.lead_id = l.lead_id), l.updated_at FROM sandbox_crm_leads l"
            + " ORDER BY l.lead_id",
        rs -> {
          long employees = rs.getLong(6);
          Long size = rs.wasNull() ? null : employees;
          return new SandboxLead(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              size,
              rs.getString(7),
              rs.getString(8),
              rs.getString(9),
              rs.getLong(10),
              rs.getString(11));
        });
  }

  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** A row whose columns are all text, read in the order the query selects them. */
  private static <T> Row<T> texts(Function<String[], T> make) {
    return rs -> {
      String[] columns = new String[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = rs.getString(i + 1);
      }
      return make.apply(columns);
    };
  }

  private <T> List<T> read(String table, String sql, Row<T> row) {
    return database.read(
        table,
        table,
        List::of,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql);
              ResultSet rs = s.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
              rows.add(row.read(rs));
            }
            return rows;
          }
        });
  }

  private int write(LedgerWork<Integer> work) {
    return database.change(
        "sandbox_faults",
        () -> {
          throw CliLedger.notCreatedYet(database, "sandbox_faults", "try again");
        },
        work);
  }
}
