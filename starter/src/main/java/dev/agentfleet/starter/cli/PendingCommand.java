package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.PendingApprovals;
import dev.agentfleet.starter.runs.PendingApprovals.PendingApproval;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleet pending}: the runs waiting for a human decision, the longest waiting first. */
@Command(name = "pending", description = "List runs waiting for approval, longest waiting first.")
final class PendingCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--json", description = "print the waiting approvals as JSON")
  boolean json;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "show at most N (default: ${DEFAULT-VALUE})")
  int limit;

  PendingCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TemporalConnection temporal = context.connectedTemporal();
    RunLister.Page<PendingApproval> page =
        new PendingApprovals(new RunLister(temporal), new RunQueries(temporal), Clock.systemUTC())
            .page(Math.max(1, limit));
    List<PendingApproval> pending = page.items();
    String cut =
        page.more()
            ? "showing "
                + RunCommand.count(pending.size(), "approval")
                + "; more wait: --limit N to see more"
            : null;
    if (json) {
      context.printJson(pending);
      if (cut != null) {
        context.err().println(cut);
      }
      return 0;
    }
    if (pending.isEmpty()) {
      context.out().println("nothing waits for approval");
      return 0;
    }
    TextTable table =
        new TextTable("WORKFLOW ID", "ROLE", "WAITING", "CONF", "SUMMARY", "DEADLINE");
    pending.forEach(
        p ->
            table.row(
                p.workflowId(),
                p.role(),
                waited(p.waitingSeconds()),
                p.confidence(),
                p.summary(),
                p.deadlineAt()));
    table.print(context.out());
    context.out().println();
    if (cut != null) {
      context.out().println(cut);
    }
    context
        .out()
        .println(
            "Decide: ./fleet approve WORKFLOW_ID --as NAME [--comment TEXT]   or   ./fleet reject"
                + " WORKFLOW_ID --as NAME");
    context
        .out()
        .println(
            "        approvers and their roles are in "
                + context.paths().show(context.paths().approvers())
                + "; details first: ./fleet status WORKFLOW_ID");
    return 0;
  }

  static String waited(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min";
    }
    return seconds / 3600 + " h";
  }
}
