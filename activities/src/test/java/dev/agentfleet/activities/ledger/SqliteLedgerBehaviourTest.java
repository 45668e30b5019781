package dev.agentfleet.activities.ledger;

import dev.agentfleet.ledger.LedgerLocation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's promises on SQLite files, as the local fleet and every worker on one host run it.
 */
class SqliteLedgerBehaviourTest extends LedgerBehaviourTest {

  @TempDir Path dir;
  private final AtomicInteger databases = new AtomicInteger();

  @Override
  LedgerLocation newLocation() {
    return LedgerLocation.of(Ledger.sqliteUrl(dir.resolve("db-" + databases.incrementAndGet())));
  }
}
