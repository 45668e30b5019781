package dev.agentfleet.bench.fleet;

import java.util.OptionalDouble;

/**
 * Reads samples out of a Prometheus text exposition (what the worker serves on {@code /metrics}).
 */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of every sample of {@code metric} whose labels include {@code label="value"} (no filter
   * when {@code label} is null); empty when there is no such sample.
   */
  public static OptionalDouble sum(String exposition, String metric, String label, String value) {
    double sum = 0;
    boolean found = false;
    String wanted = label == null ? null : label + "=\"" + value + "\"";
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      String rest = line.substring(metric.length());
      String labels = "";
      if (rest.startsWith("{")) {
        int end = rest.indexOf('}');
        if (end < 0) {
          continue;
        }
        labels = rest.substring(1, end);
        rest = rest.substring(end + 1);
      } else if (!rest.startsWith(" ")) {
        continue; // another metric whose name starts with this one
      }
      if (wanted != null && !hasLabel(labels, wanted)) {
        continue;
      }
      String[] parts = rest.trim().split("\\s+");
      try {
        sum += Double.parseDouble(parts[0]);
        found = true;
      } catch (NumberFormatException e) {
        // A sample we cannot read is left out.
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private static boolean hasLabel(String labels, String wanted) {
    for (String pair : labels.split(",")) {
      if (pair.trim().equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
