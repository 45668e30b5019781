package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunLister.RunSummary;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleet runs}: agent runs from Temporal visibility, newest first. */
@Command(
    name = "runs",
    description = "List agent runs, newest first, from Temporal visibility (no worker needed).")
final class RunsCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--agent", paramLabel = "AGENT", description = "only runs of this agent")
  String agent;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "only runs in this status: running, waiting-approval, completed, rejected, closed, failed")
  String status;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "list at most N runs (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print the runs as JSON")
  boolean json;

  RunsCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RunStatus wanted = parseStatus(status);
    int shown = Math.max(1, limit);
    RunLister.Page<RunSummary> page =
        new RunLister(context.connectedTemporal()).page(agent, wanted, shown);
    List<RunSummary> runs = page.items();
    String cut =
        page.more()
            ? "showing the newest "
                + RunCommand.count(runs.size(), "run")
                + "; more match: --limit N to see more"
            : null;
    if (json) {
      context.printJson(runs);
      if (cut != null) {
        context.err().println(cut);
      }
      return 0;
    }
    if (runs.isEmpty()) {
      context.out().println("no runs" + (agent != null || status != null ? " match" : " yet"));
      return 0;
    }
    TextTable table =
        new TextTable("WORKFLOW ID", "RECORD", "AGENT", "STATUS", "STEP", "CATEGORY", "CONF");
    runs.forEach(
        r ->
            table.row(
                r.workflowId(),
                r.recordId(),
                r.agent(),
                r.status(),
                r.step(),
                r.category(),
                r.confidence()));
    table.print(context.out());
    context.out().println();
    context
        .out()
        .println(
            (cut != null ? cut : RunCommand.count(runs.size(), "run"))
                + "; details: ./fleet status WORKFLOW_ID");
    return 0;
  }

  static RunStatus parseStatus(String status) {
    if (status == null) {
      return null;
    }
    try {
      return RunStatus.parse(status);
    } catch (IllegalArgumentException e) {
      throw new FleetException(
          "unknown status '"
              + status
              + "' — use one of "
              + String.join(
                  ", ", Arrays.stream(RunStatus.values()).map(RunStatus::wireName).toList()),
          2);
    }
  }
}
