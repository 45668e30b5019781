package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.BenchFleet;
import dev.agentfleet.bench.fleet.CpuMeter;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.TargetCheck.Comparison;
import dev.agentfleet.bench.runs.BenchAgents;
import dev.agentfleet.bench.runs.BenchRecords;
import dev.agentfleet.bench.runs.Deadline;
import dev.agentfleet.bench.runs.RunDriver;
import dev.agentfleet.bench.stats.Percentiles;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orchestration overhead per step: a K-step agent on a zero-latency model, runs one after the other
 * (or a few at a time with {@code --concurrency}); per run, the wall time minus the activity
 * bodies, divided by K, from the run's history.
 *
 * <p>Longer than the usual ~300 lines on purpose: the measurement and the written method the report
 * prints sit together, so the description cannot drift from what is measured.
 */
public final class OverheadBench implements Benchmark {

  static final double P50_TARGET_MS = 25;
  static final double P99_TARGET_MS = 100;
  static final double NOISE = 0.10;

  public static final int DEFAULT_RUNS = 200;
  public static final int DEFAULT_STEPS = 5;
  public static final int DEFAULT_WARMUP = 50;
  public static final int DEFAULT_CONCURRENCY = 1;

  private final int runs;
  private final int steps;
  private final int warmup;
  private final int concurrency;
  private final int pauseMs;

  public OverheadBench(int runs, int steps, int warmup, int concurrency, int pauseMs) {
    this.runs = Checks.positive("--runs", runs);
    this.steps = Checks.positive("--steps", steps);
    this.warmup = Checks.notNegative("--warmup", warmup);
    this.concurrency = Checks.positive("--concurrency", concurrency);
    this.pauseMs = Checks.notNegative("--pause-ms", pauseMs);
  }

  /** The size. */
  public static OverheadBench defaults() {
    return new OverheadBench(DEFAULT_RUNS, DEFAULT_STEPS, DEFAULT_WARMUP, DEFAULT_CONCURRENCY, 0);
  }

  /** A smoke size: seconds, to see that the benchmark works. */
  public static OverheadBench quick() {
    return new OverheadBench(20, DEFAULT_STEPS, 5, DEFAULT_CONCURRENCY, 0);
  }

  @Override
  public String name() {
    return "overhead";
  }

  @Override
  public String title() {
    return "orchestration overhead per step";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runs", runs);
    p.put("steps", steps);
    p.put("warmupRuns", warmup);
    p.put("concurrency", concurrency);
    p.put("pauseBetweenRunsMs", pauseMs);
    ZeroLatencyChain.describe(p);
    return p;
  }

  @Override
  public Measurement run(BenchContext context) {
    PrintStream out = context.out();
    Map<String, String> settings = context.workerSettings(ZeroLatencyChain.WORKER_SETTINGS);
    Duration budget =
        Duration.ofSeconds(
            120 + (long) (runs + warmup) * (steps + pauseMs / 1000 + 1) / concurrency);
    Playbook agent = new BenchAgents(context.agents()).chain(steps, context.derivedAgents());
    try (BenchFleet fleet = BenchFleet.start(name(), context.repo(), settings, out)) {
      Deadline deadline = context.deadline(name(), budget);
      RunDriver driver = new RunDriver(fleet.temporal(), name(), out);
      if (warmup > 0) {
        out.printf(Locale.ROOT, "  overhead: %d warm-up runs (not measured)%n", warmup);
        closedLoop(driver, agent, BenchRecords.notes(agent, "warmup", warmup), deadline, out);
      }
      out.printf(
          Locale.ROOT, "  overhead: %d runs of %d steps, %d at a time%n", runs, steps, concurrency);
      CpuMeter cpu = Cpu.meter(fleet);
      List<RunTimeline> timelines =
          closedLoop(driver, agent, BenchRecords.notes(agent, "run", runs), deadline, out);
      Map<String, Double> cores = cpu.stop();
      return measure(timelines, cores, fleet.describeWorkerSettings());
    }
  }

