package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.fleet.CpuMeter;
import dev.agentfleet.bench.fleet.FleetUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CPU use of a benchmark's processes over its measured window, as figures and as a sentence. */
final class Cpu {

  static final String MACHINE_BUSY = "machineBusy";
  static final String BENCH = "bench";

  /** How a sentence names each part a fleet measures ({@link FleetUnderTest#cpuParts()}). */
  private static final Map<String, String> LABELS =
      Map.of(
          "worker", "worker",
          "devServer", "dev server",
          "workers", "workers",
          "history", "history service",
          "matching", "matching service",
          "frontend", "frontend service",
          "temporalWorker", "Temporal's worker service",
          "temporal", "Temporal server",
          "postgres", "PostgreSQL");

  private Cpu() {}

  /** Starts measuring the fleet's parts and this JVM. */
  static CpuMeter meter(FleetUnderTest fleet) {
    return CpuMeter.startParts(fleet.cpuParts());
  }

  /**
   * The figures: {@code cpu<Part>Cores} per part ({@code cpuWorkerCores}, {@code
   * cpuDevServerCores}, {@code cpuHistoryCores}, ...), the benchmark's own JVM as {@code
   * cpuBenchDriverCores}, the machine's busy share and its cores.
   */
  static void put(Map<String, Object> figures, Map<String, Double> cores) {
    cores.forEach(
        (part, used) -> {
          if (part.equals(BENCH)) {
            figures.put("cpuBenchDriverCores", used);
          } else if (part.equals(MACHINE_BUSY)) {
            figures.put("machineBusyShare", used);
          } else {
            figures.put(
                "cpu" + Character.toUpperCase(part.charAt(0)) + part.substring(1) + "Cores", used);
          }
        });
    figures.put("machineCores", Runtime.getRuntime().availableProcessors());
  }

  /** {@code the machine was 95 % busy: worker 1.10 cores, dev server 0.62, driver 0.08 of 2}. */
  static String describe(Map<String, Double> cores) {
    if (!cores.containsKey(MACHINE_BUSY)) {
      return "CPU use unknown (no /proc)";
    }
    List<String> parts = new ArrayList<>();
    cores.forEach(
        (part, used) -> {
          if (!part.equals(BENCH) && !part.equals(MACHINE_BUSY)) {
            parts.add(
                String.format(
                    Locale.ROOT,
                    parts.isEmpty() ? "%s %.2f cores" : "%s %.2f",
                    LABELS.getOrDefault(part, part),
                    used));
          }
        });
    parts.add(
        String.format(
            Locale.ROOT, "the benchmark's own JVM %.2f", cores.getOrDefault(BENCH, Double.NaN)));
    return String.format(
        Locale.ROOT,
        "the machine's %d cores were %.0f %% busy (%s, the rest other processes)",
        Runtime.getRuntime().availableProcessors(),
        cores.get(MACHINE_BUSY) * 100,
        String.join(", ", parts));
  }
}
