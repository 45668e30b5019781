package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.CpuMeter;
import dev.agentfleet.bench.fleet.FleetUnderTest;
import dev.agentfleet.bench.fleet.Topology;
import dev.agentfleet.bench.history.EventTimes;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.TargetCheck.Comparison;
import dev.agentfleet.bench.runs.BenchAgents;
import dev.agentfleet.bench.runs.BenchRecords;
import dev.agentfleet.bench.runs.Deadline;
import dev.agentfleet.bench.runs.RunDriver;
import dev.agentfleet.bench.stats.Percentiles;
import dev.agentfleet.bench.stats.Rates;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.playbook.Playbook;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput: completed K-step runs per second with one worker (or a cluster's N workers) on a
 * zero-latency model, all runs started at once; the steady-state rate between 10 % and 90 % of the
 * completions, and overall.
 */
public final class ThroughputBench implements Benchmark {

  static final double TARGET_RUNS_PER_SECOND = 10;
  static final double NOISE = 0.10;
  static final int START_THREADS = 4;
  static final int BREAKDOWN_RUNS = 200;

  public static final int DEFAULT_RUNS = 1000;
  public static final int DEFAULT_STEPS = 5;
  public static final int DEFAULT_WARMUP = 50;

  private final int runs;
  private final int steps;
  private final int warmup;
  private final Topology topology;

  public ThroughputBench(int runs, int steps, int warmup) {
    this(runs, steps, warmup, Topology.DEV_SERVER);
  }

  public ThroughputBench(int runs, int steps, int warmup, Topology topology) {
    this.runs = Checks.positive("--runs", runs);
    this.steps = Checks.positive("--steps", steps);
    this.warmup = Checks.notNegative("--warmup", warmup);
    this.topology = topology;
    Checks.enoughForSteadyState("--runs", runs);
  }

  /** The size. */
  public static ThroughputBench defaults() {
    return new ThroughputBench(DEFAULT_RUNS, DEFAULT_STEPS, DEFAULT_WARMUP);
  }

  /** A smoke size. */
  public static ThroughputBench quick() {
    return new ThroughputBench(100, DEFAULT_STEPS, 10);
  }

  @Override
  public String name() {
    return topology.resultName("throughput");
  }

  @Override
  public String title() {
    return topology.cluster()
        ? "completed runs per second" + topology.titleSuffix()
        : "completed runs per second, one worker";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runs", runs);
    p.put("steps", steps);
    p.put("warmupRuns", warmup);
    p.put("startThreads", START_THREADS);
    ZeroLatencyChain.describe(p);
    topology.describe(p);
    return p;
  }

  @Override
  public Measurement run(BenchContext context) {
    PrintStream out = context.out();
    Map<String, String> settings = context.workerSettings(ZeroLatencyChain.WORKER_SETTINGS);
    Duration budget = Duration.ofSeconds(180 + (long) (runs + warmup) * steps / 5);
    Playbook agent = new BenchAgents(context.agents()).chain(steps, context.derivedAgents());
    try (FleetUnderTest fleet = topology.start("throughput", context.repo(), settings, out)) {
      Deadline deadline = context.deadline(name(), budget);
      RunDriver driver = new RunDriver(fleet.temporal(), name(), out);
      if (warmup > 0) {
        out.printf(Locale.ROOT, "  throughput: %d warm-up runs (not measured)%n", warmup);
        driver.startAll(agent, BenchRecords.notes(agent, "warmup", warmup), START_THREADS);
        driver.awaitClosed(warmup, deadline, fleet::workerAlive);
      }
      List<InputRecord> records = BenchRecords.notes(agent, "run", runs);
      out.printf(Locale.ROOT, "  throughput: starting %d runs of %d steps at once%n", runs, steps);
      CpuMeter cpu = Cpu.meter(fleet);
      long startPhase = System.nanoTime();
      driver.startAll(agent, records, START_THREADS);
      double startSeconds = (System.nanoTime() - startPhase) / 1e9;
      driver.awaitClosed((long) warmup + runs, deadline, fleet::workerAlive);
      Map<String, Double> cores = cpu.stop();
      List<WorkflowExecutionInfo> measured = driver.listRuns(agent, "run");
      List<RunTimeline> timelines = driver.timelines(measured, BREAKDOWN_RUNS, deadline);
      return measure(
          measured,
          timelines,
          startSeconds,
          cores,
          fleet.describeWorkerSettings(),
          fleet.describe());
    }
  }

  Measurement measure(
      List<WorkflowExecutionInfo> measured,
      List<RunTimeline> timelines,
      double startSeconds,
      Map<String, Double> cores,
      Map<String, String> workerSettings,
      String fleetDescription) {
    if (measured.size() != runs) {
      throw new BenchFailure(
          "throughput: visibility lists " + measured.size() + " measured runs, expected " + runs);
    }
    List<Long> closes = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    long firstStart = Long.MAX_VALUE;
    long lastStart = Long.MIN_VALUE;
    long lastClose = Long.MIN_VALUE;
    int notCompleted = 0;
    String example = null;
    for (WorkflowExecutionInfo run : measured) {
      String status = RunDriver.fleetStatus(run).orElse("unknown");
      if (!status.equals("completed")) {
        notCompleted++;
        example = run.getExecution().getWorkflowId() + " ended " + status;
      }
      long start = EventTimes.nanos(run.getStartTime());
      long close = EventTimes.nanos(run.getCloseTime());
      closes.add(close);
      latencies.add((close - start) / 1e9);
      firstStart = Math.min(firstStart, start);
      lastStart = Math.max(lastStart, start);
      lastClose = Math.max(lastClose, close);
    }
    if (notCompleted > 0) {
      throw new BenchFailure(
          "throughput: "
              + notCompleted
              + " of "
              + runs
              + " runs did not complete (e.g. "
              + example
              + ") — see the worker's log");
    }
    double steady = Rates.steadyState(closes, 0.1, 0.9);
    double overall = Rates.overall(runs, firstStart, lastClose);
    double startRate = runs / Math.max(1e-9, (lastStart - firstStart) / 1e9);
    Percentiles latency = Percentiles.of(latencies);
    StepBreakdown breakdown = StepBreakdown.of(timelines, steps);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("steadyStateRunsPerSecond", Figures.round(steady));
    figures.put("overallRunsPerSecond", Figures.round(overall));
    figures.put("stepsPerSecondSteadyState", Figures.round(steady * steps));
    figures.put("startsPerSecond", Figures.round(startRate));
    Figures.seconds(figures, "startPhaseSeconds", startSeconds);
    Figures.seconds(figures, "firstStartToLastCloseSeconds", (lastClose - firstStart) / 1e9);
    Figures.seconds(figures, "runLatencyP50Seconds", latency.p50());
    Figures.seconds(figures, "runLatencyP99Seconds", latency.p99());
    breakdown.put(figures);
    figures.put("runsMeasured", runs);
    Cpu.put(figures, cores);

    List<TargetCheck> targets =
        List.of(
            TargetCheck.judge(
                "steadyStateRunsPerSecond",
                "completed " + steps + "-step runs per second (steady state)",
                "runs/s",
                Comparison.AT_LEAST,
                TARGET_RUNS_PER_SECOND,
                NOISE,
                steady));
    String limits =
        String.format(
            Locale.ROOT,
            "%s; %.0f model steps a second went through %s (runs started at %.0f a second,"
                + " completed at %.1f); %s",
            Cpu.describe(cores),
            steady * steps,
            topology.workersPhrase(),
            startRate,
            steady,
            breakdown.describe());
    List<String> method =
        List.of(
            "Agent bench/agents/bench-chain.yaml ("
                + steps
                + " model steps, offline model, FLEET_MODEL_LATENCY_MS=0, response cache off),"
                + (topology.cluster() ? " on " : " one worker, ")
                + fleetDescription
                + ".",
            warmup
                + " warm-up runs first (not measured); then "
                + runs
                + " runs started at once from "
                + START_THREADS
                + " threads through the CLI's RunLauncher.",
            "Start and close times from Temporal visibility. Steady state: the completions between"
                + " the 10 % and the 90 % completion, divided by the time between them. Overall:"
                + " runs divided by first start to last close. Noise margin 10 %.",
            "CPU from /proc over the measured window (starts to last close). Per-step breakdown"
                + " from the histories of "
                + timelines.size()
                + " of the runs, evenly spread over the start order.",
            "Worker settings: " + workerSettings + ".");
    List<String> details =
        List.of(
            String.format(
                Locale.ROOT,
                "overall %.2f runs/s; starts took %.1f s; run latency p50 %.1f s, p99 %.1f s",
                overall,
                startSeconds,
                latency.p50(),
                latency.p99()),
            "CPU: " + Cpu.describe(cores));
    return new Measurement(parameters(), figures, targets, limits, method, details);
  }
}
