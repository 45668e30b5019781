package dev.agentfleet.bench;

import dev.agentfleet.bench.result.BenchResult;
import dev.agentfleet.bench.result.BenchmarksReport;
import dev.agentfleet.bench.result.Machine;
import dev.agentfleet.bench.result.Verdict;
import dev.agentfleet.bench.suite.ConcurrencyBench;
import dev.agentfleet.bench.suite.CostBench;
import dev.agentfleet.bench.suite.OverheadBench;
import dev.agentfleet.bench.suite.RecoveryBench;
import dev.agentfleet.bench.suite.ThroughputBench;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./fleet bench NAME [options]}: runs a benchmark against its own local dev server and
 * worker, prints each figure against its target, writes {@code bench/results/NAME.json}, and exits
 * 1 when a target is missed by more than its noise margin (3 when it could not measure, 2 on a bad
 * command line). {@code all} runs the five in sequence and writes {@code BENCHMARKS.md}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks of the fleet, each on its own dev server and worker under .fleet/bench/NAME/.",
      "Each writes bench/results/NAME.json; all also writes BENCHMARKS.md.",
      "Exit code: 0 targets met or missed within noise; 1 a target missed beyond noise;",
      "2 a bad command line; 3 could not measure."
    },
    subcommands = {
      BenchMain.Overhead.class,
      BenchMain.Throughput.class,
      BenchMain.Concurrency.class,
      BenchMain.Recovery.class,
      BenchMain.Cost.class,
      BenchMain.All.class,
      BenchMain.Report.class
    })
public final class BenchMain implements Callable<Integer> {

  /** The benchmarks in the order {@code all} runs them and the report lists them. */
  static final List<String> NAMES =
      List.of("overhead", "throughput", "concurrency", "recovery", "cost");

  static String commandLine = "./fleet bench";
  static PrintStream out = System.out;

