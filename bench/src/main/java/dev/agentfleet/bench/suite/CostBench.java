package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchContext;
import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.Benchmark;
import dev.agentfleet.bench.fleet.BenchFleet;
import dev.agentfleet.bench.result.Measurement;
import dev.agentfleet.bench.result.TargetCheck;
import dev.agentfleet.bench.result.TargetCheck.Comparison;
import dev.agentfleet.bench.runs.BenchAgents;
import dev.agentfleet.bench.runs.BenchRecords;
import dev.agentfleet.bench.runs.Deadline;
import dev.agentfleet.bench.runs.EffectLedger;
import dev.agentfleet.bench.runs.EffectLedger.ModelCalls;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.batch.BatchFollower;
import dev.agentfleet.starter.batch.BatchLauncher;
import dev.agentfleet.starter.batch.BatchStore;
import dev.agentfleet.starter.batch.BatchUpload;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.batch.BatchChunk;
import dev.agentfleet.workflows.batch.BatchIds;
import dev.agentfleet.workflows.batch.BatchInput;
import dev.agentfleet.workflows.batch.BatchProgress;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The response cache's effect on a repeated batch: the same records twice (new record ids, the same
 * content) as two batches, with the cache on; model calls, tokens and cost of each pass from the
 * ledger's {@code model_calls}.
 *
 * <p>Longer than the usual ~300 lines on purpose: the measurement and the written method the report
 * prints sit together, so the description cannot drift from what is measured.
 */
public final class CostBench implements Benchmark {

  /**
   * The share of pass-1 model calls (and tokens) the repeated pass must save. Everything the cache
   * key covers is identical in pass 2, so every call should be a hit; 95 % leaves room for pass-1
   * answers that broke their contract (never cached) once a real or fault-injecting model serves
   * the calls. Deterministic, so no noise margin.
   */
  static final double TARGET_SAVED = 0.95;

  public static final int DEFAULT_RECORDS = 200;
  public static final int DEFAULT_CONCURRENCY = 50;

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final int records;
  private final int concurrency;

  public CostBench(int records, int concurrency) {
    this.records = Checks.positive("--records", records);
    this.concurrency = Checks.positive("--concurrency", concurrency);
    if (concurrency > 1000) {
      throw new IllegalArgumentException(
          "--concurrency must be at most 1000 (a batch's limit), got " + concurrency);
    }
  }

  /** The default size (the issue names none): a batch of 200 tickets, 600 model calls a pass. */
  public static CostBench defaults() {
    return new CostBench(DEFAULT_RECORDS, DEFAULT_CONCURRENCY);
  }

  /** A smoke size. */
  public static CostBench quick() {
    return new CostBench(20, 10);
  }

  @Override
  public String name() {
    return "cost";
  }

  @Override
  public String title() {
    return "the response cache on a repeated batch";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("records", records);
    p.put("batchConcurrency", concurrency);
    p.put("modelLatencyMs", 0);
    p.put("responseCache", "on");
    return p;
  }

  /** One pass: its batch's final progress and how long it took. */
  record Pass(String prefix, BatchProgress progress, double seconds) {}

  @Override
  public Measurement run(BenchContext context) {
    PrintStream out = context.out();
    Map<String, String> settings =
        context.workerSettings(Map.of("FLEET_MODEL_LATENCY_MS", "0", "FLEET_MODEL_CACHE", "on"));
    Duration budget = Duration.ofSeconds(240 + records * 2L);
    Playbook agent = new BenchAgents(context.agents()).load(BenchAgents.TRIAGE);
    try (BenchFleet fleet = BenchFleet.start(name(), context.repo(), settings, out)) {
      Deadline deadline = context.deadline(name(), budget);
      Pass first = pass(fleet, agent, "p1", deadline, out);
      Pass second = pass(fleet, agent, "p2", deadline, out);
      EffectLedger ledger = new EffectLedger(fleet.ledgerDb());
      String name = agent.definition().name();
      return measure(
          first,
          second,
          ledger.modelCalls(name + "/p1-"),
          ledger.modelCalls(name + "/p2-"),
          ledger.modelCallsByStep(name + "/p2-"),
          ListPrices.fromEnv(System.getenv()),
          fleet.describeWorkerSettings());
    }
  }

