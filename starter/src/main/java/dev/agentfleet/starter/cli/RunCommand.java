package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.starter.runs.RunLauncher.Launched;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.starter.runs.RunWatcher;
import dev.agentfleet.workflows.run.RunState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fleet run AGENT --input FILE}: one durable run per valid input record. */
@Command(
    name = "run",
    description = {
      "Start one run of AGENT per valid record of a JSON Lines file.",
      "Bad lines are rejected with their line number (exit code 3); the valid ones still start.",
      "A record whose run already exists is reported as a duplicate, not started twice."
    })
final class RunCommand implements Callable<Integer> {

  static final int MAX_ROWS = 50;

  private final FleetContext context;

  @Parameters(index = "0", paramLabel = "AGENT", description = "the agent: agents/AGENT.yaml")
  String agent;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "JSON Lines input, one record per line; - reads stdin")
  String input;

  @Option(
      names = "--wait",
      description =
          "wait until every run ended or is parked: waiting for a person, a timer or an event,"
              + " or dead-lettered (the status column says which)")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "how long --wait waits at most (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--json", description = "print the result as JSON")
  boolean json;

  RunCommand(FleetContext context) {
    this.context = context;
  }

  /** A started run; {@code status} only with {@code --wait}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StartedRun(String recordId, String workflowId, String status) {}

  /** The {@code fleet run --json} contract. */
  record Report(List<StartedRun> started, List<Launched> duplicates, List<Rejection> rejected) {}

  @Override
  public Integer call() {
    Batch batch = Batch.launch(context, agent, input);
    Map<String, RunState> states = Map.of();
    int stillRunning = 0;
    if (await && !batch.started().isEmpty()) {
      List<String> ids = batch.started().stream().map(Launched::workflowId).toList();
      ProgressLine progress = new ProgressLine(context.err(), context.interactive());
      RunWatcher watcher = new RunWatcher(new RunQueries(context.temporal()));
      RunWatcher.Progress[] last = new RunWatcher.Progress[1];
      states =
          watcher.awaitSettled(
              ids,
              Duration.ofSeconds(timeoutSeconds),
              p -> {
                last[0] = p;
                if (!json) {
                  progress.accept(p);
                }
              });
      progress.finish();
      stillRunning = last[0] == null ? 0 : last[0].running();
    }
    List<StartedRun> started = new ArrayList<>();
    for (Launched run : batch.started()) {
      RunState state = states.get(run.workflowId());
      String status =
          !await
              ? null
              : state == null || state.status() == null ? "unknown" : state.status().wireName();
      started.add(new StartedRun(run.recordId(), run.workflowId(), status));
    }
    if (json) {
      context.printJson(new Report(started, batch.duplicates(), batch.rejected()));
    } else {
      printText(batch, started);
      if (await && !started.isEmpty()) {
        context.out().println("Settled: " + byStatus(started));
      }
    }
    if (!batch.rejected().isEmpty()) {
      return 3;
    }
    if (stillRunning > 0) {
      context
          .err()
          .println(
              stillRunning
                  + (stillRunning == 1 ? " run still running after " : " runs still running after ")
                  + timeoutSeconds
                  + " s — follow them with ./fleet runs --status running");
      return 1;
    }
    return 0;
  }

  /** "2 completed, 1 waiting-approval, 1 dead-lettered": how many runs are in each status. */
  static String byStatus(List<StartedRun> runs) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    runs.forEach(r -> counts.merge(r.status() == null ? "unknown" : r.status(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach(
        (status, n) -> parts.add(String.format(java.util.Locale.ROOT, "%,d %s", n, status)));
    return String.join(", ", parts);
  }

  private void printText(Batch batch, List<StartedRun> started) {
    var out = context.out();
    String name = batch.playbook().definition().name();
    out.println(
        name
            + ": "
            + count(started.size(), "run")
            + " started, "
            + count(batch.duplicates().size(), "duplicate")
            + ", "
            + count(batch.rejected().size(), "line")
            + " rejected");
    if (!started.isEmpty()) {
      out.println();
      TextTable table =
          await
              ? new TextTable("RECORD", "WORKFLOW ID", "STATUS")
              : new TextTable("RECORD", "WORKFLOW ID");
      started.stream()
          .limit(MAX_ROWS)
          .forEach(
              run -> {
                if (await) {
                  table.row(run.recordId(), run.workflowId(), run.status());
                } else {
                  table.row(run.recordId(), run.workflowId());
                }
              });
      table.print(out);
      if (started.size() > MAX_ROWS) {
        out.println("  … and " + (started.size() - MAX_ROWS) + " more (--json lists all)");
      }
      printRenamed(out, name, started);
    }
    if (!batch.duplicates().isEmpty()) {
      out.println();
      out.println("Duplicates (not started again; one record id is one run):");
      TextTable table = new TextTable("RECORD", "WORKFLOW ID", "WHY");
      batch.input().duplicates().stream()
          .limit(MAX_ROWS)
          .forEach(
              d ->
                  table.row(
                      d.recordId(),
                      batch.workflowId(d.recordId()),
                      "line " + d.line() + " repeats the id of line " + d.firstLine()));
      batch.existing().stream()
          .limit(MAX_ROWS)
          .forEach(d -> table.row(d.recordId(), d.workflowId(), "its run was started before"));
      table.print(out);
    }
    if (!batch.rejected().isEmpty()) {
      out.println();
      out.println("Rejected lines (fix them and run again; valid lines already started):");
      batch.rejected().stream()
          .limit(MAX_ROWS)
          .forEach(r -> out.println("  line " + r.line() + ": " + r.error()));
      if (batch.rejected().size() > MAX_ROWS) {
        out.println("  … and " + (batch.rejected().size() - MAX_ROWS) + " more (--json lists all)");
      }
    }
    out.println();
    out.println(
        "Next: ./fleet runs --agent "
            + name
            + "   ·   ./fleet status WORKFLOW_ID   ·   ./fleet pending");
  }

  /**
   * Says which record ids could not be workflow ids as they are, and what they became; {@code
   * status}, {@code approve} and {@code reject} accept either.
   */
  static void printRenamed(PrintStream out, String agent, List<StartedRun> started) {
    List<StartedRun> renamed =
        started.stream()
            .filter(run -> !run.workflowId().equals(agent + "/" + run.recordId()))
            .toList();
    if (renamed.isEmpty()) {
      return;
    }
    out.println();
    out.println(
        "Record ids that cannot be workflow ids as they are (status, approve and reject accept"
            + " either):");
    renamed.stream()
        .limit(MAX_ROWS)
        .forEach(
            run ->
                out.println(
                    "  record "
                        + StatusPicture.safe(run.recordId())
                        + "  ->  run "
                        + run.workflowId()));
    if (renamed.size() > MAX_ROWS) {
      out.println("  … and " + (renamed.size() - MAX_ROWS) + " more (--json lists all)");
    }
  }

  static String count(int n, String noun) {
    return dev.agentfleet.starter.Counts.of(n, noun);
  }
}
