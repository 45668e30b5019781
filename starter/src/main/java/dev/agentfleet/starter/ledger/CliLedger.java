package dev.agentfleet.starter.ledger;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import java.util.Map;

/**
 * The ledger the CLI reads: the one the workers write, named by the same variables and read with
 * the same {@link LedgerLocation}. With {@code FLEET_LEDGER_URL} unset it is the SQLite file {@code
 * $FLEET_HOME/ledger.db}; {@code jdbc:sqlite:/path/ledger.db} names another file (relative paths
 * are relative to the repository, where {@code ./fleet up} starts the worker); {@code
 * jdbc:postgresql://host:5432/fleet} names a PostgreSQL database, logged in to as {@code
 * FLEET_LEDGER_USER} with {@code FLEET_LEDGER_PASSWORD} unless the URL carries {@code user=} and
 * {@code password=} itself.
 */
public final class CliLedger {

  private CliLedger() {}

  /**
   * The ledger the environment names.
   *
   * @throws FleetException when the URL names a database the ledger does not run on, or one the CLI
   *     cannot reach (an in-memory SQLite ledger)
   */
  public static LedgerDatabase fromEnv(Map<String, String> env, FleetPaths paths) {
    LedgerLocation location = LedgerLocation.fromEnv(env, null);
    if (location.jdbcUrl() == null) {
      return LedgerDatabase.sqlite(paths.ledgerDb(), paths.show(paths.ledgerDb()));
    }
    try {
      return LedgerDatabase.at(location, paths.repo(), paths::show);
    } catch (IllegalArgumentException e) {
      throw new FleetException(e.getMessage());
    }
  }

  /**
   * The error for a change to a table the ledger does not have yet: the workers create the tables,
   * so the fleet must have started once.
   *
   * @param thenWhat what to do once it has, e.g. {@code try again}
   */
  public static FleetException notCreatedYet(LedgerDatabase ledger, String table, String thenWhat) {
    return new FleetException(
        "the ledger "
            + ledger.describe()
            + " has no "
            + table
            + " table yet: start the fleet (./fleet up) so a worker creates it, then "
            + thenWhat);
  }
}