  private Pass pass(
      BenchFleet fleet, Playbook agent, String prefix, Deadline deadline, PrintStream out) {
    List<InputRecord> batch = BenchRecords.tickets(agent, prefix, records);
    String name = agent.definition().name();
    String batchId =
        BatchIds.forInput(name, WorkflowIds.shortHash(BenchRecords.ticketLines(prefix, records)));
    BatchStore store = BatchStore.fromEnv(Map.of(), fleet.paths());
    List<BatchChunk> chunks = new BatchUpload(store.store()).records(batch);
    BatchInput input =
        new BatchInput(
            agent.definition(),
            agent.hash(),
            "bench cost pass " + prefix,
            chunks,
            concurrency,
            0,
            0,
            0,
            null,
            null);
    out.printf(
        Locale.ROOT,
        "  cost: pass %s, batch %s: %d records, concurrency %d%n",
        prefix,
        batchId,
        records,
        concurrency);
    try {
      if (!new BatchLauncher(fleet.temporal()).start(batchId, input)) {
        throw new BenchFailure(
            "cost: batch " + batchId + " existed already; a benchmark starts on an empty server");
      }
    } catch (FleetException e) {
      throw new BenchFailure("cost: " + e.getMessage(), e);
    }
    BatchFollower follower = new BatchFollower(fleet.temporal(), batchId);
    long began = System.nanoTime();
    long lastReport = began;
    BatchProgress progress = null;
    while (progress == null || !progress.done()) {
      try {
        progress = follower.progress();
      } catch (BatchFollower.NoAnswer e) {
        // The worker is busy or restarting; ask again.
      } catch (FleetException e) {
        throw new BenchFailure("cost: " + e.getMessage(), e);
      }
      if (progress != null && progress.done()) {
        break;
      }
      BatchProgress seen = progress;
      if (!fleet.workerAlive()) {
        throw new BenchFailure(
            "cost: the worker stopped during pass " + prefix + " — see " + fleet.logs());
      }
      deadline.check(
          "pass " + prefix + " to finish",
          () ->
              seen == null ? "no answer yet" : seen.accounted() + " of " + seen.total() + " done");
      if (System.nanoTime() - lastReport >= REPORT_EVERY.toNanos()) {
        lastReport = System.nanoTime();
        out.printf(
            Locale.ROOT,
            "  cost: pass %s: %s%n",
            prefix,
            seen == null
                ? "waiting for the batch"
                : seen.accounted() + " of " + seen.total() + " done");
      }
      sleep(POLL);
    }
    if (progress.completed() != records) {
      throw new BenchFailure(
          String.format(
              Locale.ROOT,
              "cost: pass %s ended with %d of %d runs completed (%d failed, %d waiting, %d"
                  + " duplicates) — see the worker's log",
              prefix,
              progress.completed(),
              records,
              progress.failed(),
              progress.settled(),
              progress.duplicates()));
    }
    double seconds = (progress.finishedAtMillis() - progress.startedAtMillis()) / 1000.0;
    return new Pass(prefix, progress, seconds);
  }

  /** One pass's totals over the tiers. */
  record Totals(
      long calls, long modelCalls, long cacheHits, long tokens, double costUsd, double listUsd) {

    static Totals of(List<ModelCalls> rows, ListPrices prices) {
      long calls = 0;
      long model = 0;
      long hits = 0;
      long tokens = 0;
      double cost = 0;
      double list = 0;
      for (ModelCalls row : rows) {
        calls += row.calls();
        model += row.modelCalls();
        hits += row.cacheHits();
        tokens += row.tokens();
        cost += row.costUsd();
        list += prices.cost(row.tier(), row.inputTokens(), row.outputTokens());
      }
      return new Totals(calls, model, hits, tokens, cost, list);
    }
  }

