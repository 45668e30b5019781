package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.action.ActionRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A connector whose effect is a row in the ledger's database, written in the caller's transaction.
 */
public non-sealed interface LocalConnector extends Connector {

  /**
   * Writes the effect unless one with the request's key exists, and returns the effect that is
   * there either way.
   *
   * @param transaction the ledger transaction that also completes the action's ledger row
   */
  Map<String, Object> perform(ActionRequest request, Connection transaction) throws SQLException;
}
