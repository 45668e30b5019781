package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.starter.approvers.Approvers;
import dev.agentfleet.starter.approvers.ApproversException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.FleetWhereabouts;
import dev.agentfleet.starter.local.LocalFleet;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.starter.runs.RunWatcher;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet demo}: brings the fleet up, runs the support-triage agent over the example tickets,
 * follows the runs live and ends with what happened and what waits for whom.
 */
@Command(
    name = "demo",
    description = {
      "Start the fleet and run support-triage over the example tickets, live.",
      "Ends with the runs by status and category and who must approve what."
    })
final class DemoCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(
      names = "--agent",
      paramLabel = "AGENT",
      defaultValue = "support-triage",
      description = "the agent to run (default: ${DEFAULT-VALUE})")
  String agent;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      defaultValue = "examples/tickets.jsonl",
      description = "the records, relative to the repository (default: ${DEFAULT-VALUE})")
  String input;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description = "how long to follow the runs at most (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  DemoCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintStream out = context.out();
    TemporalConnection temporal = context.temporal();
    new LocalFleet(context.paths(), temporal, context.env(), out).up();

    out.println();
    String inputPath = context.paths().repo().resolve(input).toString();
    Batch batch = Batch.launch(context, agent, inputPath);
    String name = batch.playbook().definition().name();
    out.println(
        name
            + " over "
            + input
            + ": "
            + RunCommand.count(batch.started().size(), "run")
            + " started, "
            + RunCommand.count(batch.duplicates().size(), "duplicate")
            + " (already run before), "
            + RunCommand.count(batch.rejected().size(), "line")
            + " rejected");
    batch.rejected().forEach(r -> out.println("  rejected line " + r.line() + ": " + r.error()));
    out.println();

    List<String> ids = batch.allWorkflowIds();
    ProgressLine progress = new ProgressLine(out, context.interactive());
    RunWatcher.Progress[] last = new RunWatcher.Progress[1];
    Map<String, RunState> states =
        new RunWatcher(new RunQueries(temporal))
            .awaitSettled(
                ids,
                Duration.ofSeconds(timeoutSeconds),
                p -> {
                  last[0] = p;
                  progress.accept(p);
                });
    progress.finish();

    summarise(states, name, temporal);
    if (last[0] != null && !last[0].settled()) {
      context
          .err()
          .println(
              last[0].running()
                  + " runs still running after "
                  + timeoutSeconds
                  + " s"
                  + (last[0].lastProblem() == null ? "" : " (" + last[0].lastProblem() + ")")
                  + " — look at "
                  + context.paths().show(context.paths().workerLog())
                  + " and ./fleet runs --status running");
      return 1;
    }
    return 0;
  }

  private void summarise(Map<String, RunState> states, String agentName, TemporalConnection t) {
    PrintStream out = context.out();
    Map<String, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byCategory = new TreeMap<>();
    Map<String, Integer> byRole = new TreeMap<>();
    String exampleWaiting = null;
    String exampleRole = null;
    for (RunState state : states.values()) {
      String status = state.status() == null ? "unknown" : state.status().wireName();
      byStatus.merge(status, 1, Integer::sum);
      byCategory.merge(state.category() == null ? "(none)" : state.category(), 1, Integer::sum);
      if (state.status() == RunStatus.WAITING_APPROVAL && state.pendingApproval() != null) {
        byRole.merge(state.pendingApproval().role(), 1, Integer::sum);
        if (exampleWaiting == null) {
          exampleWaiting = state.workflowId();
          exampleRole = state.pendingApproval().role();
        }
      }
    }
    out.println();
    out.println("By status");
    TextTable statuses = new TextTable("STATUS", "RUNS");
    byStatus.forEach(statuses::row);
    statuses.print(out);

    out.println();
    out.println("By category");
    TextTable categories = new TextTable("CATEGORY", "RUNS");
    byCategory.forEach(categories::row);
    categories.print(out);

    if (!byRole.isEmpty()) {
      out.println();
      out.println("Waiting for a human");
      Optional<Approvers> approvers = approvers();
      TextTable roles = new TextTable("ROLE", "RUNS", "WHO MAY DECIDE");
      byRole.forEach((role, count) -> roles.row(role, count, holders(approvers, role)));
      roles.print(out);
      out.println();
      List<String> candidates = holderNames(approvers, exampleRole);
      String approver =
          !candidates.isEmpty()
              ? candidates.get(0)
              : approvers.flatMap(a -> a.names().stream().findFirst()).orElse("alice");
      out.println("Approve:  ./fleet pending");
      out.println(
          "          ./fleet approve "
              + (exampleWaiting == null ? "WORKFLOW_ID" : exampleWaiting)
              + " --as "
              + approver
              + "   (or ./fleet reject …)");
    }
    out.println();
    out.println("Inspect:  ./fleet runs --agent " + agentName + "   ·   ./fleet ledger");
    FleetWhereabouts.webUi(context.paths(), t, context.env())
        .ifPresent(
            ui ->
                out.println(
                    "Web UI:   "
                        + ui
                        + "/namespaces/"
                        + encode(t.namespace())
                        + "/workflows?query="
                        + encode("FleetAgent=\"" + agentName + "\"")));
  }

  private Optional<Approvers> approvers() {
    try {
      return Optional.of(
          Approvers.load(
              context.paths().approvers(), context.paths().show(context.paths().approvers())));
    } catch (ApproversException e) {
      return Optional.empty();
    }
  }

  private static String holders(Optional<Approvers> approvers, String role) {
    if (approvers.isEmpty()) {
      return "(no approvers file)";
    }
    List<String> names = holderNames(approvers, role);
    return names.isEmpty()
        ? "nobody yet — add one to the approvers file"
        : String.join(", ", names);
  }

  private static List<String> holderNames(Optional<Approvers> approvers, String role) {
    if (approvers.isEmpty() || role == null) {
      return List.of();
    }
    return approvers.get().names().stream()
        .filter(
            n ->
                approvers
                    .get()
                    .find(n)
                    .map(Approver::roles)
                    .map(r -> r.contains(role))
                    .orElse(false))
        .toList();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
