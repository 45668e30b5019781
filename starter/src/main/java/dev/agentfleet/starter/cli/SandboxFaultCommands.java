package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.Counts;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.sandbox.FaultOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code fleet sandbox fault} and {@code fleet sandbox clear}: inject latency or failures into a
 * connector operation while the fleet runs, and remove them. The targets are the connector
 * catalog's; the faults live in the ledger database, where the workers read them.
 */
final class SandboxFaultCommands {

  private SandboxFaultCommands() {}

  @Command(
      name = "fault",
      mixinStandardHelpOptions = true,
      description = {
        "Inject latency or failures into a connector operation (operation * = all of the"
            + " connector's).",
        "Every call waits the latency, then fails as ConnectorTimeout (a share --timeout-rate"
            + " of calls) or ConnectorUnavailable (a share --fail-rate), retryably, before the"
            + " connector acts. Options not given are 0; the fault replaces the operation's"
            + " previous one. Workers see it within a second."
      })
  static final class Fault implements Callable<Integer> {
    private final FleetContext context;

    @Parameters(
        paramLabel = "CONNECTOR.OPERATION",
        description = "such as calendar.book; the catalog: docs/connectors.md")
    String target;

    @Option(
        names = "--fail-rate",
        paramLabel = "R",
        converter = RateConverter.class,
        description = "share of calls that fail: 0 to 1 or a percentage (1 = every call)")
    double failRate;

    @Option(
        names = "--timeout-rate",
        paramLabel = "R",
        converter = RateConverter.class,
        description = "share of calls that time out after the latency")
    double timeoutRate;

    @Option(
        names = "--latency",
        paramLabel = "MS",
        converter = LatencyConverter.class,
        description = "how long every call waits first: 200, 200ms or 2s")
    long latencyMs;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        converter = SpanConverter.class,
        description = "end the fault after this long: 30s, 10m, 2h, PT10M (default: until cleared)")
    Duration lasting;

    @Option(
        names = "--json",
        description =
            "print the fault as JSON: target, failRate, timeoutRate, latencyMs, until (null: until"
                + " cleared)")
    boolean json;

    Fault(FleetContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      String[] parts = SandboxCommand.target(target);
      if (failRate == 0 && timeoutRate == 0 && latencyMs == 0) {
        throw new FleetException(
            "give --fail-rate, --timeout-rate or --latency; to remove a fault use"
                + " ./fleet sandbox clear "
                + target,
            FleetCommand.USAGE);
      }
      FaultOptions.unknownTarget(parts[0], parts[1])
          .ifPresent(
              problem -> {
                throw new FleetException(problem, FleetCommand.USAGE);
              });
      Instant now = Instant.now();
      Instant until = lasting == null ? null : now.plus(lasting).truncatedTo(ChronoUnit.SECONDS);
      SandboxCommand.store(context)
          .setFault(parts[0], parts[1], failRate, timeoutRate, latencyMs, until, now);
      if (json) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("target", parts[0] + "." + parts[1]);
        fault.put("failRate", failRate);
        fault.put("timeoutRate", timeoutRate);
        fault.put("latencyMs", latencyMs);
        fault.put("until", until == null ? null : until.toString());
        context.printJson(fault);
        return 0;
      }
      context
          .out()
          .println(
              "sandbox fault on "
                  + parts[0]
                  + "."
                  + parts[1]
                  + ": fail rate "
                  + failRate
                  + ", timeout rate "
                  + timeoutRate
                  + ", latency "
                  + latencyMs
                  + " ms, "
                  + (until == null ? "until cleared" : "until " + until)
                  + "; workers see it within a second");
      return 0;
    }
  }

  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Remove the fault of one operation, or all faults.")
  static final class Clear implements Callable<Integer> {
    private final FleetContext context;

    @Parameters(
        paramLabel = "CONNECTOR.OPERATION",
        arity = "0..1",
        description = "the fault to remove; every fault when left out")
    String target;

    @Option(
        names = "--json",
        description = "print what was cleared as JSON: target (null: every fault), cleared")
    boolean json;

    Clear(FleetContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      String[] parts = target == null ? null : SandboxCommand.target(target);
      int removed =
          parts == null
              ? SandboxCommand.store(context).clear(null, null)
              : SandboxCommand.store(context).clear(parts[0], parts[1]);
      if (json) {
        Map<String, Object> cleared = new LinkedHashMap<>();
        cleared.put("target", target);
        cleared.put("cleared", removed);
        context.printJson(cleared);
        return 0;
      }
      if (parts == null) {
        context.out().println("cleared " + Counts.of(removed, "sandbox fault"));
        return 0;
      }
      context
          .out()
          .println(
              removed == 0 ? "no sandbox fault on " + target : "cleared the fault on " + target);
      return 0;
    }
  }

  /** Reads an option with one of {@link FaultOptions}' parsers; its message is the usage error. */
  private abstract static class FaultOptionConverter<T> implements ITypeConverter<T> {
    private final Function<String, T> parse;

    FaultOptionConverter(Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    public T convert(String value) {
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class RateConverter extends FaultOptionConverter<Double> {
    RateConverter() {
      super(FaultOptions::rate);
    }
  }

  static final class LatencyConverter extends FaultOptionConverter<Long> {
    LatencyConverter() {
      super(FaultOptions::latencyMillis);
    }
  }

  static final class SpanConverter extends FaultOptionConverter<Duration> {
    SpanConverter() {
      super(FaultOptions::span);
    }
  }
}
