package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.LedgerDatabase;
import dev.agentfleet.ledger.cost.CostReader;
import dev.agentfleet.ledger.cost.CostRow;
import dev.agentfleet.starter.cost.Since;
import dev.agentfleet.starter.ledger.CliLedger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code fleet cost}: what the model calls cost, by agent and tier, from the ledger the workers
 * write (the local SQLite file, or the PostgreSQL database {@code FLEET_LEDGER_URL} names).
 */
@Command(
    name = "cost",
    description =
        "Sum the model calls recorded in the ledger (.fleet/ledger.db, or the database"
            + " FLEET_LEDGER_URL names) by agent and tier: calls, tokens, cost, cache hits,"
            + " average latency.")
final class CostCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--agent", paramLabel = "A", description = "only this agent's calls")
  String agent;

  @Option(
      names = "--since",
      paramLabel = "T",
      converter = SinceConverter.class,
      description =
          "only calls from T on: an instant (2025-06-01T09:00:00Z), a day (2025-06-01)"
              + " or a span back from now (PT24H, 24h, 7d)")
  Instant since;

  @Option(names = "--json", description = "print the totals as JSON")
  boolean json;

  CostCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LedgerDatabase ledger = CliLedger.fromEnv(context.env(), context.paths());
    List<CostRow> rows = new CostReader(ledger).totals(agent, since);
    if (json) {
      context.printJson(rows);
      return 0;
    }
    if (rows.isEmpty()) {
      context
          .out()
          .println(
              "no model calls in "
                  + ledger.describe()
                  + (agent == null ? "" : " for " + agent)
                  + (since == null ? "" : " since " + since));
      return 0;
    }
    TextTable table =
        new TextTable(
            "AGENT",
            "TIER",
            "CALLS",
            "TOKENS IN",
            "TOKENS OUT",
            "COST USD",
            "CACHE HITS",
            "AVG LATENCY MS");
    long calls = 0;
    long in = 0;
    long out = 0;
    double usd = 0;
    long hits = 0;
    double latency = 0;
    for (CostRow r : rows) {
      table.row(
          r.agent(),
          r.tier(),
          r.calls(),
          r.inputTokens(),
          r.outputTokens(),
          dollars(r.costUsd()),
          r.cacheHits(),
          r.avgLatencyMs());
      calls += r.calls();
      in += r.inputTokens();
      out += r.outputTokens();
      usd += r.costUsd();
      hits += r.cacheHits();
      latency += (double) r.avgLatencyMs() * r.calls();
    }
    if (rows.size() > 1) {
      table.row(
          "total",
          "",
          calls,
          in,
          out,
          dollars(usd),
          hits,
          calls == 0 ? 0 : Math.round(latency / calls));
    }
    table.print(context.out());
    return 0;
  }

  private static String dollars(double usd) {
    return String.format(Locale.ROOT, "%.6f", usd);
  }

  /** Turns a {@code --since} value into an instant, or a usage error that shows the forms. */
  static final class SinceConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Since.parse(value, Instant.now());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
