package dev.agentfleet.activities.connector;

import dev.agentfleet.workflows.connector.ConnectorCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code FLEET_SANDBOX_FAULTS}, the faults a worker writes to {@code sandbox_faults} when it
 * starts (for the operations that have no row there yet; {@code ./fleet sandbox} changes them while
 * the fleet runs).
 *
 * <p>The syntax: entries separated by {@code ;}, each {@code CONNECTOR.OPERATION=SETTING,...} with
 * the settings
 *
 * <ul>
 *   <li>{@code fail:R}: the share R (0 to 1) of calls that fail as {@code ConnectorUnavailable};
 *   <li>{@code timeout:R}: the share R of calls that wait the latency and then fail as {@code
 *       ConnectorTimeout};
 *   <li>{@code latency:D}: how long every call waits first, {@code 200ms}, {@code 2s} or a bare
 *       number of milliseconds.
 * </ul>
 *
 * <p>For example {@code calendar.book=timeout:0.3,latency:200ms;publisher.publish=fail:0.1}. The
 * operation {@code *} stands for all operations of the connector ({@code crm.*=latency:50ms}). The
 * connector and operation must be in the connector catalog, so a misspelt one is refused at start
 * rather than never firing. Settings left out are 0. A malformed entry fails with a message that
 * quotes it.
 */
public final class SandboxFaultSpec {

  private static final String EXAMPLE = "calendar.book=timeout:0.3,latency:200ms";
  private static final Pattern TARGET = Pattern.compile("([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+|\\*)");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)?");

  private SandboxFaultSpec() {}

  /**
   * Parses the variable's value; null or blank is no faults.
   *
   * @throws IllegalArgumentException naming the entry that does not parse and the expected form
   */
  public static List<SandboxFault> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return List.of();
    }
    Map<String, SandboxFault> faults = new LinkedHashMap<>();
    for (String entry : spec.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      SandboxFault fault = entry(entry.strip());
      if (faults.putIfAbsent(fault.target(), fault) != null) {
        throw invalid(entry, fault.target() + " is given twice");
      }
    }
    return new ArrayList<>(faults.values());
  }

  private static SandboxFault entry(String entry) {
    int equals = entry.indexOf('=');
    if (equals < 0) {
      throw invalid(entry, "no '=' between the operation and its settings");
    }
    Matcher target = TARGET.matcher(entry.substring(0, equals).strip());
    if (!target.matches()) {
      throw invalid(
          entry, "'" + entry.substring(0, equals).strip() + "' is not CONNECTOR.OPERATION");
    }
    double fail = 0;
    double timeout = 0;
    long latency = 0;
    String settings = entry.substring(equals + 1).strip();
    if (settings.isEmpty()) {
      throw invalid(entry, "no settings after '='");
    }
    for (String setting : settings.split(",")) {
      String[] pair = setting.strip().split(":", 2);
      if (pair.length != 2) {
        throw invalid(entry, "'" + setting.strip() + "' is not NAME:VALUE");
      }
      String value = pair[1].strip();
      switch (pair[0].strip().toLowerCase(Locale.ROOT)) {
        case "fail" -> fail = rate(entry, "fail", value);
        case "timeout" -> timeout = rate(entry, "timeout", value);
        case "latency" -> latency = millis(entry, value);
        default ->
            throw invalid(
                entry,
                "unknown setting '" + pair[0].strip() + "'; expected fail, timeout, latency");
      }
    }
    ConnectorCatalog.unknownTarget(target.group(1), target.group(2))
        .ifPresent(problem -> invalidTarget(entry, problem));
    return new SandboxFault(target.group(1), target.group(2), fail, timeout, latency, null);
  }

  private static double rate(String entry, String name, String value) {
    try {
      double rate = Double.parseDouble(value);
      if (rate >= 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(
        entry, name + " must be a share of calls from 0 to 1 such as 0.3, got '" + value + "'");
  }

  private static long millis(String entry, String value) {
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(
          entry, "latency must be 200ms, 2s or a number of milliseconds, got '" + value + "'");
    }
    try {
      long amount = Long.parseLong(m.group(1));
      return "s".equals(m.group(2)) ? Math.multiplyExact(amount, 1000L) : amount;
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(entry, "latency '" + value + "' is too large");
    }
  }

  private static void invalidTarget(String entry, String problem) {
    throw new IllegalArgumentException(
        "FLEET_SANDBOX_FAULTS entry '"
            + entry
            + "': "
            + problem
            + " (the connector catalog, docs/connectors.md, lists them)");
  }

  private static IllegalArgumentException invalid(String entry, String problem) {
    return new IllegalArgumentException(
        "FLEET_SANDBOX_FAULTS entry '"
            + entry
            + "': "
            + problem
            + "; expected CONNECTOR.OPERATION=fail:R,timeout:R,latency:D entries separated by"
            + " ';', such as "
            + EXAMPLE);
  }
}
