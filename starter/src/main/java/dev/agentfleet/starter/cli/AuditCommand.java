package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.audit.AuditLogReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet audit}: the tamper-evident audit log in the local ledger, read-only. */
@Command(
    name = "audit",
    description =
        "Check and read the hash-chained audit log in the local ledger (.fleet/ledger.db).",
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

  /** The reader of the local ledger, which must exist. */
  static AuditLogReader reader(FleetContext context) {
    AuditLogReader reader = new AuditLogReader(context.paths().ledgerDb());
    if (!reader.exists()) {
      throw new FleetException(noLedger(context));
    }
    return reader;
  }

  static String noLedger(FleetContext context) {
    return "no ledger at "
        + context.paths().show(context.paths().ledgerDb())
        + ": nothing has been recorded yet (run ./fleet demo or ./fleet run first),"
        + " or FLEET_HOME points elsewhere";
  }
}
