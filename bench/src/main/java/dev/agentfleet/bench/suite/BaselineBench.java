package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.BenchFleet;
import dev.agentfleet.bench.fleet.CpuMeter;
import dev.agentfleet.bench.fleet.RawWorkerProcess;
import dev.agentfleet.bench.fleet.WorkerCpuSplit;
import dev.agentfleet.bench.history.EventTimes;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.runs.BenchAgents;
import dev.agentfleet.bench.runs.BenchRecords;
import dev.agentfleet.bench.runs.Deadline;
import dev.agentfleet.bench.runs.RawRuns;
import dev.agentfleet.bench.runs.RunDriver;
import dev.agentfleet.bench.stats.Rates;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The floor: raw Temporal (a plain SDK workflow of K no-op activities, {@code bench.raw}), the
 * fleet's K-step {@code bench-chain} and its local variant ({@code bench-chain-local}: the same
 * steps declared {@code execution: local}) on the same dev server in one run, each measured the
 * same way (warm-up, runs one at a time for the time per step, runs started at once for the rate,
 * one run's history for its size), and the fleet's figures as ratios to raw Temporal's.
 */
public final class BaselineBench implements Benchmark {

  static final int START_THREADS = ThroughputBench.START_THREADS;

  public static final int DEFAULT_RUNS = 1000;
  public static final int DEFAULT_STEPS = 5;
  public static final int DEFAULT_TIMED_RUNS = 100;
  public static final int DEFAULT_WARMUP = 50;

  private final int runs;
  private final int steps;
  private final int timedRuns;
  private final int warmup;

  public BaselineBench(int runs, int steps, int timedRuns, int warmup) {
    this.runs = Checks.positive("--runs", runs);
    this.steps = Checks.positive("--steps", steps);
    this.timedRuns = Checks.positive("--timed-runs", timedRuns);
    this.warmup = Checks.notNegative("--warmup", warmup);
    Checks.enoughForSteadyState("--runs", runs);
  }

  /** The size. */
  public static BaselineBench defaults() {
    return new BaselineBench(DEFAULT_RUNS, DEFAULT_STEPS, DEFAULT_TIMED_RUNS, DEFAULT_WARMUP);
  }

  /** A smoke size. */
  public static BaselineBench quick() {
    return new BaselineBench(100, DEFAULT_STEPS, 20, 10);
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public String title() {
    return "the fleet against raw Temporal on the same server";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runs", runs);
    p.put("steps", steps);
    p.put("timedRuns", timedRuns);
    p.put("warmupRuns", warmup);
    p.put("startThreads", START_THREADS);
    ZeroLatencyChain.describe(p);
    return p;
  }

  @Override
  public Measurement run(BenchContext context) {
    PrintStream out = context.out();
    Map<String, String> settings =
        new LinkedHashMap<>(context.workerSettings(ZeroLatencyChain.WORKER_SETTINGS));
    // Both workers record execution samples, for their CPU per workflow task.
    Path recordings = recordingsDir(context.repo());
    settings.merge(
        "JAVA_TOOL_OPTIONS",
        WorkerCpuSplit.recordingOption(recordings),
        (own, ours) -> ours + " " + own);
    Duration budget = Duration.ofSeconds(240 + 3L * (runs + warmup + timedRuns) * steps / 5);
    BenchAgents agents = new BenchAgents(context.agents());
    Playbook agent = agents.chain(steps, context.derivedAgents());
    // Written before the worker starts: it deploys the derived agents it finds at start.
    Playbook local = agents.localChain(steps, context.derivedAgents());
    BaselineSide raw;
    BaselineSide fleetSide;
    BaselineSide localSide;
    long rawPid;
    long fleetPid;
    Map<String, String> described;
    try (BenchFleet fleet = BenchFleet.start(name(), context.repo(), settings, out);
        RawWorkerProcess rawWorker = RawWorkerProcess.start(fleet, name(), settings, out)) {
      rawPid = rawWorker.pid();
      fleetPid = fleet.workerPid();
      described = fleet.describeWorkerSettings();
      Deadline deadline = context.deadline(name(), budget);
      RunDriver driver = new RunDriver(fleet.temporal(), name(), out);
      raw =
          measureRaw(
              new RawRuns(fleet.temporal().client(), name(), steps),
              driver,
              fleet,
              rawWorker,
              deadline,
              out);
      fleetSide = measureFleet("the fleet", agent, driver, fleet, deadline, 0, out);
      localSide =
          measureFleet(
              "the fleet, local steps",
              local,
              driver,
              fleet,
              deadline,
              (long) warmup + timedRuns + runs,
              out);
    }
    // The workers wrote their recordings as they stopped.
    return measure(
        new BaselineFigures(
            steps,
            raw.withCpuSplit(cpuSplit(recordings, rawPid, raw, out)),
            fleetSide.withCpuSplit(cpuSplit(recordings, fleetPid, fleetSide, out)),
            localSide.withCpuSplit(cpuSplit(recordings, fleetPid, localSide, out)),
            runs),
        described);
  }

  /** Where the workers' flight recordings go: emptied of earlier ones. */
  private static Path recordingsDir(Path repo) {
    Path dir = repo.resolve(".fleet").resolve("bench").resolve("baseline-recordings");
    try {
      Files.createDirectories(dir);
      try (Stream<Path> old = Files.list(dir)) {
        for (Path file : old.filter(f -> f.toString().endsWith(".jfr")).toList()) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new BenchFailure("baseline: cannot prepare " + dir + ": " + e.getMessage());
    }
    return dir;
  }

  /** A side's worker CPU split over its burst; null (and said) when its recording is unreadable. */
  private static WorkerCpuSplit cpuSplit(
      Path recordings, long pid, BaselineSide side, PrintStream out) {
    Path recording = WorkerCpuSplit.recording(recordings, pid);
    try {
      return WorkerCpuSplit.read(recording, side.burst().from(), side.burst().to());
    } catch (IOException | RuntimeException e) {
      out.printf(
          Locale.ROOT,
          "  baseline: no CPU split for the worker %d (%s): %s%n",
          pid,
          recording,
          e.getMessage());
      return null;
    }
  }

  private BaselineSide measureRaw(
      RawRuns rawRuns,
      RunDriver driver,
      BenchFleet fleet,
      RawWorkerProcess worker,
      Deadline deadline,
      PrintStream out) {
    if (warmup > 0) {
      out.printf(Locale.ROOT, "  baseline: raw Temporal, %d warm-up runs%n", warmup);
      rawRuns.startAll("warmup", warmup, START_THREADS);
      driver.awaitClosed(RawRuns.CLOSED, warmup, deadline, worker::alive);
    }
    out.printf(Locale.ROOT, "  baseline: raw Temporal, %d runs one at a time%n", timedRuns);
    List<History> histories = new ArrayList<>();
    for (int i = 1; i <= timedRuns; i++) {
      deadline.check("the raw runs made one at a time", () -> histories.size() + " ended");
      String id = rawRuns.start("timed", i);
      rawRuns.awaitCompleted(id, deadline.remaining().plusSeconds(1));
      histories.add(driver.history(id));
    }
    out.printf(Locale.ROOT, "  baseline: raw Temporal, %d runs started at once%n", runs);
    CpuMeter cpu =
        CpuMeter.start(
            Map.of(
                "worker",
                worker.pid(),
                "devServer",
                fleet.serverPid(),
                "bench",
                ProcessHandle.current().pid()));
    Instant from = Instant.now();
    rawRuns.startAll("run", runs, START_THREADS);
    driver.awaitClosed(RawRuns.CLOSED, (long) warmup + timedRuns + runs, deadline, worker::alive);
    Map<String, Double> cores = cpu.stop();
    BaselineSide.Window burst = new BaselineSide.Window(from, Instant.now());
    List<WorkflowExecutionInfo> measured =
        driver.listRuns(RawRuns.ALL).stream()
            .filter(r -> r.getExecution().getWorkflowId().startsWith("raw-chain/run-"))
            .toList();
    return side("raw", histories, measured, RawRuns::completed, cores, burst);
  }

  /**
   * One of the fleet's sides: {@code agent}'s warm-up, timed and concurrent runs.
   *
   * @param closedBefore the agent runs of earlier sides, closed already (visibility counts them)
   */
  private BaselineSide measureFleet(
      String label,
      Playbook agent,
      RunDriver driver,
      BenchFleet fleet,
      Deadline deadline,
      long closedBefore,
      PrintStream out) {
    if (warmup > 0) {
      out.printf(Locale.ROOT, "  baseline: %s, %d warm-up runs%n", label, warmup);
      driver.startAll(agent, BenchRecords.notes(agent, "warmup", warmup), START_THREADS);
      driver.awaitClosed(closedBefore + warmup, deadline, fleet::workerAlive);
    }
    out.printf(Locale.ROOT, "  baseline: %s, %d runs one at a time%n", label, timedRuns);
    List<History> histories = new ArrayList<>();
    for (InputRecord record : BenchRecords.notes(agent, "timed", timedRuns)) {
      deadline.check(label + ": the runs made one at a time", () -> histories.size() + " ended");
      String id = RunDriver.workflowId(agent, record);
      driver.launch(agent, List.of(record));
      RunState state = driver.result(id, deadline.remaining().plusSeconds(1));
      if (state.status() != RunStatus.COMPLETED) {
        throw new BenchFailure(
            "baseline: run " + id + " ended " + state.status().wireName() + ": " + state.errors());
      }
      histories.add(driver.history(id));
    }
    out.printf(Locale.ROOT, "  baseline: %s, %d runs started at once%n", label, runs);
    List<InputRecord> records = BenchRecords.notes(agent, "run", runs);
    CpuMeter cpu = Cpu.meter(fleet);
    Instant from = Instant.now();
    driver.startAll(agent, records, START_THREADS);
    driver.awaitClosed(closedBefore + warmup + timedRuns + runs, deadline, fleet::workerAlive);
    Map<String, Double> cores = cpu.stop();
    BaselineSide.Window burst = new BaselineSide.Window(from, Instant.now());
    return side(
        label,
        histories,
        driver.listRuns(agent, "run"),
        r -> RunDriver.fleetStatus(r).orElse("unknown").equals("completed"),
        cores,
        burst);
  }

  /** One side's figures from its timed runs' histories and the runs it started at once. */
  private BaselineSide side(
      String name,
      List<History> histories,
      List<WorkflowExecutionInfo> measured,
      Predicate<WorkflowExecutionInfo> completed,
      Map<String, Double> cores,
      BaselineSide.Window burst) {
    if (measured.size() != runs) {
      throw new BenchFailure(
          "baseline: visibility lists " + measured.size() + " " + name + " runs, expected " + runs);
    }
    List<Long> closes = new ArrayList<>();
    long firstStart = Long.MAX_VALUE;
    long lastClose = Long.MIN_VALUE;
    for (WorkflowExecutionInfo run : measured) {
      if (!completed.test(run)) {
        throw new BenchFailure(
            "baseline: the "
                + name
                + " run "
                + run.getExecution().getWorkflowId()
                + " did not complete ("
                + run.getStatus()
                + ") — see the workers' logs");
      }
      long close = EventTimes.nanos(run.getCloseTime());
      closes.add(close);
      firstStart = Math.min(firstStart, EventTimes.nanos(run.getStartTime()));
      lastClose = Math.max(lastClose, close);
    }
    History example = histories.get(0);
    return new BaselineSide(
        histories.stream().map(RunTimeline::of).toList(),
        Rates.steadyState(closes, 0.1, 0.9),
        Rates.overall(runs, firstStart, lastClose),
        example.getEventsCount(),
        example.getSerializedSize(),
        BaselineSide.bytesByType(example),
        cores,
        burst,
        null);
  }

  Measurement measure(BaselineFigures figures, Map<String, String> workerSettings) {
    List<String> method =
        List.of(
            "One dev server (its own, on free ports, SQLite, the fleet's settings) and two worker"
                + " JVMs started alike: the fleet's worker and a raw worker (bench.raw.RawWorkerMain:"
                + " plain Temporal Java SDK code, its own workflow and activity interfaces, a"
                + " workflow that calls a no-op activity "
                + steps
                + " times in a row) with the fleet worker's tuning (sticky cache, workflow pollers,"
                + " the model queues' activity slots and pollers, virtual threads). Both workers"
                + " poll throughout; each is idle while the other side is measured.",
            "The fleet: bench/agents/bench-chain.yaml ("
                + steps
                + " model steps, offline model, FLEET_MODEL_LATENCY_MS=0, response cache off),"
                + " started through the CLI's RunLauncher as the overhead and throughput"
                + " benchmarks start it; the fleet with local steps: the same chain with every"
                + " model step declared execution: local (bench-chain-local, derived in"
                + " .fleet/bench/agents); raw Temporal: WorkflowClient.start with the same notes.",
            "Raw Temporal first, then the fleet, then the fleet with local steps; each side: "
                + warmup
                + " warm-up runs started at once, then "
                + timedRuns
                + " runs one at a time (each started when the last ended), then "
                + runs
                + " runs started at once from "
                + START_THREADS
                + " threads.",
            "Time per step: each timed run's wall time (workflow started to closed, from its"
                + " history) divided by "
                + steps
                + "; p50 by nearest rank. Runs per second: completions between the 10 % and the 90"
                + " % completion of the runs started at once, from visibility (as the throughput"
                + " benchmark). History: the first timed run's history, its events and its"
                + " serialized size in bytes.",
            "Ratios are fleet / raw (local: the fleet with local steps / raw). Noise margin 10 % on"
                + " the timed ratios, none on bytes.",
            "Worker CPU per workflow task: both workers run with Java Flight Recorder's execution"
                + " samples (JAVA_TOOL_OPTIONS, the JDK's profile settings, every 10 ms per running"
                + " thread; recordings in .fleet/bench/baseline-recordings). Over each side's runs"
                + " started at once, the worker's measured CPU (cores times the time from the first"
                + " start to the last close) times the share of its samples taken in workflow"
                + " tasks (under the SDK's workflow-task, replay, state-machine or workflow-thread"
                + " frames) among those taken in workflow tasks or activities (under its activity"
                + " or local-activity frames), divided by the runs times the workflow tasks of a"
                + " timed run. Samples in neither (gRPC's event loops, pollers' idle loops) and"
                + " the unsampled JIT and GC threads are given to both in proportion. Of the"
                + " workflow tasks' CPU, the part under the workflow's own code is the share of"
                + " their samples with a frame of the project's classes (dev.agentfleet.: the"
                + " fleet's workflows and interceptors, raw Temporal's chain in bench) on the"
                + " stack: that code and the SDK calls it makes; the rest is the SDK's handling"
                + " of the task around it.",
            "Worker settings: "
                + workerSettings
                + "; the raw worker gets them too and reads its tuning from them"
                + " (FLEET_WORKFLOW_CACHE, FLEET_WORKFLOW_POLLERS, FLEET_MODEL_SLOTS,"
                + " FLEET_MODEL_POLLERS; the fleet worker's defaults when unset).");
    List<String> details =
        List.of(
            summary("raw Temporal:", figures.rawStepP50Ms(), figures.raw()),
            summary("the fleet:   ", figures.fleetStepP50Ms(), figures.fleet()),
            summary("local steps: ", figures.localStepP50Ms(), figures.local()));
    return new Measurement(
        parameters(), figures.figures(), figures.targets(), figures.limits(), method, details);
  }

  private static String summary(String side, double stepMs, BaselineSide measured) {
    return String.format(
        Locale.ROOT,
        "%s %.1f ms a step, %.1f runs/s, %d events / %d bytes a run",
        side,
        stepMs,
        measured.steadyRunsPerSecond(),
        measured.historyEvents(),
        measured.historyBytes());
  }
}
