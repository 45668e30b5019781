package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.audit.AuditLogReader;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.ledger.CliLedger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleet audit}: the tamper-evident audit log in the ledger the workers write (the local
 * SQLite file, or the PostgreSQL database {@code FLEET_LEDGER_URL} names), read-only.
 */
@Command(
    name = "audit",
    description =
        "Check and read the hash-chained audit log in the ledger (.fleet/ledger.db, or the"
            + " database FLEET_LEDGER_URL names).",
    subcommands = {AuditVerifyCommand.class, AuditShowCommand.class})
final class AuditCommand implements Callable<Integer> {

  private final FleetContext context;

  @Spec CommandSpec spec;

  AuditCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return FleetCommand.USAGE;
  }

  /** The ledger the environment names: the workers' PostgreSQL database or the local file. */
  static LedgerDatabase ledger(FleetContext context) {
    return CliLedger.fromEnv(context.env(), context.paths());
  }

  /** The reader of the ledger, which must exist. */
  static AuditLogReader reader(LedgerDatabase ledger) {
    AuditLogReader reader = new AuditLogReader(ledger);
    if (!reader.exists()) {
      throw new FleetException(noLedger(ledger));
    }
    return reader;
  }

  static String noLedger(LedgerDatabase ledger) {
    return "no ledger at "
        + ledger.describe()
        + ": nothing has been recorded yet (run ./fleet demo or ./fleet run first),"
        + " or FLEET_HOME points elsewhere";
  }
}
