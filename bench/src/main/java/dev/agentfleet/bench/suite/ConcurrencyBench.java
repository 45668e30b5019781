package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.CpuMeter;
import dev.agentfleet.bench.fleet.FleetUnderTest;
import dev.agentfleet.bench.fleet.ResourceSampler;
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
 * Concurrency against the floor: many runs in flight on one worker (or a cluster's N workers),
 * every step a model call with a fixed latency. The floor is what one run takes with no
 * orchestration at all (steps × latency); the figure is the wall time from the first start to the
 * last completion divided by it.
 */
public final class ConcurrencyBench implements Benchmark {

  static final double TARGET_RATIO = 1.2;
  static final double NOISE = 0.10;
  static final int START_THREADS = 8;
  static final int BREAKDOWN_RUNS = 200;

  public static final int DEFAULT_RUNS = 1000;
  public static final int DEFAULT_STEPS = 5;
  public static final int DEFAULT_LATENCY_MS = 2000;
  public static final int DEFAULT_WARMUP = 20;

  private final int runs;
  private final int steps;
  private final int latencyMs;
  private final int warmup;
  private final Topology topology;

  public ConcurrencyBench(int runs, int steps, int latencyMs, int warmup) {
    this(runs, steps, latencyMs, warmup, Topology.DEV_SERVER);
  }

  public ConcurrencyBench(int runs, int steps, int latencyMs, int warmup, Topology topology) {
    this.runs = Checks.positive("--runs", runs);
    this.steps = Checks.positive("--steps", steps);
    this.latencyMs = Checks.positive("--latency-ms", latencyMs);
    this.warmup = Checks.notNegative("--warmup", warmup);
    this.topology = topology;
  }

  /** The size. */
  public static ConcurrencyBench defaults() {
    return new ConcurrencyBench(DEFAULT_RUNS, DEFAULT_STEPS, DEFAULT_LATENCY_MS, DEFAULT_WARMUP);
  }

  /** A smoke size. */
  public static ConcurrencyBench quick() {
    return new ConcurrencyBench(100, 3, DEFAULT_LATENCY_MS, 5);
  }

  @Override
  public String name() {
    return topology.resultName("concurrency");
  }

  @Override
  public String title() {
    return "runs in flight against the floor" + topology.titleSuffix();
  }

  /** Activity slots: every run in flight may hold one model call, plus room for audit appends. */
  int activitySlots() {
    return Math.max(200, runs + 50);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runs", runs);
    p.put("steps", steps);
    p.put("modelLatencyMs", latencyMs);
    p.put("warmupRuns", warmup);
    p.put("startThreads", START_THREADS);
    p.put("activitySlots", activitySlots());
    p.put("responseCache", "off");
    topology.describe(p);
    return p;
  }

  @Override
  public Measurement run(BenchContext context) {
    PrintStream out = context.out();
    Map<String, String> settings =
        context.workerSettings(
            Map.of(
                "FLEET_MODEL_LATENCY_MS", Integer.toString(latencyMs),
                "FLEET_MODEL_CACHE", "off",
                "FLEET_ACTIVITY_SLOTS", Integer.toString(activitySlots())));
    long floorSeconds = (long) steps * latencyMs / 1000;
    Duration budget = Duration.ofSeconds(240 + 6 * floorSeconds + runs / 5 + warmup * floorSeconds);
    Playbook agent = new BenchAgents(context.agents()).chain(steps, context.derivedAgents());
    try (FleetUnderTest fleet = topology.start("concurrency", context.repo(), settings, out)) {
      Deadline deadline = context.deadline(name(), budget);
      RunDriver driver = new RunDriver(fleet.temporal(), name(), out);
      if (warmup > 0) {
        out.printf(Locale.ROOT, "  concurrency: %d warm-up runs (not measured)%n", warmup);
        driver.startAll(agent, BenchRecords.notes(agent, "warmup", warmup), 4);
        driver.awaitClosed(warmup, deadline, fleet::workerAlive);
      }
      out.printf(
          Locale.ROOT,
          "  concurrency: starting %d runs of %d steps, each step a %d ms model call%n",
          runs,
          steps,
          latencyMs);
      Map<String, Double> cores;
      Map<String, Object> peaks;
      String sampling;
      try (ResourceSampler sampler =
          new ResourceSampler(fleet.workerPids().get(0), fleet.metricsPort())) {
        CpuMeter cpu = Cpu.meter(fleet);
        driver.startAll(agent, BenchRecords.notes(agent, "run", runs), START_THREADS);
        driver.awaitClosed((long) warmup + runs, deadline, fleet::workerAlive);
        cores = cpu.stop();
        peaks = sampler.peaks();
        sampling = sampler.describe();
      }
      List<WorkflowExecutionInfo> measured = driver.listRuns(agent, "run");
      List<RunTimeline> timelines = driver.timelines(measured, BREAKDOWN_RUNS, deadline);
      return measure(
          measured,
          timelines,
          cores,
          peaks,
          sampling,
          fleet.describeWorkerSettings(),
          fleet.describe());
    }
  }

  Measurement measure(
      List<WorkflowExecutionInfo> measured,
      List<RunTimeline> timelines,
      Map<String, Double> cores,
      Map<String, Object> peaks,
      String sampling,
      Map<String, String> workerSettings,
      String fleetDescription) {
    if (measured.size() != runs) {
      throw new BenchFailure(
          "concurrency: visibility lists " + measured.size() + " measured runs, expected " + runs);
    }
    long firstStart = Long.MAX_VALUE;
    long lastStart = Long.MIN_VALUE;
    long lastClose = Long.MIN_VALUE;
    List<Double> runSeconds = new ArrayList<>();
    for (WorkflowExecutionInfo run : measured) {
      String status = RunDriver.fleetStatus(run).orElse("unknown");
      if (!status.equals("completed")) {
        throw new BenchFailure(
            "concurrency: run "
                + run.getExecution().getWorkflowId()
                + " ended "
                + status
                + ", not completed — see the worker's log");
      }
      long start = EventTimes.nanos(run.getStartTime());
      long close = EventTimes.nanos(run.getCloseTime());
      firstStart = Math.min(firstStart, start);
      lastStart = Math.max(lastStart, start);
      lastClose = Math.max(lastClose, close);
      runSeconds.add((close - start) / 1e9);
    }
    double floor = steps * latencyMs / 1000.0;
    double wall = (lastClose - firstStart) / 1e9;
    double ramp = (lastStart - firstStart) / 1e9;
    double ratio = wall / floor;
    Percentiles perRun = Percentiles.of(runSeconds);
    StepBreakdown breakdown = StepBreakdown.of(timelines, steps);
    double modelCall = RunTimeline.meanBodyMillis(timelines, "ModelComplete");

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("wallOverFloor", Figures.round(ratio));
    Figures.seconds(figures, "wallSeconds", wall);
    Figures.seconds(figures, "floorSeconds", floor);
    Figures.seconds(figures, "startRampSeconds", ramp);
    Figures.seconds(figures, "runSecondsP50", perRun.p50());
    Figures.seconds(figures, "runSecondsP99", perRun.p99());
    Figures.seconds(figures, "runSecondsMax", perRun.max());
    figures.putAll(peaks);
    Figures.ms(figures, "modelCallBodyMeanMs", modelCall);
    breakdown.put(figures);
    figures.put("runsMeasured", runs);
    Cpu.put(figures, cores);

    List<TargetCheck> targets =
        List.of(
            TargetCheck.judge(
                "wallOverFloor",
                "wall time ÷ (" + steps + " steps × " + latencyMs + " ms), " + runs + " runs",
                "",
                Comparison.AT_MOST,
                TARGET_RATIO,
                NOISE,
                ratio));
    String limits =
        String.format(
            Locale.ROOT,
            "against a floor of %.1f s the wall was %.1f s: the last run started %.1f s after the"
                + " first and the slowest took %.1f s; %s; a model call took %.0f ms; worker peaks:"
                + " %s; %s",
            floor,
            wall,
            ramp,
            perRun.max(),
            breakdown.describe(),
            modelCall,
            peaks.isEmpty() ? "not sampled" : peaks.toString(),
            Cpu.describe(cores));
    List<String> method =
        List.of(
            "Agent bench/agents/bench-chain.yaml ("
                + steps
                + " model steps) on the offline model with FLEET_MODEL_LATENCY_MS="
                + latencyMs
                + " (response cache off, so every step waits for the latency), "
                + topology.workersPhrase()
                + (topology.workers() == 1 ? " with " : " with each ")
                + activitySlots()
                + " activity slots, "
                + fleetDescription
                + ".",
            warmup
                + " warm-up runs first (not measured); then "
                + runs
                + " runs started at once from "
                + START_THREADS
                + " threads through the CLI's RunLauncher.",
            "Wall time: first start to last close of the measured runs, from Temporal visibility;"
                + " floor: steps × latency, what one run takes with no orchestration at all."
                + " Noise margin 10 %.",
            (topology.workers() == 1 ? "Worker" : "Worker 1's")
                + " heap and threads: "
                + sampling
                + ".",
            "Per-step breakdown from the histories of "
                + timelines.size()
                + " of the runs, evenly spread over the start order.",
            "Worker settings: " + workerSettings + ".");
    List<String> details =
        List.of(
            String.format(
                Locale.ROOT,
                "wall %.1f s, floor %.1f s, start ramp %.1f s; per run p50 %.1f s, p99 %.1f s",
                wall,
                floor,
                ramp,
                perRun.p50(),
                perRun.p99()),
            "worker peaks: " + (peaks.isEmpty() ? "not sampled" : peaks),
            "CPU: " + Cpu.describe(cores));
    return new Measurement(parameters(), figures, targets, limits, method, details);
  }
}
