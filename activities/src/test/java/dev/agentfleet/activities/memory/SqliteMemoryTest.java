package dev.agentfleet.activities.memory;

import dev.agentfleet.activities.ledger.Ledger;
import java.nio.file.Path;

/** The short-term memory in a SQLite ledger file, as a local fleet runs it. */
class SqliteMemoryTest extends MemoryBehaviourTest {

  @Override
  Ledger newLedger(Path dir) {
    return new Ledger(Ledger.sqliteUrl(dir));
  }
}
