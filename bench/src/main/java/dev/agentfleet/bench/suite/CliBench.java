package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.BenchFleet;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.runs.BenchAgents;
import dev.agentfleet.bench.runs.BenchRecords;
import dev.agentfleet.bench.runs.Deadline;
import dev.agentfleet.bench.runs.RunDriver;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.playbook.Playbook;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast the {@code ./fleet} CLI answers with the fleet up: the script itself (its build check,
 * its JDK pick, its class cache) is called as a person calls it, against a dev server and worker of
 * its own holding finished runs, each verb many times with the class cache and as many without it
 * ({@code FLEET_CLI_CDS=0}), alternately, so both see the same machine.
 */
public final class CliBench implements Benchmark {

  public static final int DEFAULT_CALLS = 11;
  public static final int DEFAULT_RUNS = 30;
  static final int STEPS = 5;
  static final Duration CACHE_WAIT = Duration.ofSeconds(90);
  static final int WARMUP_ROUNDS = 3;

  /** How a call is made. */
  enum Way {
    /** as a user calls it: the resident CLI answers */
    RESIDENT,
    /** a JVM of its own with the class cache */
    JVM,
    /** a JVM of its own without the class cache */
    NO_CACHE
  }

  static final Duration CALL_LIMIT = Duration.ofMinutes(15);

  private final int calls;
  private final int runs;

  public CliBench(int calls, int runs) {
    this.calls = Checks.positive("--calls", calls);
    this.runs = Checks.positive("--runs", runs);
  }

  public static CliBench defaults() {
    return new CliBench(DEFAULT_CALLS, DEFAULT_RUNS);
  }

  public static CliBench quick() {
    return new CliBench(3, 5);
  }

  @Override
  public String name() {
    return "cli";
  }

  @Override
  public String title() {
    return "how fast the CLI answers, fleet up";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("callsPerVerb", calls);
    p.put("finishedRuns", runs);
    p.put("verbs", List.of("--version", "status RUN", "pending", "runs", "ledger"));
    return p;
  }

  @Override
  public Measurement run(BenchContext context) {
    PrintStream out = context.out();
    Map<String, String> settings = context.workerSettings(ZeroLatencyChain.WORKER_SETTINGS);
    Playbook agent = new BenchAgents(context.agents()).chain(STEPS, context.derivedAgents());
    try (BenchFleet fleet = BenchFleet.start(name(), context.repo(), settings, out)) {
      Deadline deadline = context.deadline(name(), Duration.ofMinutes(20));
      RunDriver driver = new RunDriver(fleet.temporal(), name(), out);
      List<InputRecord> records = BenchRecords.notes(agent, "cli", runs);
      out.printf(Locale.ROOT, "  cli: %d runs for the CLI to list%n", runs);
      driver.startAll(agent, records, 4);
      driver.awaitClosed(runs, deadline, fleet::workerAlive);
      FleetScript script = new FleetScript(context.repo(), fleet);
      List<List<String>> verbs =
          List.of(
              List.of("--version"),
              List.of("status", RunDriver.workflowId(agent, records.get(0))),
              List.of("pending"),
              List.of("runs"),
              List.of("ledger"));
      out.println(
          "  cli: a first call (builds what is stale, records the class cache, starts the"
              + " resident CLI)");
      script.call(List.of("runs"), Way.RESIDENT, CALL_LIMIT);
      script.awaitCache(CACHE_WAIT);
      script.awaitResident(CACHE_WAIT);
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        for (List<String> verb : verbs) {
          script.call(verb, Way.RESIDENT, CALL_LIMIT);
        }
      }
      Map<String, List<Double>> resident = new LinkedHashMap<>();
      Map<String, List<Double>> cached = new LinkedHashMap<>();
      Map<String, List<Double>> uncached = new LinkedHashMap<>();
      out.printf(
          Locale.ROOT,
          "  cli: %d calls of each verb each way: as a user makes them, in a JVM with the class"
              + " cache, in a JVM without%n",
          calls);
      for (int i = 0; i < calls; i++) {
        deadline.check("the CLI calls", () -> resident.size() + " verbs measured");
        for (List<String> verb : verbs) {
          String name = verb.get(0);
          resident
              .computeIfAbsent(name, k -> new ArrayList<>())
              .add(script.call(verb, Way.RESIDENT, CALL_LIMIT));
          cached
              .computeIfAbsent(name, k -> new ArrayList<>())
              .add(script.call(verb, Way.JVM, CALL_LIMIT));
          uncached
              .computeIfAbsent(name, k -> new ArrayList<>())
              .add(script.call(verb, Way.NO_CACHE, CALL_LIMIT));
        }
      }
      CliFigures figures = new CliFigures(resident, cached, uncached);
      return new Measurement(
          parameters(),
          figures.figures(),
          figures.targets(),
          figures.limits(),
          List.of(
              "One dev server and one worker of its own (on free ports) holding "
                  + runs
                  + " finished runs of bench-chain; the CLI is called as a person calls it, through"
                  + " the repository's ./fleet script (its build check, its JDK pick and its class"
                  + " cache included), with TEMPORAL_ADDRESS and FLEET_HOME pointing at that fleet.",
              "A first call of ./fleet runs builds what is stale, records the class cache and"
                  + " starts the resident CLI, and the benchmark waits until both are in place and"
                  + " makes "
                  + WARMUP_ROUNDS
                  + " warm-up rounds of every verb; then each verb is called "
                  + calls
                  + " times each way, alternately: as a user calls it (the resident CLI answers),"
                  + " with FLEET_CLI_DAEMON=0 (a JVM of its own with the class cache) and with"
                  + " FLEET_CLI_DAEMON=0 FLEET_CLI_CDS=0 (a JVM without); a call's time is from"
                  + " starting the script to its exit (exit 0 required), its output discarded.",
              "Figures are medians by nearest rank; the targets (issue 14: at most 0.5 s) apply"
                  + " to status, pending, runs and ledger with the cache, noise margin 20 %."),
          List.of(
              line("as a user calls it:", figures::median),
              line("a JVM with the cache:", figures::jvmMedian),
              line("a JVM without it:", figures::uncachedMedian)));
    }
  }

  private static String line(String how, java.util.function.ToDoubleFunction<String> median) {
    return String.format(
        Locale.ROOT,
        "%-22s --version %.2f s, status %.2f s, pending %.2f s, runs %.2f s, ledger %.2f s",
        how,
        median.applyAsDouble("--version"),
        median.applyAsDouble("status"),
        median.applyAsDouble("pending"),
        median.applyAsDouble("runs"),
        median.applyAsDouble("ledger"));
  }
}
