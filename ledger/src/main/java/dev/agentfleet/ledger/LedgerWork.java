package dev.agentfleet.ledger;

import java.sql.Connection;
import java.sql.SQLException;

/** Work against a connection to the ledger; the caller turns its SQL failures into messages. */
@FunctionalInterface
public interface LedgerWork<T> {
  T run(Connection connection) throws SQLException;
}