  /**
   * Runs the records {@code concurrency} at a time, each started when one ended (after {@code
   * pauseMs}).
   */
  private List<RunTimeline> closedLoop(
      RunDriver driver,
      Playbook agent,
      List<InputRecord> records,
      Deadline deadline,
      PrintStream out) {
    ConcurrentLinkedQueue<InputRecord> queue = new ConcurrentLinkedQueue<>(records);
    List<RunTimeline> timelines = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    Progress progress = new Progress(out, name(), records.size());
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        workers.add(
            pool.submit(
                () -> {
                  InputRecord record;
                  while ((record = queue.poll()) != null) {
                    deadline.check(
                        records.size() + " runs",
                        () -> done.get() + " of " + records.size() + " ended");
                    pause();
                    String id = RunDriver.workflowId(agent, record);
                    driver.launch(agent, List.of(record));
                    RunState state = driver.result(id, deadline.remaining().plusSeconds(1));
                    if (state.status() != RunStatus.COMPLETED) {
                      throw new BenchFailure(
                          "overhead: run "
                              + id
                              + " ended "
                              + state.status().wireName()
                              + ", not completed: "
                              + state.errors());
                    }
                    timelines.add(RunTimeline.of(driver.history(id)));
                    progress.ended(done.incrementAndGet());
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new BenchFailure(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("overhead: interrupted");
    } finally {
      pool.shutdownNow();
    }
    return timelines;
  }

  private void pause() {
    if (pauseMs > 0) {
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchFailure("overhead: interrupted");
      }
    }
  }

  Measurement measure(
      List<RunTimeline> timelines, Map<String, Double> cores, Map<String, String> workerSettings) {
    List<Double> perStep = new ArrayList<>();
    List<Double> walls = new ArrayList<>();
    double wftQueue = 0;
    double wftRun = 0;
    double actQueue = 0;
    double bodies = 0;
    double overheadSum = 0;
    int localActivities = 0;
    int activities = 0;
    int workflowTasks = 0;
    for (RunTimeline t : timelines) {
      perStep.add(t.overheadPerStepMillis(steps));
      walls.add(t.wallNanos() / 1e6);
      overheadSum += t.overheadNanos() / 1e6;
      wftQueue += t.workflowTaskQueueNanos() / 1e6;
      wftRun += t.workflowTaskRunNanos() / 1e6;
      actQueue += t.activityQueueNanos() / 1e6;
      bodies += t.activityBodyNanos() / 1e6;
      localActivities += t.localActivities();
      activities += t.activities();
      workflowTasks += t.workflowTasks();
    }
    double n = timelines.size() * (double) steps;
    Percentiles overhead = Percentiles.of(perStep);
    Percentiles wall = Percentiles.of(walls);
    Map<String, Object> figures = new LinkedHashMap<>();
    Figures.ms(figures, "overheadPerStepP50Ms", overhead.p50());
    Figures.ms(figures, "overheadPerStepP99Ms", overhead.p99());
    Figures.ms(figures, "overheadPerStepMeanMs", overhead.mean());
    Figures.ms(figures, "overheadPerStepMaxMs", overhead.max());
    Figures.ms(figures, "runWallP50Ms", wall.p50());
    Figures.ms(figures, "runWallP99Ms", wall.p99());
    Figures.ms(figures, "activityBodyPerStepMeanMs", bodies / n);
    Figures.ms(
        figures, "modelCallBodyMeanMs", RunTimeline.meanBodyMillis(timelines, "ModelComplete"));
    Figures.ms(
        figures, "auditAppendBodyMeanMs", RunTimeline.meanBodyMillis(timelines, "AuditAppend"));
    Figures.ms(figures, "workflowTaskQueuePerStepMeanMs", wftQueue / n);
    Figures.ms(figures, "workflowTaskOnWorkerPerStepMeanMs", wftRun / n);
    Figures.ms(figures, "activityQueuePerStepMeanMs", actQueue / n);
    Figures.ms(figures, "otherPerStepMeanMs", (overheadSum - wftQueue - wftRun - actQueue) / n);
    figures.put("workflowTasksPerRun", Figures.round(workflowTasks / (double) timelines.size()));
    figures.put("activitiesPerRun", Figures.round(activities / (double) timelines.size()));
    figures.put("localActivities", localActivities);
    figures.put("runsMeasured", timelines.size());
    Cpu.put(figures, cores);

    List<TargetCheck> targets =
        List.of(
            TargetCheck.judge(
                "overheadPerStepP50Ms",
                "overhead per step, p50",
                "ms",
                Comparison.AT_MOST,
                P50_TARGET_MS,
                NOISE,
                overhead.p50()),
            TargetCheck.judge(
                "overheadPerStepP99Ms",
                "overhead per step, p99",
                "ms",
                Comparison.AT_MOST,
                P99_TARGET_MS,
                NOISE,
                overhead.p99()));

    double queuedPerStep = (wftQueue + actQueue) / n;
    double queuedPerHop = (wftQueue + actQueue) / Math.max(1, workflowTasks + activities);
    String largest =
        queuedPerStep >= wftRun / n
            ? String.format(
                Locale.ROOT,
                "tasks queued between scheduled and started (%.1f ms a step, %.1f ms a task)",
                queuedPerStep,
                queuedPerHop)
            : String.format(
                Locale.ROOT, "workflow tasks on the worker (%.1f ms a step)", wftRun / n);
    String limits =
        String.format(
            Locale.ROOT,
            "of the %.1f ms mean overhead per step the largest part is %s; workflow tasks are"
                + " queued %.1f ms and take %.1f ms on the worker, activity tasks are queued %.1f"
                + " ms, the rest is %.1f ms; %s",
            overhead.mean(),
            largest,
            wftQueue / n,
            wftRun / n,
            actQueue / n,
            (overheadSum - wftQueue - wftRun - actQueue) / n,
            Cpu.describe(cores));

    List<String> method = new ArrayList<>();
    method.add(
        "Agent bench/agents/bench-chain.yaml ("
            + steps
            + " model steps, offline model, FLEET_MODEL_LATENCY_MS=0, response cache off so every"
            + " step is a model call), one worker, its own dev server on SQLite.");
    method.add(
        "Runs "
            + concurrency
            + " at a time, each started when one ended"
            + (pauseMs > 0 ? " and " + pauseMs + " ms had passed" : "")
            + "; "
            + warmup
            + " warm-up runs first, not measured.");
    method.add(
        "Per run, from its history: workflow started to closed, minus the sum of every activity's"
            + " started-to-completed time (the "
            + steps
            + " model calls and the final audit append), divided by "
            + steps
            + " steps. An activity body is the server's view: from handing the task to a worker to"
            + " receiving its result.");
    method.add(
        "Local activities: "
            + (localActivities == 0
                ? "none in these runs (no LocalActivity markers)"
                : localActivities
                    + " LocalActivity markers; their time is inside workflow tasks and counted as"
                    + " overhead")
            + ".");
    method.add(
        "Queued (scheduled to started) includes the server's own hand-over to matching: the dev"
            + " server reads its transfer queue at most history.transferProcessorMaxPollRPS times a"
            + " second (20 by default, one shard), so under continuous load a task can wait up to"
            + " 50 ms there, where a quiet server hands it on in a few.");
    method.add("p50 and p99 by nearest rank over the runs; noise margin 10 %.");
    method.add("Worker settings: " + workerSettings + ".");

    List<String> details =
        List.of(
            String.format(
                Locale.ROOT,
                "per step: workflow tasks %.1f ms queued + %.1f ms on the worker, activities %.1f"
                    + " ms queued, %.1f ms other; a model call's body %.1f ms, the audit append's"
                    + " %.1f ms",
                wftQueue / n,
                wftRun / n,
                actQueue / n,
                (overheadSum - wftQueue - wftRun - actQueue) / n,
                RunTimeline.meanBodyMillis(timelines, "ModelComplete"),
                RunTimeline.meanBodyMillis(timelines, "AuditAppend")),
            "CPU: " + Cpu.describe(cores));
    return new Measurement(parameters(), figures, targets, limits, method, details);
  }
}
