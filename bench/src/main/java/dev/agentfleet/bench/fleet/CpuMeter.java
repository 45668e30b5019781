package dev.agentfleet.bench.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU used over a measured window: by each part of the benchmark's fleet (the worker, the dev
 * server or a cluster's services and PostgreSQL, the benchmark's own JVM) and by the whole machine,
 * in cores (CPU seconds per wall second). On a shared machine the whole machine's figure shows what
 * else ran.
 */
public final class CpuMeter {

  private final Map<String, CpuSource> parts;
  private final Map<String, Double> startCpu = new LinkedHashMap<>();
  private final Optional<ProcStats.MachineTicks> startMachine;
  private final long startNanos;

  private CpuMeter(Map<String, CpuSource> parts) {
    this.parts = parts;
    parts.forEach((name, part) -> part.cpuSeconds().ifPresent(s -> startCpu.put(name, s)));
    this.startMachine = ProcStats.machineTicks();
    this.startNanos = System.nanoTime();
  }

  /** Starts measuring the named processes now. */
  public static CpuMeter start(Map<String, Long> pids) {
    Map<String, CpuSource> parts = new LinkedHashMap<>();
    pids.forEach((name, pid) -> parts.put(name, CpuSource.process(pid)));
    return new CpuMeter(parts);
  }

  /** Starts measuring the named parts now, in this order. */
  public static CpuMeter startParts(Map<String, CpuSource> parts) {
    return new CpuMeter(new LinkedHashMap<>(parts));
  }

  /**
   * The cores each part used since the start ({@code <name>}), and the machine's busy share ({@code
   * machineBusy}, 0 to 1, over all cores); parts that ended or have no /proc entry are left out.
   */
  public Map<String, Double> stop() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Double> used = new LinkedHashMap<>();
    startCpu.forEach(
        (name, before) ->
            parts
                .get(name)
                .cpuSeconds()
                .ifPresent(after -> used.put(name, round2((after - before) / seconds))));
    startMachine.ifPresent(
        before ->
            ProcStats.machineTicks()
                .ifPresent(
                    after -> {
                      long total = after.total() - before.total();
                      if (total > 0) {
                        used.put(
                            "machineBusy", round2((after.busy() - before.busy()) / (double) total));
                      }
                    }));
    return used;
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
