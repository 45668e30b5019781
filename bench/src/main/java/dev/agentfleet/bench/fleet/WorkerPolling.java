package dev.agentfleet.bench.fleet;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.workflows.run.TaskQueues;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether a given worker process polls the agents' task queue, by the identity the server lists for
 * each poller ({@code pid@host}, the SDK's default). {@code WorkerProcess} returns as soon as any
 * worker polled lately, which right after a kill can be the dead one.
 */
final class WorkerPolling {

  private WorkerPolling() {}

  /** Waits until {@code process} shows as a poller; fails after {@code timeout}. */
  static void await(
      TemporalConnection temporal,
      ProcessHandle process,
      Duration timeout,
      String benchmark,
      String log) {
    await(temporal, TaskQueues.AGENTS, process, timeout, benchmark, log);
  }

  /**
   * Waits until {@code process} shows as a poller of {@code queue}; fails after {@code timeout}.
   */
  static void await(
      TemporalConnection temporal,
      String queue,
      ProcessHandle process,
      Duration timeout,
      String benchmark,
      String log) {
    String prefix = process.pid() + "@";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new BenchFailure(benchmark + ": the worker stopped while starting — see " + log);
      }
      if (polls(temporal, queue, prefix)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchFailure(benchmark + ": interrupted while waiting for the worker to poll");
      }
    }
    throw new BenchFailure(
        benchmark
            + ": the worker (pid "
            + process.pid()
            + ") did not show as a poller of "
            + queue
            + " within "
            + timeout.toSeconds()
            + " s — see "
            + log);
  }

  private static boolean polls(TemporalConnection temporal, String queue, String identityPrefix) {
    try {
      return temporal
          .stubs()
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .describeTaskQueue(
              DescribeTaskQueueRequest.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setTaskQueue(TaskQueue.newBuilder().setName(queue).build())
                  .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                  .build())
          .getPollersList()
          .stream()
          .anyMatch(p -> p.getIdentity().startsWith(identityPrefix));
    } catch (StatusRuntimeException e) {
      return false; // The server is busy; the caller asks again.
    }
  }
}