  public static void main(String[] args) {
    commandLine = "./fleet bench " + String.join(" ", quoted(args));
    CommandLine cli = new CommandLine(new BenchMain());
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("bench: " + e.getMessage());
          return e instanceof IllegalArgumentException ? 2 : 3;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, out);
    return 2;
  }

  static Path repo() {
    String configured = System.getenv("FLEET_REPO");
    return Path.of(configured == null || configured.isBlank() ? "." : configured)
        .toAbsolutePath()
        .normalize();
  }

  static BenchContext context(CommonOptions common) {
    return new BenchContext(repo(), out, Map.copyOf(common.workerEnv), common.timeout());
  }

  static BenchResult.Stamp stamp() {
    return new BenchResult.Stamp(
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        commandLine,
        GitCommit.of(repo()),
        Machine.current());
  }

  static int runOne(CommonOptions common, Benchmark benchmark) {
    BenchResult result = new BenchRunner(context(common), stamp()).run(benchmark);
    return BenchRunner.exitCode(result.verdict());
  }

  /** The warm-up runs: as given, else a quarter of the measured runs, at most {@code atMost}. */
  static int warmup(Integer given, int runs, int atMost) {
    return given != null ? given : Math.min(atMost, runs / 4);
  }

  private static List<String> quoted(String[] args) {
    List<String> quoted = new ArrayList<>();
    for (String arg : args) {
      quoted.add(arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return quoted;
  }

  @Command(
      name = "overhead",
      mixinStandardHelpOptions = true,
      description = {
        "Orchestration overhead per step of a K-step agent on a zero-latency model.",
        "Per run, from its history: (wall time - activity bodies) / steps.",
        "Targets: p50 <= 25 ms, p99 <= 100 ms."
      })
  static final class Overhead implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--runs",
        defaultValue = "" + OverheadBench.DEFAULT_RUNS,
        description = "measured runs (${DEFAULT-VALUE})")
    int runs;

    @Option(
        names = "--steps",
        defaultValue = "" + OverheadBench.DEFAULT_STEPS,
        description = "model steps K (${DEFAULT-VALUE})")
    int steps;

    @Option(
        names = "--warmup",
        description = "warm-up runs, not measured (default: a quarter of --runs, at most 50)")
    Integer warmup;

    @Option(
        names = "--concurrency",
        defaultValue = "" + OverheadBench.DEFAULT_CONCURRENCY,
        description = "runs in flight at once (${DEFAULT-VALUE}: one after the other)")
    int concurrency;

    @Option(
        names = "--pause-ms",
        defaultValue = "0",
        description =
            "pause between a run's end and the next start (${DEFAULT-VALUE}); a pause of a"
                + " second or more measures runs on an otherwise idle server")
    int pauseMs;

    @Override
    public Integer call() {
      return runOne(
          common,
          new OverheadBench(
              runs,
              steps,
              warmup(warmup, runs, OverheadBench.DEFAULT_WARMUP),
              concurrency,
              pauseMs));
    }
  }

  @Command(
      name = "throughput",
      mixinStandardHelpOptions = true,
      description = {
        "Completed K-step runs per second, one worker, zero-latency model.",
        "Steady state: between 10 % and 90 % of the completions. Target: >= 10 runs/s."
      })
  static final class Throughput implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--runs",
        defaultValue = "" + ThroughputBench.DEFAULT_RUNS,
        description = "measured runs (${DEFAULT-VALUE})")
    int runs;

    @Option(
        names = "--steps",
        defaultValue = "" + ThroughputBench.DEFAULT_STEPS,
        description = "model steps K (${DEFAULT-VALUE})")
    int steps;

    @Option(
        names = "--warmup",
        description = "warm-up runs, not measured (default: a quarter of --runs, at most 50)")
    Integer warmup;

    @Override
    public Integer call() {
      return runOne(
          common,
          new ThroughputBench(runs, steps, warmup(warmup, runs, ThroughputBench.DEFAULT_WARMUP)));
    }
  }

  @Command(
      name = "concurrency",
      mixinStandardHelpOptions = true,
      description = {
        "Many runs in flight on one worker, every step a slow model call.",
        "Wall time / (steps x latency), with the worker's peak heap and threads.",
        "Target: <= 1.2."
      })
  static final class Concurrency implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--runs",
        defaultValue = "" + ConcurrencyBench.DEFAULT_RUNS,
        description = "runs in flight (${DEFAULT-VALUE})")
    int runs;

    @Option(
        names = "--steps",
        defaultValue = "" + ConcurrencyBench.DEFAULT_STEPS,
        description = "model steps K (${DEFAULT-VALUE})")
    int steps;

    @Option(
        names = "--latency-ms",
        defaultValue = "" + ConcurrencyBench.DEFAULT_LATENCY_MS,
        description = "latency of each model call (${DEFAULT-VALUE})")
    int latencyMs;

    @Option(
        names = "--warmup",
        description = "warm-up runs, not measured (default: a quarter of --runs, at most 20)")
    Integer warmup;

    @Override
    public Integer call() {
      return runOne(
          common,
          new ConcurrencyBench(
              runs, steps, latencyMs, warmup(warmup, runs, ConcurrencyBench.DEFAULT_WARMUP)));
    }
  }

  @Command(
      name = "recovery",
      mixinStandardHelpOptions = true,
      description = {
        "kill -9 of the worker with runs in flight, a new worker started at once.",
        "Per run: the time from the kill until the new worker took it up.",
        "Targets: p99 <= 15 s, every run completed, no effect in the ledger twice."
      })
  static final class Recovery implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--runs",
        defaultValue = "" + RecoveryBench.DEFAULT_RUNS,
        description = "runs in flight (${DEFAULT-VALUE})")
    int runs;

    @Option(
        names = "--latency-ms",
        defaultValue = "" + RecoveryBench.DEFAULT_LATENCY_MS,
        description = "latency of each model call, which keeps runs in flight (${DEFAULT-VALUE})")
    int latencyMs;

    @Option(
        names = "--kill-after",
        defaultValue = "" + RecoveryBench.DEFAULT_KILL_AFTER,
        description = "kill once this share of the runs made their first effect (${DEFAULT-VALUE})")
    double killAfter;

    @Override
    public Integer call() {
      return runOne(common, new RecoveryBench(runs, latencyMs, killAfter));
    }
  }

  @Command(
      name = "cost",
      mixinStandardHelpOptions = true,
      description = {
        "The response cache on a repeated batch of the same records.",
        "Model calls, tokens and cost of the first and the second pass, from the ledger.",
        "Target: >= 95 % of the calls and tokens saved."
      })
  static final class Cost implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--records",
        defaultValue = "" + CostBench.DEFAULT_RECORDS,
        description = "records in the batch (${DEFAULT-VALUE})")
    int records;

    @Option(
        names = "--concurrency",
        defaultValue = "" + CostBench.DEFAULT_CONCURRENCY,
        description = "the batch's concurrency (${DEFAULT-VALUE})")
    int concurrency;

    @Override
    public Integer call() {
      return runOne(common, new CostBench(records, concurrency));
    }
  }

  @Command(
      name = "all",
      mixinStandardHelpOptions = true,
      description = {
        "Runs the five benchmarks in sequence and writes BENCHMARKS.md.",
        "Default sizes are the issue's; --quick runs each at a smoke size."
      })
  static final class All implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--quick", description = "small sizes, to check the benchmarks work")
    boolean quick;

    @Override
    public Integer call() {
      String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      BenchRunner runner = new BenchRunner(context(common), stamp());
      List<Benchmark> benchmarks =
          quick
              ? List.of(
                  OverheadBench.quick(),
                  ThroughputBench.quick(),
                  ConcurrencyBench.quick(),
                  RecoveryBench.quick(),
                  CostBench.quick())
              : List.of(
                  OverheadBench.defaults(),
                  ThroughputBench.defaults(),
                  ConcurrencyBench.defaults(),
                  RecoveryBench.defaults(),
                  CostBench.defaults());
      Verdict worst = Verdict.PASS;
      List<BenchResult> results = new ArrayList<>();
      for (Benchmark benchmark : benchmarks) {
        BenchResult result = runner.run(benchmark);
        results.add(result);
        worst = worst.worse(result.verdict());
        out.println();
      }
      Path report = writeReport(results, commandLine, date);
      out.println("wrote " + repo().relativize(report) + "; overall: " + worst.label());
      return BenchRunner.exitCode(worst);
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Writes BENCHMARKS.md from bench/results/ without running anything.")
  static final class Report implements Callable<Integer> {
    @Override
    public Integer call() {
      List<BenchResult> results =
          new BenchRunner(context(new CommonOptions()), stamp()).files().readAll(NAMES);
      if (results.isEmpty()) {
        out.println("no results in bench/results/ — run ./fleet bench all first");
        return 3;
      }
      List<String> commands = results.stream().map(BenchResult::command).distinct().toList();
      String command = commands.size() == 1 ? commands.get(0) : "several; see each benchmark";
      String first = results.stream().map(BenchResult::date).min(String::compareTo).orElseThrow();
      String last = results.stream().map(BenchResult::date).max(String::compareTo).orElseThrow();
      String dates = first.equals(last) ? first : first + " to " + last;
      Path report = writeReport(results, command, dates);
      out.println("wrote " + repo().relativize(report) + " from " + results.size() + " results");
      return 0;
    }
  }

  static Path writeReport(List<BenchResult> results, String command, String date) {
    Path file = repo().resolve("BENCHMARKS.md");
    Path readingFile = repo().resolve("bench").resolve("reading.md");
    try {
      String reading =
          Files.isRegularFile(readingFile)
              ? Files.readString(readingFile, StandardCharsets.UTF_8)
              : "";
      String quality =
          dev.agentfleet.bench.result.DecisionQualitySection.render(
              repo().resolve("bench").resolve("results").resolve("decision-quality"));
      Files.writeString(
          file,
          BenchmarksReport.render(results, command, date, reading) + quality,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
