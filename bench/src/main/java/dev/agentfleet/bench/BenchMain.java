package dev.agentfleet.bench;

import dev.agentfleet.bench.result.BenchResult;
import dev.agentfleet.bench.result.BenchmarksReport;
import dev.agentfleet.bench.result.Machine;
import dev.agentfleet.bench.result.ResultFiles;
import dev.agentfleet.bench.result.Verdict;
import dev.agentfleet.bench.suite.BaselineBench;
import dev.agentfleet.bench.suite.CliBench;
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
 * command line). {@code all} runs them all in sequence and writes {@code BENCHMARKS.md}.
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
      SuiteCommands.Overhead.class,
      SuiteCommands.Throughput.class,
      SuiteCommands.Concurrency.class,
      SuiteCommands.Recovery.class,
      SuiteCommands.Cost.class,
      SuiteCommands.Baseline.class,
      SuiteCommands.Cli.class,
      BenchMain.All.class,
      BenchMain.Report.class
    })
public final class BenchMain implements Callable<Integer> {

  /** The benchmarks in the order {@code all} runs them and the report lists them. */
  static final List<String> NAMES =
      List.of("overhead", "throughput", "concurrency", "recovery", "cost", "baseline", "cli");

  /** The benchmarks that also run on a cluster ({@code --cluster}), in the report's order. */
  static final List<String> CLUSTER_NAMES = List.of("throughput", "concurrency", "recovery");

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
      name = "all",
      mixinStandardHelpOptions = true,
      description = {
        "Runs the seven benchmarks in sequence and writes BENCHMARKS.md.",
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
                  CostBench.quick(),
                  BaselineBench.quick(),
                  CliBench.quick())
              : List.of(
                  OverheadBench.defaults(),
                  ThroughputBench.defaults(),
                  ConcurrencyBench.defaults(),
                  RecoveryBench.defaults(),
                  CostBench.defaults(),
                  BaselineBench.defaults(),
                  CliBench.defaults());
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
    List<BenchResult> clusterResults =
        new ResultFiles(repo().resolve("bench").resolve("results")).readCluster(CLUSTER_NAMES);
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
          BenchmarksReport.render(results, clusterResults, command, date, reading) + quality,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
