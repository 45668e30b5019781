package dev.agentfleet.starter.cli;

import dev.agentfleet.quality.ConfidenceBands;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.ops.DecidedCalibration;
import dev.agentfleet.starter.ops.DecisionStats;
import dev.agentfleet.starter.ops.RunStates;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet stats}: decision-quality figures over the newest runs in visibility, from each run's
 * own state: acceptance, edit and rejection rates, time to a human decision, rollbacks, dead
 * letters, model cost and cache hits.
 */
@Command(
    name = "stats",
    description =
        "Decision-quality figures over the newest runs: approvals accepted unchanged, edited,"
            + " rejected; time to a human decision (median, p90); rollback rate; dead letters;"
            + " model cost and cache hit rate; calibration of the decided proposals' confidence"
            + " (ECE) and the acceptance rate by confidence band.")
final class StatsCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--agent", paramLabel = "A", description = "only this agent's runs")
  String agent;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "500",
      description = "at most the N newest runs (default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "print the figures as JSON (stable keys)")
  boolean json;

  StatsCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new FleetException("--limit must be at least 1", 2);
    }
    RunStates.Collected collected =
        new RunStates(context.connectedTemporal()).collect(agent, limit);
    DecisionStats stats = DecisionStats.of(collected.states());
    DecidedCalibration calibration = DecidedCalibration.of(collected.states());
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("agent", agent);
      out.put("unanswered", collected.unanswered());
      out.put("stats", stats);
      out.put("calibration", calibration);
      context.printJson(out);
    } else {
      print(stats, collected.unanswered(), context.out());
      print(calibration, context.out());
    }
    return 0;
  }

  static void print(DecisionStats s, int unanswered, PrintStream out) {
    out.println(
        "runs            "
            + s.runs()
            + (unanswered == 0 ? "" : " (" + unanswered + " more did not answer)")
            + "   "
            + s.byStatus());
    out.println(
        "approvals       "
            + s.decided()
            + " decided, "
            + s.pending()
            + " pending: "
            + percent(s.acceptanceRate())
            + " accepted unchanged, "
            + percent(s.editRate())
            + " edited, "
            + percent(s.rejectionRate())
            + " rejected");
    out.println(
        "time to decide  median "
            + duration(s.medianDecisionMillis())
            + ", p90 "
            + duration(s.p90DecisionMillis()));
    out.println(
        "rollbacks       "
            + s.rolledBack()
            + " of "
            + s.terminalRuns()
            + " ended runs ("
            + percent(s.rollbackRate())
            + ")");
    out.println("dead-lettered   " + s.deadLettered());
    out.println(
        "model cost      "
            + dollars(s.costUsd())
            + " total, "
            + (s.costPerRunUsd() == null ? "-" : dollars(s.costPerRunUsd()))
            + " per run; "
            + s.modelCalls()
            + " calls, cache hit rate "
            + percent(s.cacheHitRate()));
  }

  static void print(DecidedCalibration c, PrintStream out) {
    out.println(
        "calibration     "
            + (c.ece() == null
                ? "- (no decided proposal with a confidence)"
                : "ECE "
                    + String.format(Locale.ROOT, "%.3f", c.ece())
                    + " over "
                    + c.decided()
                    + " decided proposals (approved unchanged = right; 15 bins)"));
    StringBuilder bands = new StringBuilder("accepted by confidence ");
    for (ConfidenceBands.Band b : c.bands()) {
      bands.append(
          String.format(
              Locale.ROOT,
              "  [%.2f-%.2f%s %d/%d %s",
              b.lower(),
              b.upper(),
              b.upper() >= 1 ? "]" : ")",
              b.accepted(),
              b.decided(),
              percent(b.acceptanceRate())));
    }
    out.println(bands);
  }

  static String percent(Double rate) {
    return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  static String dollars(double usd) {
    return String.format(Locale.ROOT, "$%.6f", usd);
  }

  static String duration(Long millis) {
    if (millis == null) {
      return "-";
    }
    Duration d = Duration.ofMillis(millis);
    if (d.toSeconds() < 60) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    if (d.toMinutes() < 120) {
      return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
    return d.toHours() + "h" + d.toMinutesPart() + "m";
  }
}
