package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.FleetUnderTest;
import dev.agentfleet.bench.fleet.Topology;
import dev.agentfleet.bench.history.Resumption;
import dev.agentfleet.bench.history.Resumption.State;
import dev.agentfleet.bench.history.RunTimeline;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.TargetCheck.Comparison;
import dev.agentfleet.bench.runs.BenchAgents;
import dev.agentfleet.bench.runs.BenchRecords;
import dev.agentfleet.bench.runs.Deadline;
import dev.agentfleet.bench.runs.EffectLedger;
import dev.agentfleet.bench.runs.RunDriver;
import dev.agentfleet.bench.stats.Percentiles;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.api.history.v1.History;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Recovery: runs in flight, their worker killed with SIGKILL, a new worker started at once. Per
 * run, the time from the kill until the new worker took one of its tasks up, from its history;
 * every run must complete and no effect may be in the ledger twice. On a cluster with several
 * workers one of them is killed while the others keep going: the runs measured are those the kill
 * held back, and another worker (a survivor or the new one) takes them up.
 *
 * <p>Longer than the usual ~300 lines on purpose: the measurement and the written method the report
 * prints sit together, so the description cannot drift from what is measured.
 */
public final class RecoveryBench implements Benchmark {

  static final double P99_TARGET_SECONDS = 15;
  static final double NOISE = 0.10;
  static final String ACKNOWLEDGED = "bench: acknowledged";
  static final int EFFECTS_PER_RUN = 2;

  public static final int DEFAULT_RUNS = 200;
  public static final int DEFAULT_LATENCY_MS = 2000;
  public static final double DEFAULT_KILL_AFTER = 0.5;
  private static final Duration POLL = Duration.ofMillis(50);

  private final int runs;
  private final int latencyMs;
  private final double killAfter;
  private final boolean localSteps;
  private final Topology topology;

  public RecoveryBench(int runs, int latencyMs, double killAfter) {
    this(runs, latencyMs, killAfter, false, Topology.DEV_SERVER);
  }

  /**
   * @param localSteps run the agent's model steps as local activities ({@code execution: local}): a
   *     kill then lands inside workflow tasks, and the new worker calls the model again
   */
  public RecoveryBench(
      int runs, int latencyMs, double killAfter, boolean localSteps, Topology topology) {
    this.runs = Checks.positive("--runs", runs);
    this.latencyMs = Checks.positive("--latency-ms", latencyMs);
    this.killAfter = Checks.share("--kill-after", killAfter);
    this.localSteps = localSteps;
    this.topology = topology;
  }

  /** The issue's size. */
  public static RecoveryBench defaults() {
    return new RecoveryBench(DEFAULT_RUNS, DEFAULT_LATENCY_MS, DEFAULT_KILL_AFTER);
  }

  /** A smoke size. */
  public static RecoveryBench quick() {
    return new RecoveryBench(30, DEFAULT_LATENCY_MS, DEFAULT_KILL_AFTER);
  }

  @Override
  public String name() {
    return topology.resultName("recovery");
  }

  @Override
  public String title() {
    return topology.workers() == 1
        ? "kill -9 of the worker with runs in flight" + topology.titleSuffix()
        : "kill -9 of one of " + topology.workers() + " workers with runs in flight, on a cluster";
  }

