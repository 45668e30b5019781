package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.starter.agents.CatalogDefinitions;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.ops.HistoryReplay;
import dev.agentfleet.workflows.codec.EncryptedDataConverter;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet replay WORKFLOW_ID | --file HISTORY.json}: replays a run's history against the
 * workflow code of this build, to prove a deploy will not break runs in flight. Exit 0 when it
 * replays cleanly, 1 with the first divergence otherwise.
 */
@Command(
    name = "replay",
    description =
        "Replay a run's history against the current workflow code; exit 1 with the first"
            + " divergence (non-determinism) when a deploy would break the run.")
final class ReplayCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "WORKFLOW_ID",
      description = "the run, e.g. agent/record")
  String workflowId;

  @Option(
      names = "--file",
      paramLabel = "HISTORY.json",
      description = "replay a saved history (temporal workflow show --output json) instead")
  Path file;

  @Option(names = "--run-id", paramLabel = "RUN_ID", description = "a run other than the latest")
  String runId;

  @Option(
      names = "--json",
      description =
          "print the verdict as JSON: replayed (the run or file), workflowType, events, clean,"
              + " divergence")
  boolean json;

  ReplayCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if ((workflowId == null) == (file == null)) {
      throw new FleetException("name a run (WORKFLOW_ID) or a saved history (--file), not both", 2);
    }
    TemporalConnection temporal = context.temporal();
    WorkflowExecutionHistory history =
        file != null ? read(file) : fetch(context.connectedTemporal());
    DataConverter converter =
        temporal
            .payloadKeyFile()
            .<DataConverter>map(key -> EncryptedDataConverter.of(key.load()))
            .orElse(DefaultDataConverter.STANDARD_INSTANCE);
    HistoryReplay.Result result =
        new HistoryReplay(
                converter,
                new CatalogDefinitions(
                    new AgentCatalog(context.paths().agents(), context.paths()::show)))
            .replay(history);
    String what = file != null ? file.toString() : workflowId;
    if (json) {
      Map<String, Object> verdict = new LinkedHashMap<>();
      verdict.put("replayed", what);
      verdict.put("workflowType", result.workflowType());
      verdict.put("events", result.events());
      verdict.put("clean", result.clean());
      verdict.put("divergence", result.clean() ? null : result.divergence());
      context.printJson(verdict);
      return result.clean() ? 0 : FleetException.ERROR;
    }
    if (result.clean()) {
      context
          .out()
          .println(
              what
                  + " ("
                  + result.workflowType()
                  + ") replays cleanly: "
                  + result.events()
                  + " events");
      return 0;
    }
    context.out().println(what + " (" + result.workflowType() + ") does not replay:");
    context.out().println("  " + result.divergence());
    return FleetException.ERROR;
  }

  private WorkflowExecutionHistory fetch(TemporalConnection temporal) {
    try {
      return runId == null
          ? temporal.client().fetchHistory(workflowId)
          : temporal.client().fetchHistory(workflowId, runId);
    } catch (RuntimeException e) {
      throw new FleetException(
          "cannot fetch the history of '"
              + workflowId
              + "': "
              + temporal.explain(e)
              + " — list runs with ./fleet runs");
    }
  }

  private static WorkflowExecutionHistory read(Path file) {
    try {
      return WorkflowExecutionHistory.fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new FleetException("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new FleetException(
          file + " is not a workflow history in Temporal's JSON form: " + e.getMessage());
    }
  }
}
