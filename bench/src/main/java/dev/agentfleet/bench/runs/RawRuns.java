package dev.agentfleet.bench.runs;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.raw.RawChainWorkflow;
import dev.agentfleet.bench.raw.RawWorkerMain;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts and follows the raw chain's runs ({@link RawChainWorkflow}) with the plain SDK client: one
 * workflow per note on the raw worker's task queue, ids {@code raw-chain/<prefix>-00001}, the same
 * notes the fleet's runs get.
 */
public final class RawRuns {

  /** Visibility's query for every raw run. */
  public static final String ALL = "WorkflowType = '" + RawChainWorkflow.TYPE + "'";

  /** Visibility's query for the raw runs that ended. */
  public static final String CLOSED = ALL + " AND ExecutionStatus != 'Running'";

  private final WorkflowClient client;
  private final String benchmark;
  private final int steps;

  public RawRuns(WorkflowClient client, String benchmark, int steps) {
    this.client = client;
    this.benchmark = benchmark;
    this.steps = steps;
  }

  /** The workflow id of run {@code i} of {@code prefix}. */
  public static String workflowId(String prefix, int i) {
    return "raw-chain/" + BenchRecords.id(prefix, i);
  }

  /** Starts run {@code i} of {@code prefix} and returns its id. */
  public String start(String prefix, int i) {
    String id = workflowId(prefix, i);
    RawChainWorkflow run =
        client.newWorkflowStub(
            RawChainWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(RawWorkerMain.TASK_QUEUE)
                .setWorkflowId(id)
                .build());
    WorkflowClient.start(run::run, BenchRecords.note(i), steps);
    return id;
  }

  /** Starts runs 1..count of {@code prefix} from {@code threads} threads at once. */
  public void startAll(String prefix, int count, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t + 1;
        parts.add(
            pool.submit(
                () -> {
                  for (int i = first; i <= count; i += threads) {
                    start(prefix, i);
                  }
                }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (ExecutionException e) {
      throw new BenchFailure(benchmark + ": cannot start a raw run: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(benchmark + ": interrupted while starting raw runs");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for a run's result; fails when it did not complete all its steps in {@code timeout}. */
  public void awaitCompleted(String workflowId, Duration timeout) {
    int done;
    try {
      done =
          client
              .newUntypedWorkflowStub(workflowId)
              .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Integer.class);
    } catch (TimeoutException e) {
      throw new BenchFailure(
          benchmark
              + ": raw run "
              + workflowId
              + " did not end within "
              + timeout.toSeconds()
              + " s");
    } catch (RuntimeException e) {
      throw new BenchFailure(
          benchmark + ": raw run " + workflowId + " did not complete: " + e.getMessage(), e);
    }
    if (done != steps) {
      throw new BenchFailure(
          benchmark + ": raw run " + workflowId + " ran " + done + " steps, expected " + steps);
    }
  }

  /** Whether visibility says the run completed (not failed, timed out or terminated). */
  public static boolean completed(WorkflowExecutionInfo run) {
    return run.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
  }
}
