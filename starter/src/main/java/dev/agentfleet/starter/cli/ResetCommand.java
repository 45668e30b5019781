package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.ops.ResetPoint;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.run.StepRecord;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet reset ID --to-step S}: runs a run again from step S with Temporal's reset, which
 * starts a new run of the same workflow id from the workflow task that started S. Effects already
 * done are not done twice: actions carry the idempotency key {@code workflowId/stepId}, and the
 * ledger answers a repeated key with the recorded result.
 */
@Command(
    name = "reset",
    description =
        "Run a run again from step S (Temporal reset to the workflow task that started S);"
            + " the ledger keeps effects from happening twice. Prints the new run id.")
final class ResetCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "the run, e.g. agent/record")
  String workflowId;

  @Option(
      names = "--to-step",
      required = true,
      paramLabel = "S",
      description = "the step to run again from")
  String step;

  @Option(names = "--reason", paramLabel = "T", description = "why, recorded in the history")
  String reason;

  @Option(names = "--json", description = "print the new run id and the reset point as JSON")
  boolean json;

  ResetCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TemporalConnection temporal = context.connectedTemporal();
    String runId = currentRunId(temporal);
    ResetPoint.Found point = resetPoint(temporal, runId);
    String why = reason == null ? "fleet reset --to-step " + step : reason;
    ResetWorkflowExecutionResponse response;
    try {
      response =
          temporal
              .stubs()
              .blockingStub()
              .resetWorkflowExecution(
                  ResetWorkflowExecutionRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setWorkflowExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(workflowId)
                              .setRunId(runId)
                              .build())
                      .setWorkflowTaskFinishEventId(point.workflowTaskCompletedEventId())
                      .setReason(why)
                      .setRequestId(UUID.randomUUID().toString())
                      .build());
    } catch (RuntimeException e) {
      throw new FleetException("cannot reset '" + workflowId + "': " + temporal.explain(e));
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("workflowId", workflowId);
      out.put("step", step);
      out.put("previousRunId", runId);
      out.put("runId", response.getRunId());
      out.put("resetEventId", point.workflowTaskCompletedEventId());
      context.printJson(out);
    } else {
      context
          .out()
          .println(
              workflowId
                  + " reset to step "
                  + step
                  + " (workflow task event "
                  + point.workflowTaskCompletedEventId()
                  + "); new run "
                  + response.getRunId());
    }
    return 0;
  }

  /**
   * Where step S started: from the history's events when one names S, else (a step without an event
   * of its own) from the order the run executed its steps in, which the run's state gives.
   */
  private ResetPoint.Found resetPoint(TemporalConnection temporal, String runId) {
    ResetPoint points = new ResetPoint(temporal.client().getOptions().getDataConverter());
    List<HistoryEvent> events;
    try {
      events = temporal.client().fetchHistory(workflowId, runId).getEvents();
    } catch (RuntimeException e) {
      throw new FleetException(
          "cannot read the history of '" + workflowId + "': " + temporal.explain(e));
    }
    try {
      return points.find(events, step);
    } catch (FleetException noEventOfItsOwn) {
      List<String> executed;
      try {
        executed =
            new RunQueries(temporal)
                .state(workflowId).steps().stream().map(StepRecord::stepId).toList();
      } catch (FleetException unanswered) {
        throw new FleetException(
            noEventOfItsOwn.getMessage()
                + ", and the run's own list of steps cannot be had: "
                + unanswered.getMessage());
      }
      return points.find(events, step, executed);
    }
  }

  private String currentRunId(TemporalConnection temporal) {
    try {
      return temporal
          .stubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build())
                  .build())
          .getWorkflowExecutionInfo()
          .getExecution()
          .getRunId();
    } catch (RuntimeException e) {
      throw new FleetException(
          "no run with id '"
              + workflowId
              + "' ("
              + temporal.explain(e)
              + ") — list runs with ./fleet runs");
    }
  }
}
