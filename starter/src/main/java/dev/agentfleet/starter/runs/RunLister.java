package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists agent runs from Temporal visibility, by the search attributes every run keeps current. No
 * worker is needed: the listing reads the server's index, not the runs.
 */
public final class RunLister {

  /** The visibility query that selects agent runs. */
  public static final String AGENT_RUNS = "WorkflowType = 'AgentRun'";

  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:/-]+");

  private final TemporalConnection temporal;

  public RunLister(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  /** One line of {@code fleet runs}, exactly the fields of its JSON contract. */
  public record RunSummary(
      String workflowId,
      String recordId,
      String agent,
      String status,
      String step,
      String category,
      Double confidence) {}

  /** The query for runs of {@code agent} (any when null) in {@code status} (any when null). */
  public static String query(String agent, RunStatus status) {
    StringBuilder query = new StringBuilder(AGENT_RUNS);
    if (agent != null) {
      if (!SAFE_VALUE.matcher(agent).matches()) {
        throw new FleetException("'" + agent + "' is not an agent name", 2);
      }
      query.append(" AND FleetAgent = '").append(agent).append('\'');
    }
    if (status != null) {
      query.append(" AND FleetStatus = '").append(status.wireName()).append('\'');
    }
    return query.toString();
  }

  /**
   * Runs matching the query, newest first, at most {@code limit}: one per workflow id, its latest
   * execution. Visibility lists every execution, so a run that was reset or continued as new has
   * older executions too; they are the same run and are neither listed nor counted again.
   */
  public List<WorkflowExecutionMetadata> executions(String query, int limit) {
    try {
      return latestPerWorkflow(
          temporal.client().listExecutions(query), e -> e.getExecution().getWorkflowId(), limit);
    } catch (RuntimeException e) {
      throw new FleetException("cannot list runs: " + temporal.explain(e));
    }
  }

  /**
   * The first {@code limit} items of a newest-first stream, keeping only the first (newest) item of
   * each workflow id.
   */
  static <T> List<T> latestPerWorkflow(Stream<T> newestFirst, Function<T, String> id, int limit) {
    Set<String> seen = new HashSet<>();
    return newestFirst.filter(item -> seen.add(id.apply(item))).limit(limit).toList();
  }

  /** Runs as summaries, newest first, at most {@code limit}. */
  public List<RunSummary> list(String agent, RunStatus status, int limit) {
    return page(agent, status, limit).items();
  }

  /**
   * Up to {@code limit} items and whether more exist beyond them, so a listing can say it was cut.
   */
  public record Page<T>(List<T> items, boolean more) {}

  /** Runs as summaries, newest first: at most {@code limit}, and whether more match. */
  public Page<RunSummary> page(String agent, RunStatus status, int limit) {
    List<RunSummary> runs = new ArrayList<>();
    for (WorkflowExecutionMetadata execution : executions(query(agent, status), limit + 1)) {
      runs.add(summary(execution));
    }
    boolean more = runs.size() > limit;
    return new Page<>(more ? List.copyOf(runs.subList(0, limit)) : runs, more);
  }

  static RunSummary summary(WorkflowExecutionMetadata execution) {
    SearchAttributes attributes = execution.getTypedSearchAttributes();
    return new RunSummary(
        execution.getExecution().getWorkflowId(),
        attributes.get(FleetSearchAttributes.RECORD_ID),
        attributes.get(FleetSearchAttributes.AGENT),
        status(attributes.get(FleetSearchAttributes.STATUS), execution.getStatus()),
        attributes.get(FleetSearchAttributes.STEP),
        attributes.get(FleetSearchAttributes.CATEGORY),
        attributes.get(FleetSearchAttributes.CONFIDENCE));
  }

  /**
   * The fleet status, unless Temporal ended the execution in a way the workflow could not record
   * (terminated, timed out, cancelled, failed): then that, so a stuck "running" is never shown for
   * a run that is gone.
   */
  static String status(String fleetStatus, WorkflowExecutionStatus execution) {
    boolean fleetTerminal = isTerminal(fleetStatus);
    return switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING,
          WORKFLOW_EXECUTION_STATUS_COMPLETED,
          WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
          WORKFLOW_EXECUTION_STATUS_UNSPECIFIED,
          UNRECOGNIZED ->
          fleetStatus == null ? "unknown" : fleetStatus;
      default ->
          fleetTerminal
              ? fleetStatus
              : execution
                  .name()
                  .substring("WORKFLOW_EXECUTION_STATUS_".length())
                  .toLowerCase(Locale.ROOT)
                  .replace('_', '-');
    };
  }

  private static boolean isTerminal(String fleetStatus) {
    if (fleetStatus == null) {
      return false;
    }
    try {
      return RunStatus.parse(fleetStatus).terminal();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
