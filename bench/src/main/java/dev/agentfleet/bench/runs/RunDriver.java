package dev.agentfleet.bench.runs;

import com.google.protobuf.ByteString;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.starter.runs.RunLauncher;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Starts runs the way {@code ./fleet run} does ({@link RunLauncher}: the agent's definition, its
 * version, one workflow per record on the fleet's task queue), follows them through Temporal's
 * visibility, and reads their histories.
 *
 * <p>Longer than ~300 lines on purpose: starting, following and reading back runs share their
 * Temporal client and waiting rules, which every benchmark relies on being the same.
 */
public final class RunDriver {

  /** The workflow type of agent runs, for visibility queries. */
  public static final String RUN_TYPE = "AgentRun";

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  private final TemporalConnection temporal;
  private final String benchmark;
  private final PrintStream out;

  public RunDriver(TemporalConnection temporal, String benchmark, PrintStream out) {
    this.temporal = temporal;
    this.benchmark = benchmark;
    this.out = out;
  }

  /** The workflow id of a record's run. */
  public static String workflowId(Playbook agent, InputRecord record) {
    return WorkflowIds.forRecord(agent.definition().name(), record.item().id());
  }

  /**
   * Starts one run per record from {@code threads} threads at once, as fast as the server takes
   * them; fails when a run already existed (every benchmark starts on an empty server).
   */
  public void startAll(Playbook agent, List<InputRecord> records, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> parts = new ArrayList<>();
      int size = (records.size() + threads - 1) / Math.max(1, threads);
      for (int from = 0; from < records.size(); from += Math.max(1, size)) {
        List<InputRecord> part = records.subList(from, Math.min(records.size(), from + size));
        parts.add(pool.submit(() -> launch(agent, part)));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new BenchFailure(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(benchmark + ": interrupted while starting runs");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Starts one run per record, one after the other at {@code perSecond} runs a second, so that
   * their steps do not all fall on the same moments.
   */
  public void startPaced(Playbook agent, List<InputRecord> records, double perSecond) {
    long begin = System.nanoTime();
    for (int i = 0; i < records.size(); i++) {
      long due = begin + (long) (i / perSecond * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        sleep(Duration.ofNanos(wait));
      }
      launch(agent, records.subList(i, i + 1));
    }
  }

  /** Starts the runs of {@code records} one after the other. */
  public void launch(Playbook agent, List<InputRecord> records) {
    try {
      RunLauncher.Outcome outcome = new RunLauncher(temporal).launch(agent, records);
      if (!outcome.duplicates().isEmpty()) {
        throw new BenchFailure(
            benchmark
                + ": run "
                + outcome.duplicates().get(0).workflowId()
                + " existed already; a benchmark starts on an empty dev server (is another"
                + " benchmark using its home?)");
      }
    } catch (FleetException e) {
      throw new BenchFailure(benchmark + ": " + e.getMessage(), e);
    }
  }

  /** Waits for one run's result, up to {@code timeout}. */
  public RunState result(String workflowId, Duration timeout) {
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(workflowId);
    try {
      return stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RunState.class);
    } catch (TimeoutException e) {
      throw new BenchFailure(
          benchmark
              + ": run "
              + workflowId
              + " did not end within "
              + timeout.toSeconds()
              + " s — is the worker stuck? see its log");
    } catch (RuntimeException e) {
      throw new BenchFailure(
          benchmark + ": run " + workflowId + " did not complete: " + temporal.explain(e), e);
    }
  }

  /** How many agent runs have closed, from visibility. */
  public long closedRuns() {
    return count("WorkflowType = '" + RUN_TYPE + "' AND ExecutionStatus != 'Running'");
  }

  /** How many agent runs match a visibility query. */
  public long count(String query) {
    return temporal
        .stubs()
        .blockingStub()
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .countWorkflowExecutions(
            CountWorkflowExecutionsRequest.newBuilder()
                .setNamespace(temporal.namespace())
                .setQuery(query)
                .build())
        .getCount();
  }

  /**
   * Waits until {@code expected} agent runs have closed, saying how far it got every few seconds;
   * fails at the deadline, or when {@code workerAlive} says the worker is gone.
   */
  public void awaitClosed(long expected, Deadline deadline, BooleanSupplier workerAlive) {
    awaitClosed(
        "WorkflowType = '" + RUN_TYPE + "' AND ExecutionStatus != 'Running'",
        expected,
        deadline,
        workerAlive);
  }

  /**
   * Waits until {@code expected} runs match {@code closedQuery} (a visibility query for the closed
   * runs of some workflow type), as {@link #awaitClosed(long, Deadline, BooleanSupplier)} does.
   */
  public void awaitClosed(
      String closedQuery, long expected, Deadline deadline, BooleanSupplier workerAlive) {
    long began = System.nanoTime();
    long lastReport = began;
    while (true) {
      long closed = count(closedQuery);
      if (closed >= expected) {
        return;
      }
      if (System.nanoTime() - lastReport >= REPORT_EVERY.toNanos()) {
        lastReport = System.nanoTime();
        out.printf(
            Locale.ROOT,
            "  %s: %d of %d runs ended (%.0f s)%n",
            benchmark,
            closed,
            expected,
            (lastReport - began) / 1e9);
      }
      if (!workerAlive.getAsBoolean()) {
        throw new BenchFailure(
            benchmark
                + ": the worker stopped with "
                + closed
                + " of "
                + expected
                + " runs ended — see its log");
      }
      deadline.check(expected + " runs to end", () -> closed + " ended");
      sleep(POLL);
    }
  }

  /** Every agent run on the server (open and closed), from visibility, newest first. */
  public List<WorkflowExecutionInfo> listRuns() {
    return listRuns("WorkflowType = '" + RUN_TYPE + "'");
  }

  /** Every run matching a visibility query, newest first. */
  public List<WorkflowExecutionInfo> listRuns(String query) {
    List<WorkflowExecutionInfo> runs = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse page =
          temporal
              .stubs()
              .blockingStub()
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setQuery(query)
                      .setPageSize(1000)
                      .setNextPageToken(token)
                      .build());
      runs.addAll(page.getExecutionsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return runs;
  }

  /**
   * The runs of {@code agent} whose record ids start with {@code prefix} (e.g. the measured ones).
   */
  public List<WorkflowExecutionInfo> listRuns(Playbook agent, String prefix) {
    String start = agent.definition().name() + "/" + prefix + "-";
    return listRuns().stream()
        .filter(r -> r.getExecution().getWorkflowId().startsWith(start))
        .toList();
  }

  /** The timelines of about {@code wanted} of the runs, evenly spread, from their histories. */
  public List<RunTimeline> timelines(
      List<WorkflowExecutionInfo> runs, int wanted, Deadline deadline) {
    return histories(spread(runs, wanted), 4, deadline).values().stream()
        .map(RunTimeline::of)
        .toList();
  }

  /**
   * The ids of about {@code wanted} of the runs, evenly spread over the list (every n-th), for a
   * breakdown that does not need every history.
   */
  public static List<String> spread(List<WorkflowExecutionInfo> runs, int wanted) {
    int step = Math.max(1, runs.size() / Math.max(1, wanted));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < runs.size(); i += step) {
      ids.add(runs.get(i).getExecution().getWorkflowId());
    }
    return ids;
  }

  /** The run's status as the fleet sets it ({@code FleetStatus}), from its visibility record. */
  public static Optional<String> fleetStatus(WorkflowExecutionInfo info) {
    Payload payload = info.getSearchAttributes().getIndexedFieldsMap().get("FleetStatus");
    if (payload == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(CONVERTER.fromPayload(payload, String.class, String.class));
  }

  /** One run's whole history (its current execution). */
  public History history(String workflowId) {
    return temporal.client().fetchHistory(workflowId).getHistory();
  }

  /** Many runs' histories, read by {@code threads} threads. */
  public Map<String, History> histories(List<String> workflowIds, int threads, Deadline deadline) {
    Map<String, History> histories = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> reads = new ArrayList<>();
      for (String id : workflowIds) {
        reads.add(pool.submit(() -> histories.put(id, history(id))));
      }
      for (Future<?> read : reads) {
        deadline.check(
            "the runs' histories", () -> histories.size() + " of " + workflowIds.size() + " read");
        read.get(deadline.remaining().toMillis() + 1, TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      throw new BenchFailure(
          benchmark + ": cannot read a run's history: " + temporal.explain(e.getCause()), e);
    } catch (TimeoutException e) {
      deadline.check(
          "the runs' histories", () -> histories.size() + " of " + workflowIds.size() + " read");
      throw new BenchFailure(benchmark + ": reading the runs' histories timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(benchmark + ": interrupted while reading histories");
    } finally {
      pool.shutdownNow();
    }
    return histories;
  }

  /**
   * The run's final state, from the result in its closing event; empty when it did not complete.
   */
  public static Optional<RunState> finalState(History history) {
    if (history.getEventsCount() == 0) {
      return Optional.empty();
    }
    HistoryEvent last = history.getEvents(history.getEventsCount() - 1);
    if (!last.hasWorkflowExecutionCompletedEventAttributes()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        CONVERTER.fromPayloads(
            0,
            Optional.of(last.getWorkflowExecutionCompletedEventAttributes().getResult()),
            RunState.class,
            RunState.class));
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted");
    }
  }
}
