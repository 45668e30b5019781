package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.connector.ConnectorSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A connector whose effect is a row in one of the sandbox tables of the ledger database, written in
 * the ledger's transaction. Its operations and their parameters are its {@link ConnectorSpec} in
 * the connector catalog, so {@link #check} refuses any other operation or parameter before {@link
 * #checkParams} looks at the values; the statements below bind their values in order and read a row
 * back as the map a result is made of.
 */
abstract class SandboxConnector implements LocalConnector {

  private final ConnectorSpec spec;

  /** The time effects are stamped with. */
  final Clock clock;

  /**
   * Creates the connector.
   *
   * @param implemented the operations {@code perform} handles: exactly the spec's, or it fails
   */
  SandboxConnector(ConnectorSpec spec, Set<String> implemented, Clock clock) {
    spec.requireImplemented(implemented);
    this.spec = spec;
    this.clock = clock;
  }

  @Override
  public final String name() {
    return spec.name();
  }

  @Override
  public final void check(ActionRequest request) {
    ActionParams params = new ActionParams(request);
    params.requireOperation(spec);
    checkParams(request, params);
  }

  /** Checks the parameters of a request whose operation is one of the connector's. */
  abstract void checkParams(ActionRequest request, ActionParams params);

  /** A new row id: {@code prefix} and 16 hex digits. */
  static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /**
   * A statement with {@code values} bound in order: null, a {@link Long}, or anything else as its
   * text. The caller closes it.
   */
  static PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      for (int i = 0; i < values.length; i++) {
        switch (values[i]) {
          case null -> s.setNull(i + 1, Types.NULL);
          case Long n -> s.setLong(i + 1, n);
          default -> s.setString(i + 1, values[i].toString());
        }
      }
    } catch (SQLException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Runs an insert, update or delete with {@code values} bound in order; the rows it changed. */
  static int execute(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, values)) {
      return s.executeUpdate();
    }
  }

  /** True when the query, with {@code values} bound in order, finds a row. */
  static boolean exists(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, values);
        ResultSet rs = s.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * The first row the query finds for {@code value} (its one parameter), as {@code columns} puts it
   * in a map, or null when it finds none.
   */
  static Map<String, Object> findRow(Connection c, String sql, String value, Columns columns)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, value);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      columns.put(rs, row);
      return row;
    }
  }

  /** A timestamp column as ISO-8601, such as {@code 2025-03-04T10:00:00Z}; null when null. */
  static String instant(ResultSet rs, int column) throws SQLException {
    String stored = rs.getString(column);
    return stored == null ? null : Instant.parse(stored).toString();
  }

  /** Puts the columns of the current row in a result map. */
  @FunctionalInterface
  interface Columns {
    void put(ResultSet rs, Map<String, Object> row) throws SQLException;
  }
}
