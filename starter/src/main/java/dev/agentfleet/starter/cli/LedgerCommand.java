package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.LedgerEntry;
import dev.agentfleet.ledger.LedgerReader;
import dev.agentfleet.starter.ledger.CliLedger;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet ledger}: the actions the fleet took, read-only from the ledger the workers write
 * (the local SQLite file, or the PostgreSQL database {@code FLEET_LEDGER_URL} names).
 */
@Command(
    name = "ledger",
    description =
        "List the actions recorded in the ledger (.fleet/ledger.db, or the database"
            + " FLEET_LEDGER_URL names), oldest first.")
final class LedgerCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--workflow", paramLabel = "ID", description = "only the actions of this run")
  String workflowId;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "show the newest N actions, oldest first (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print the actions as JSON")
  boolean json;

  LedgerCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LedgerDatabase ledger = CliLedger.fromEnv(context.env(), context.paths());
    LedgerReader.Page page = new LedgerReader(ledger).read(workflowId, Math.max(1, limit));
    List<LedgerEntry> entries = page.entries();
    String cut =
        page.total() > entries.size()
            ? String.format(
                java.util.Locale.ROOT,
                "showing the newest %,d of %,d actions; --limit N to see more",
                entries.size(),
                page.total())
            : null;
    if (json) {
      context.printJson(entries);
      if (cut != null) {
        context.err().println(cut);
      }
      return 0;
    }
    if (entries.isEmpty()) {
      context
          .out()
          .println(
              "no actions in "
                  + ledger.describe()
                  + (workflowId == null ? "" : " for " + workflowId));
      return 0;
    }
    TextTable table =
        new TextTable("AT", "WORKFLOW ID", "ACTION", "AMOUNT", "APPROVED BY", "STATUS", "KEY");
    entries.forEach(
        e ->
            table.row(
                e.at(),
                e.workflowId(),
                e.action(),
                e.amount() == null
                    ? null
                    : e.amount() + (e.currency() == null ? "" : " " + e.currency()),
                e.approvedBy(),
                e.status(),
                e.idempotencyKey()));
    table.print(context.out());
    if (cut != null) {
      context.out().println(cut);
    }
    return 0;
  }
}
