package dev.agentfleet.activities.connector;

import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LocalPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandbox connectors on a real PostgreSQL server, as compose and clusters run them. */
class PostgresSandboxConnectorsTest extends SandboxConnectorsBehaviourTest {

  @RegisterExtension static final LocalPostgres postgres = new LocalPostgres();

  @Override
  LedgerLocation newLocation() {
    return new LedgerLocation(postgres.newDatabase(), postgres.user(), postgres.password());
  }
}