  Measurement measure(
      Pass first,
      Pass second,
      List<ModelCalls> firstCalls,
      List<ModelCalls> secondCalls,
      Map<String, Long> secondMisses,
      ListPrices prices,
      Map<String, String> workerSettings) {
    Totals one = Totals.of(firstCalls, prices);
    Totals two = Totals.of(secondCalls, prices);
    if (one.modelCalls() == 0 || one.tokens() == 0) {
      throw new BenchFailure(
          "cost: the ledger records no model calls for pass 1 ("
              + one.calls()
              + " rows) — did the worker write model_calls?");
    }
    double callsSaved = 1 - two.modelCalls() / (double) one.modelCalls();
    double tokensSaved = 1 - two.tokens() / (double) one.tokens();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("callsSavedShare", Figures.round(callsSaved));
    figures.put("tokensSavedShare", Figures.round(tokensSaved));
    put(figures, "pass1", one, first.seconds());
    put(figures, "pass2", two, second.seconds());
    figures.put("listPriceSavedUsd", Figures.round(one.listUsd() - two.listUsd()));
    figures.put("pass2MissesByStep", secondMisses);

    List<TargetCheck> targets =
        List.of(
            TargetCheck.judge(
                "callsSavedShare",
                "model calls saved by the cache on the repeated pass",
                "share",
                Comparison.AT_LEAST,
                TARGET_SAVED,
                0,
                callsSaved),
            TargetCheck.judge(
                "tokensSavedShare",
                "tokens saved by the cache on the repeated pass",
                "share",
                Comparison.AT_LEAST,
                TARGET_SAVED,
                0,
                tokensSaved));
    String misses =
        secondMisses.isEmpty()
            ? "every pass-2 call was answered from the cache"
            : "pass-2 calls that still reached the model, by step: " + secondMisses;
    String limits =
        String.format(
            Locale.ROOT,
            "%s; pass 1 made %d model calls (%d tokens, $%.4f at list prices, $%.4f in the"
                + " ledger: the offline model is free) in %.1f s, pass 2 %d calls in %.1f s",
            misses,
            one.modelCalls(),
            one.tokens(),
            one.listUsd(),
            one.costUsd(),
            first.seconds(),
            two.modelCalls(),
            second.seconds());
    List<String> method =
        List.of(
            "Agent bench/agents/bench-triage.yaml: classify (small tier, the in-process embedding"
                + " model), extract (small), draft a reply (large); offline model, response cache"
                + " on (FLEET_MODEL_CACHE=on), its own dev server on SQLite.",
            "Two batches through the batch workflow (as ./fleet batch starts one), concurrency "
                + concurrency
                + ": "
                + records
                + " generated tickets, then the same tickets under new record ids, started after"
                + " the first batch finished.",
            "Per pass from the ledger's model_calls (rows of its runs, by workflow id): calls,"
                + " cache hits, tokens and cost_usd. Saved share = 1 - pass-2 calls that reached"
                + " the model / pass-1 calls that did; the same for tokens (a cache hit records"
                + " none).",
            "List price: the token counts (the offline model's estimates) priced at "
                + prices.describe()
                + ".",
            "Target "
                + Math.round(TARGET_SAVED * 100)
                + " %: an identical repeat should be answered entirely from the cache; the margin"
                + " is for pass-1 answers that broke their contract and are never cached, once a"
                + " real model serves the calls. No noise margin: the figure is deterministic.",
            "Worker settings: " + workerSettings + ".");
    List<String> details =
        List.of(
            String.format(
                Locale.ROOT,
                "pass 1: %d calls to the model, %d tokens, $%.4f at list prices, %.1f s",
                one.modelCalls(),
                one.tokens(),
                one.listUsd(),
                first.seconds()),
            String.format(
                Locale.ROOT,
                "pass 2: %d calls to the model, %d cache hits, %d tokens, $%.4f at list prices,"
                    + " %.1f s",
                two.modelCalls(),
                two.cacheHits(),
                two.tokens(),
                two.listUsd(),
                second.seconds()));
    return new Measurement(parameters(), figures, targets, limits, method, details);
  }

  private static void put(Map<String, Object> figures, String pass, Totals totals, double seconds) {
    figures.put(pass + "Calls", totals.calls());
    figures.put(pass + "ModelCalls", totals.modelCalls());
    figures.put(pass + "CacheHits", totals.cacheHits());
    figures.put(pass + "Tokens", totals.tokens());
    figures.put(pass + "LedgerCostUsd", Figures.round(totals.costUsd()));
    figures.put(pass + "ListPriceUsd", Math.round(totals.listUsd() * 1e6) / 1e6);
    Figures.seconds(figures, pass + "Seconds", seconds);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("cost: interrupted");
    }
  }
}
