package dev.agentfleet.activities.ledger;

import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LocalPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger's promises on a real PostgreSQL server, as compose and clusters run it: each test gets
 * a new database and logs in with a user and password given apart from the URL.
 */
class PostgresLedgerBehaviourTest extends LedgerBehaviourTest {

  @RegisterExtension static final LocalPostgres postgres = new LocalPostgres();

  @Override
  LedgerLocation newLocation() {
    return new LedgerLocation(postgres.newDatabase(), postgres.user(), postgres.password());
  }
}
