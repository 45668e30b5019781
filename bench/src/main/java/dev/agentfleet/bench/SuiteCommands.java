package dev.agentfleet.bench;

import dev.agentfleet.bench.suite.BaselineBench;
import dev.agentfleet.bench.suite.CliBench;
import dev.agentfleet.bench.suite.ConcurrencyBench;
import dev.agentfleet.bench.suite.CostBench;
import dev.agentfleet.bench.suite.OverheadBench;
import dev.agentfleet.bench.suite.RecoveryBench;
import dev.agentfleet.bench.suite.ThroughputBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The benchmarks as {@code ./fleet bench} sub-commands, each with its sizes as options (their
 * defaults are the benchmark's own); {@link BenchMain} runs them and {@code all} runs them all.
 */
final class SuiteCommands {

  private SuiteCommands() {}

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
      return BenchMain.runOne(
          common,
          new OverheadBench(
              runs,
              steps,
              BenchMain.warmup(warmup, runs, OverheadBench.DEFAULT_WARMUP),
              concurrency,
              pauseMs));
    }
  }

  @Command(
      name = "throughput",
      mixinStandardHelpOptions = true,
      description = {
        "Completed K-step runs per second, one worker, zero-latency model.",
        "Steady state: between 10 % and 90 % of the completions. Target: >= 10 runs/s.",
        "--cluster [--workers N]: on a PostgreSQL-backed cluster with N workers."
      })
  static final class Throughput implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin TopologyOptions where;

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
      return BenchMain.runOne(
          common,
          new ThroughputBench(
              runs,
              steps,
              BenchMain.warmup(warmup, runs, ThroughputBench.DEFAULT_WARMUP),
              where.topology()));
    }
  }

  @Command(
      name = "concurrency",
      mixinStandardHelpOptions = true,
      description = {
        "Many runs in flight on one worker, every step a slow model call.",
        "Wall time / (steps x latency), with the worker's peak heap and threads.",
        "Target: <= 1.2. --cluster [--workers N]: on a PostgreSQL-backed cluster with N workers."
      })
  static final class Concurrency implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin TopologyOptions where;

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
      return BenchMain.runOne(
          common,
          new ConcurrencyBench(
              runs,
              steps,
              latencyMs,
              BenchMain.warmup(warmup, runs, ConcurrencyBench.DEFAULT_WARMUP),
              where.topology()));
    }
  }

  @Command(
      name = "recovery",
      mixinStandardHelpOptions = true,
      description = {
        "kill -9 of the worker with runs in flight, a new worker started at once.",
        "Per run: the time from the kill until the new worker took it up.",
        "Targets: p99 <= 15 s, every run completed, no effect in the ledger twice.",
        "--cluster [--workers N]: on a PostgreSQL-backed cluster with N workers, one killed."
      })
  static final class Recovery implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin TopologyOptions where;

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

    @Option(
        names = "--local-steps",
        description =
            "run the agent's model steps as local activities (execution: local): the kill lands"
                + " inside workflow tasks and the new worker calls the model again")
    boolean localSteps;

    @Override
    public Integer call() {
      return BenchMain.runOne(
          common, new RecoveryBench(runs, latencyMs, killAfter, localSteps, where.topology()));
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
      return BenchMain.runOne(common, new CostBench(records, concurrency));
    }
  }

  @Command(
      name = "baseline",
      mixinStandardHelpOptions = true,
      description = {
        "The floor: raw Temporal (a plain SDK workflow of K no-op activities)",
        "and the fleet's K-step bench-chain on one dev server, measured alike.",
        "Figures as fleet / raw ratios. Targets: runs/s >= 0.9x,",
        "time per step p50 <= 1.15x, history bytes per run <= 2x."
      })
  static final class Baseline implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--runs",
        defaultValue = "" + BaselineBench.DEFAULT_RUNS,
        description = "runs started at once on each side, for the rate (${DEFAULT-VALUE})")
    int runs;

    @Option(
        names = "--steps",
        defaultValue = "" + BaselineBench.DEFAULT_STEPS,
        description =
            "steps K: activities of the raw workflow, model steps of the agent"
                + " (${DEFAULT-VALUE})")
    int steps;

    @Option(
        names = "--timed-runs",
        defaultValue = "" + BaselineBench.DEFAULT_TIMED_RUNS,
        description = "runs one at a time on each side, for the time per step (${DEFAULT-VALUE})")
    int timedRuns;

    @Option(
        names = "--warmup",
        description =
            "warm-up runs on each side, not measured (default: a quarter of --runs, at"
                + " most 50)")
    Integer warmup;

    @Override
    public Integer call() {
      return BenchMain.runOne(
          common,
          new BaselineBench(
              runs,
              steps,
              timedRuns,
              BenchMain.warmup(warmup, runs, BaselineBench.DEFAULT_WARMUP)));
    }
  }

  @Command(
      name = "cli",
      mixinStandardHelpOptions = true,
      description = {
        "How fast ./fleet answers with the fleet up: status, pending, runs, ledger and --version,",
        "each called through the script with its class cache and without (FLEET_CLI_CDS=0).",
        "Target: status, pending, runs and ledger each <= 0.5 s median with the cache."
      })
  static final class Cli implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--calls",
        defaultValue = "" + CliBench.DEFAULT_CALLS,
        description = "calls of each verb, with the cache and again without (${DEFAULT-VALUE})")
    int calls;

    @Option(
        names = "--runs",
        defaultValue = "" + CliBench.DEFAULT_RUNS,
        description = "finished runs for the CLI to list (${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
      return BenchMain.runOne(common, new CliBench(calls, runs));
    }
  }
}
