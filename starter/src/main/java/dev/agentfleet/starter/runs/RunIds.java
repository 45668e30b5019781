package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds the run a person means. A record id that cannot be a workflow id as it is (spaces, accents,
 * slashes, over 80 characters) becomes one with {@link WorkflowIds#forRecord}, so people also name
 * runs by the record id they know: {@code status}, {@code approve} and {@code reject} accept the
 * workflow id, {@code AGENT/RECORD_ID} with the record id as written, or the bare record id, which
 * is looked up by the {@code FleetRecordId} search attribute and must match exactly one run.
 */
public final class RunIds {

  private static final int MAX_MATCHES = 20;

  private final Predicate<String> exists;
  private final Function<String, List<String>> search;
  private final String namespace;

  /**
   * @param exists whether a run with this workflow id exists
   * @param search the workflow ids a visibility query matches
   */
  public RunIds(Predicate<String> exists, Function<String, List<String>> search, String namespace) {
    this.exists = exists;
    this.search = search;
    this.namespace = namespace;
  }

  /** Against a Temporal namespace: describe for existence, visibility for record ids. */
  public static RunIds of(TemporalConnection temporal) {
    RunLister lister = new RunLister(temporal);
    return new RunIds(
        id -> exists(temporal, id),
        query ->
            lister.executions(query, MAX_MATCHES).stream()
                .map(e -> e.getExecution().getWorkflowId())
                .toList(),
        temporal.namespace());
  }

  /**
   * The workflow id of the run {@code given} names.
   *
   * @throws FleetException when it names no run, or several (saying which)
   */
  public String resolve(String given) {
    if (given == null || given.isBlank()) {
      throw new FleetException("name a run: its workflow id or its record id", 2);
    }
    if (exists.test(given)) {
      return given;
    }
    int slash = given.indexOf('/');
    String agent = slash > 0 ? given.substring(0, slash) : null;
    String rest = slash > 0 ? given.substring(slash + 1) : null;
    if (agent != null && !rest.isEmpty()) {
      String derived = WorkflowIds.forRecord(agent, rest);
      if (!derived.equals(given) && exists.test(derived)) {
        return derived;
      }
    }
    Set<String> matches = new LinkedHashSet<>(search.apply(byRecord(given)));
    if (agent != null && !rest.isEmpty()) {
      matches.addAll(
          search.apply(
              byRecord(rest)
                  + " AND "
                  + FleetSearchAttributes.AGENT.getName()
                  + " = "
                  + literal(agent)));
    }
    if (matches.size() == 1) {
      return matches.iterator().next();
    }
    if (matches.isEmpty()) {
      throw new FleetException(
          "no run with workflow id or record id '"
              + given
              + "' in namespace "
              + namespace
              + " — list runs with ./fleet runs");
    }
    throw new FleetException(
        "record id '"
            + given
            + "' names "
            + matches.size()
            + " runs: "
            + String.join(", ", matches)
            + " — name one by its workflow id");
  }

  private static String byRecord(String recordId) {
    return RunLister.AGENT_RUNS
        + " AND "
        + FleetSearchAttributes.RECORD_ID.getName()
        + " = "
        + literal(recordId);
  }

  /** A visibility query string literal: quotes and backslashes escaped. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static boolean exists(TemporalConnection temporal, String workflowId) {
    try {
      temporal.client().newUntypedWorkflowStub(workflowId).describe();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StatusRuntimeException status
            && (status.getStatus().getCode() == Status.Code.NOT_FOUND
                || status.getStatus().getCode() == Status.Code.INVALID_ARGUMENT)) {
          return false;
        }
        if (cause.getCause() == cause) {
          break;
        }
      }
      throw new FleetException("cannot look up run '" + workflowId + "': " + temporal.explain(e));
    }
  }
}
