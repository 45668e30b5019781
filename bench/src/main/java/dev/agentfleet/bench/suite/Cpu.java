package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.fleet.BenchFleet;
import dev.agentfleet.bench.fleet.CpuMeter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** CPU use of a benchmark's processes over its measured window, as figures and as a sentence. */
final class Cpu {

  private Cpu() {}

  /** Starts measuring the worker, the dev server and this JVM. */
  static CpuMeter meter(BenchFleet fleet) {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put("worker", fleet.workerPid());
    pids.put("devServer", fleet.serverPid());
    pids.put("bench", ProcessHandle.current().pid());
    return CpuMeter.start(pids);
  }

  static void put(Map<String, Object> figures, Map<String, Double> cores) {
    if (cores.containsKey("worker")) {
      figures.put("cpuWorkerCores", cores.get("worker"));
    }
    if (cores.containsKey("devServer")) {
      figures.put("cpuDevServerCores", cores.get("devServer"));
    }
    if (cores.containsKey("bench")) {
      figures.put("cpuBenchDriverCores", cores.get("bench"));
    }
    if (cores.containsKey("machineBusy")) {
      figures.put("machineBusyShare", cores.get("machineBusy"));
    }
    figures.put("machineCores", Runtime.getRuntime().availableProcessors());
  }

  /** {@code the machine was 95 % busy: worker 1.10 cores, dev server 0.62, driver 0.08 of 2}. */
  static String describe(Map<String, Double> cores) {
    if (!cores.containsKey("machineBusy")) {
      return "CPU use unknown (no /proc)";
    }
    return String.format(
        Locale.ROOT,
        "the machine's %d cores were %.0f %% busy (worker %.2f cores, dev server %.2f, the"
            + " benchmark's own JVM %.2f, the rest other processes)",
        Runtime.getRuntime().availableProcessors(),
        cores.get("machineBusy") * 100,
        cores.getOrDefault("worker", Double.NaN),
        cores.getOrDefault("devServer", Double.NaN),
        cores.getOrDefault("bench", Double.NaN));
  }
}
