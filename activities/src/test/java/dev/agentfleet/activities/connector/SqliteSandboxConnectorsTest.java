package dev.agentfleet.activities.connector;

import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.ledger.LedgerLocation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox connectors on SQLite files, as the local fleet runs them. */
class SqliteSandboxConnectorsTest extends SandboxConnectorsBehaviourTest {

  @TempDir Path dir;
  private final AtomicInteger databases = new AtomicInteger();

  @Override
  LedgerLocation newLocation() {
    return LedgerLocation.of(Ledger.sqliteUrl(dir.resolve("db-" + databases.incrementAndGet())));
  }
}
