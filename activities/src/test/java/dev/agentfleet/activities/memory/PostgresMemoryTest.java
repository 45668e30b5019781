package dev.agentfleet.activities.memory;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.ledger.LedgerLocation;
import dev.agentfleet.ledger.LocalPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The short-term memory in a PostgreSQL ledger (embeddings as bytea), as compose runs it. */
class PostgresMemoryTest extends MemoryBehaviourTest {

  @RegisterExtension static final LocalPostgres postgres = new LocalPostgres();

  @Override
  Ledger newLedger(Path dir) {
    return new Ledger(
        new LedgerLocation(postgres.newDatabase(), postgres.user(), postgres.password()));
  }
}
