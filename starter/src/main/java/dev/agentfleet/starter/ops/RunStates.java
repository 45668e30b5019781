package dev.agentfleet.starter.ops;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.runs.RunLister;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.run.RunState;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The states of the newest runs in visibility, each asked with the {@code state} query, a few at a
 * time. A run that does not answer is counted, not fatal: the figures are over the runs that did.
 */
public final class RunStates {

  private static final int PARALLEL_QUERIES = 8;

  private final TemporalConnection temporal;

  public RunStates(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  /**
   * What was collected.
   *
   * @param states the answers, newest run first
   * @param unanswered runs listed whose state query failed (no worker, or the run is gone)
   */
  public record Collected(List<RunState> states, int unanswered) {}

  /** The states of at most {@code limit} runs of {@code agent} (any agent when null). */
  public Collected collect(String agent, int limit) {
    List<WorkflowExecutionMetadata> executions =
        new RunLister(temporal).executions(RunLister.query(agent, null), limit);
    RunQueries queries = new RunQueries(temporal);
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_QUERIES);
    try {
      List<Future<RunState>> answers = new ArrayList<>();
      for (WorkflowExecutionMetadata execution : executions) {
        String id = execution.getExecution().getWorkflowId();
        answers.add(pool.submit(() -> queries.state(id)));
      }
      List<RunState> states = new ArrayList<>();
      int unanswered = 0;
      for (Future<RunState> answer : answers) {
        try {
          states.add(answer.get());
        } catch (ExecutionException e) {
          unanswered++;
        }
      }
      if (!executions.isEmpty() && states.isEmpty()) {
        throw new FleetException(
            "none of the "
                + executions.size()
                + " runs answered the state query — is a worker running? (./fleet up)");
      }
      return new Collected(states, unanswered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while asking runs for their state");
    } finally {
      pool.shutdownNow();
    }
  }
}
