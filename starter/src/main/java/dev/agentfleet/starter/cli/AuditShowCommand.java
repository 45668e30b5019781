package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.audit.AuditRow;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleet audit show}: one run's audit entries, in the order they happened. */
@Command(
    name = "show",
    description =
        "Print a run's audit entries in order: decisions and the rules behind them, model calls,"
            + " approvals and approvers, actions, escalations.")
final class AuditShowCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(paramLabel = "WORKFLOW_ID", description = "the run, e.g. support-triage/T-1014")
  String workflowId;

  @Option(names = "--json", description = "print the entries as a JSON list")
  boolean json;

  AuditShowCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LedgerDatabase ledger = AuditCommand.ledger(context);
    List<AuditRow> rows = AuditCommand.reader(ledger).run(workflowId);
    if (json) {
      context.printJson(rows);
      return 0;
    }
    if (rows.isEmpty()) {
      context.out().println("no audit entries for " + workflowId + " in " + ledger.describe());
      return 0;
    }
    TextTable table = new TextTable("SEQ", "AT", "KIND", "STEP", "ACTOR", "DETAIL");
    rows.forEach(
        r -> {
          AuditEntry e = r.entry();
          table.row(r.seq(), r.at(), e.kind(), e.stepId(), e.actor(), e.detail());
        });
    table.print(context.out());
    return 0;
  }
}