  double startsPerSecond() {
    return runs / (latencyMs / 1000.0);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("runs", runs);
    p.put("modelLatencyMs", latencyMs);
    p.put("killAfterShareAcknowledged", killAfter);
    p.put("startsPerSecond", Figures.round(startsPerSecond()));
    p.put("activitySlots", Math.max(200, runs + 50));
    p.put("responseCache", "off");
    p.put("modelSteps", localSteps ? "local" : "activity");
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
                "FLEET_ACTIVITY_SLOTS", Integer.toString(Math.max(200, runs + 50))));
    Duration budget = Duration.ofSeconds(300 + runs / 2 + 4L * latencyMs / 1000);
    BenchAgents agents = new BenchAgents(context.agents());
    // Derived before the worker starts: it deploys the derived agents it finds at start.
    Playbook agent =
        localSteps
            ? agents.localVariant(BenchAgents.RECOVERY, context.derivedAgents())
            : agents.load(BenchAgents.RECOVERY);
    try (FleetUnderTest fleet = topology.start("recovery", context.repo(), settings, out)) {
      Deadline deadline = context.deadline(name(), budget);
      RunDriver driver = new RunDriver(fleet.temporal(), name(), out);
      EffectLedger ledger = new EffectLedger(fleet.ledger());
      List<InputRecord> records = BenchRecords.addressedNotes(agent, "run", runs);
      out.printf(
          Locale.ROOT,
          "  recovery: starting %d runs at %.0f a second (spread over one model latency)%n",
          runs,
          startsPerSecond());
      driver.startPaced(agent, records, startsPerSecond());
      long threshold = (long) Math.ceil(killAfter * runs);
      while (ledger.mailsWithSubject(ACKNOWLEDGED) < threshold) {
        if (!fleet.workerAlive()) {
          throw new BenchFailure(
              "recovery: the worker stopped before the kill — see " + fleet.logs());
        }
        deadline.check(
            threshold + " first effects before the kill",
            () -> ledger.mailsWithSubject(ACKNOWLEDGED) + " so far");
        sleep(POLL);
      }
      long acknowledgedAtKill = ledger.mailsWithSubject(ACKNOWLEDGED);
      List<Long> workerPids = fleet.workerPids();
      long killedPid = workerPids.get(0);
      Instant kill = fleet.killWorker();
      out.printf(
          Locale.ROOT,
          "  recovery: killed %s (pid %d, SIGKILL) with %d of %d runs past their first"
              + " effect; starting a new one%n",
          workerPids.size() == 1 ? "the worker" : "worker 1 of " + workerPids.size(),
          killedPid,
          acknowledgedAtKill,
          runs);
      fleet.startWorker();
      double restartSeconds = Duration.between(kill, Instant.now()).toNanos() / 1e9;
      driver.awaitClosed(runs, deadline, fleet::workerAlive);
      List<String> ids = records.stream().map(r -> RunDriver.workflowId(agent, r)).toList();
      Map<String, History> histories = driver.histories(ids, 4, deadline);
      return measure(
          histories,
          kill,
          workerPids,
          restartSeconds,
          acknowledgedAtKill,
          ledger.effects(),
          fleet.describeWorkerSettings(),
          fleet.describe());
    }
  }

  /**
   * @param workerPids the workers at the kill, the killed one first
   */
  Measurement measure(
      Map<String, History> histories,
      Instant kill,
      List<Long> workerPids,
      double restartSeconds,
      long acknowledgedAtKill,
      EffectLedger.Effects effects,
      Map<String, String> workerSettings,
      String fleetDescription) {
    long killNanos = kill.getEpochSecond() * 1_000_000_000L + kill.getNano();
    String killedIdentity = killedIdentity(histories, killNanos, workerPids);
    boolean survivors = workerPids.size() > 1;
    Map<State, List<Double>> resumeByState = new EnumMap<>(State.class);
    List<Double> resumed = new ArrayList<>();
    List<Double> completed = new ArrayList<>();
    int inFlight = 0;
    int elsewhere = 0;
    int notResumed = 0;
    int notCompleted = 0;
    int retried = 0;
    String notCompletedExample = null;
    for (Map.Entry<String, History> entry : histories.entrySet()) {
      Resumption r = Resumption.of(entry.getValue(), killNanos, killedIdentity);
      retried += r.retriedActivities();
      Optional<RunState> state = RunDriver.finalState(entry.getValue());
      if (state.isEmpty() || state.get().status() != RunStatus.COMPLETED) {
        notCompleted++;
        notCompletedExample =
            entry.getKey()
                + " ended "
                + state.map(s -> s.status().wireName()).orElse("without completing");
      }
      if (r.atKill() == State.CLOSED
          || r.atKill() == State.CLOSED_AT_KILL
          || r.atKill() == State.NOT_STARTED) {
        continue;
      }
      if (survivors && !r.atKill().onKilledWorker()) {
        // With workers that kept running, a run the kill did not hold back is not a recovery.
        elsewhere++;
        continue;
      }
      inFlight++;
      if (!r.resumed()) {
        notResumed++;
        continue;
      }
      double seconds = (r.resumedNanos() - killNanos) / 1e9;
      resumed.add(seconds);
      resumeByState.computeIfAbsent(r.atKill(), s -> new ArrayList<>()).add(seconds);
      if (r.firstCompletionNanos() >= 0) {
        completed.add((r.firstCompletionNanos() - killNanos) / 1e9);
      }
    }
    if (resumed.isEmpty()) {
      throw new BenchFailure(
          "recovery: no run was in flight at the kill and resumed afterwards — nothing to measure"
              + " (runs in flight: "
              + inFlight
              + ")");
    }
    List<RunTimeline> timelines = histories.values().stream().map(RunTimeline::of).toList();
    double actionBody = RunTimeline.meanBodyMillis(timelines, "ActionExecute");
    double modelBody = RunTimeline.meanBodyMillis(timelines, "ModelComplete");
    Percentiles resume = Percentiles.of(resumed);
    Percentiles firstCompletion = Percentiles.of(completed.isEmpty() ? resumed : completed);
    long expectedEffects = (long) EFFECTS_PER_RUN * histories.size();

    Map<String, Object> figures = new LinkedHashMap<>();
    Figures.seconds(figures, "resumeSecondsP50", resume.p50());
    Figures.seconds(figures, "resumeSecondsP99", resume.p99());
    Figures.seconds(figures, "resumeSecondsMax", resume.max());
    Figures.seconds(figures, "firstCompletionSecondsP50", firstCompletion.p50());
    Figures.seconds(figures, "firstCompletionSecondsP99", firstCompletion.p99());
    Figures.seconds(figures, "newWorkerPollingAfterSeconds", restartSeconds);
    figures.put("runsInFlightAtKill", inFlight);
    if (survivors) {
      figures.put("runsOnOtherWorkersAtKill", elsewhere);
    }
    figures.put("runsPastFirstEffectAtKill", acknowledgedAtKill);
    Map<String, Object> states = new LinkedHashMap<>();
    resumeByState.forEach((s, list) -> states.put(s.label(), list.size()));
    figures.put("atKill", states);
    figures.put("runsNotResumed", notResumed);
    figures.put("runsNotCompleted", notCompleted);
    figures.put("effects", effects.mails());
    figures.put("expectedEffects", expectedEffects);
    figures.put("duplicateEffects", effects.duplicateMails());
    figures.put("unfinishedLedgerActions", effects.unfinishedActions());
    figures.put("retriedActivities", retried);
    Figures.ms(figures, "actionBodyMeanMs", actionBody);
    if (!localSteps) {
      // Local model calls leave no activity events: their time is inside workflow tasks.
      Figures.ms(figures, "modelCallBodyMeanMs", modelBody);
    }

    // A missing or extra effect counts like a duplicate: either way the ledger is wrong.
    long wrongEffects =
        effects.duplicateMails()
            + effects.unfinishedActions()
            + Math.abs(effects.mails() - expectedEffects);
    List<TargetCheck> targets =
        List.of(
            TargetCheck.judge(
                "resumeSecondsP99",
                survivors
                    ? "time from the kill to resumed on another worker, p99"
                    : "time from the kill to resumed on the new worker, p99",
                "s",
                Comparison.AT_MOST,
                P99_TARGET_SECONDS,
                NOISE,
                resume.p99()),
            TargetCheck.judge(
                "runsNotCompleted",
                "runs that did not complete",
                "",
                Comparison.AT_MOST,
                0,
                0,
                (double) (notCompleted + notResumed)),
            TargetCheck.judge(
                "duplicateEffects",
                "effects done twice, missing or unfinished in the ledger",
                "",
                Comparison.AT_MOST,
                0,
                0,
                (double) wrongEffects));

    List<String> byState = new ArrayList<>();
    resumeByState.forEach(
        (s, list) -> {
          Percentiles p = Percentiles.of(list);
          byState.add(
              String.format(
                  Locale.ROOT,
                  "%d with %s resumed after p50 %.1f s, max %.1f s",
                  list.size(),
                  s.label(),
                  p.p50(),
                  p.max()));
        });
    String limits =
        String.format(
            Locale.ROOT,
            "of the %d runs in flight at the kill%s, %s; the new worker polled %.1f s after the"
                + " kill; %d activities ran again after the kill; an action took %.0f ms on"
                + " average, %s",
            inFlight,
            survivors
                ? String.format(
                    Locale.ROOT,
                    " on the killed worker (%d more were on the %d that kept running)",
                    elsewhere,
                    workerPids.size() - 1)
                : "",
            String.join("; ", byState),
            restartSeconds,
            retried,
            actionBody,
            localSteps
                ? "model calls ran as local activities inside workflow tasks"
                : String.format(Locale.ROOT, "a model call %.0f ms", modelBody));
    if (notCompleted > 0) {
      limits += "; " + notCompleted + " runs did not complete (e.g. " + notCompletedExample + ")";
    }
    List<String> method =
        List.of(
            "Agent bench/agents/bench-recovery.yaml: model call, mail (sandbox mailer), model"
                + " call, mail"
                + (localSteps
                    ? " (derived as bench-recovery-local: its model calls declared execution:"
                        + " local, so they run as local activities inside workflow tasks)"
                    : "")
                + "; offline model with FLEET_MODEL_LATENCY_MS="
                + latencyMs
                + " so runs stay in flight, response cache off, "
                + fleetDescription
                + ".",
            runs
                + " runs started one after the other at "
                + Math.round(startsPerSecond())
                + " a second (spread over one model latency, so runs are at different points);"
                + (survivors
                    ? " worker 1 of " + workerPids.size() + " was killed"
                    : " the worker was killed")
                + " (ProcessHandle.destroyForcibly: SIGKILL) once "
                + Math.round(killAfter * 100)
                + " % of the runs had sent their first mail, and a new worker JVM started at"
                + " once"
                + (survivors
                    ? " by the cluster's own code (what ./fleet cluster up does for a worker that"
                        + " is down); the others kept running."
                    : "."),
            "Resumed: per run in flight at the kill, the first workflow task or activity the new"
                + " worker started (by the identity on the history event), minus the moment of the"
                + " kill. First completion (also reported): the first task the new worker"
                + " completed, which for a resumed model call includes its latency."
                + (survivors
                    ? " With workers that kept running, a run counts as in flight at the kill only"
                        + " when a task of it had started on the killed worker or waited on its"
                        + " sticky queue, and any worker but the killed one may resume it."
                    : ""),
            "What a run was doing at the kill is read from its history: an activity started and"
                + " not closed, one scheduled and not started, or a workflow task. Known bounds:"
                + " model calls heartbeat with a 10 s heartbeat timeout, actions have a 30 s"
                + " start-to-close timeout and no heartbeat, a sticky workflow task moves to the"
                + " normal queue after 5 s (StepActivities and the SDK's defaults).",
            "Effects: rows of the sandbox mailer, which must be exactly two per run and unique per"
                + " run and subject; ledger actions must all be completed. Noise margin 10 % on"
                + " the time, none on the counts.",
            "Worker settings: " + workerSettings + ".");
    List<String> details =
        List.of(
            String.format(
                Locale.ROOT,
                "resumed p50 %.1f s, max %.1f s; first completion p50 %.1f s, p99 %.1f s",
                resume.p50(),
                resume.max(),
                firstCompletion.p50(),
                firstCompletion.p99()),
            "at the kill: " + String.join("; ", byState),
            String.format(
                Locale.ROOT,
                "effects %d of %d expected, %d done twice, %d unfinished; %d runs not completed",
                effects.mails(),
                expectedEffects,
                effects.duplicateMails(),
                effects.unfinishedActions(),
                notCompleted));
    return new Measurement(parameters(), figures, targets, limits, method, details);
  }

  /**
   * The killed worker's identity (the first of {@code workerPids}), as the histories recorded it
   * before the kill; every identity before the kill must be one of the fleet's workers, by the pid
   * the SDK's default identity ({@code pid@host}) starts with.
   */
  static String killedIdentity(
      Map<String, History> histories, long killNanos, List<Long> workerPids) {
    String killed = null;
    for (History history : histories.values()) {
      for (String identity : Resumption.identitiesBefore(history, killNanos)) {
        if (workerPids.stream().noneMatch(pid -> identity.startsWith(pid + "@"))) {
          throw new BenchFailure(
              "recovery: tasks before the kill were taken by '"
                  + identity
                  + "', not by the fleet's "
                  + (workerPids.size() == 1 ? "worker (pid " : "workers (pids ")
                  + workerPids.stream().map(String::valueOf).collect(Collectors.joining(", "))
                  + ") — was another worker polling this server?");
        }
        if (identity.startsWith(workerPids.get(0) + "@")) {
          killed = identity;
        }
      }
    }
    if (killed == null) {
      throw new BenchFailure(
          "recovery: no run had reached the killed worker (pid "
              + workerPids.get(0)
              + ") before the kill");
    }
    return killed;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("recovery: interrupted");
    }
  }
}
