package dev.agentfleet.bench.fleet;

import java.util.List;
import java.util.Optional;

/**
 * Where a part of the fleet spends CPU: one process, a process with its children (PostgreSQL's
 * backends), or several processes together (a cluster's workers). Read from {@code /proc}.
 */
@FunctionalInterface
public interface CpuSource {

  /** The CPU seconds used so far; empty when the process is gone or there is no {@code /proc}. */
  Optional<Double> cpuSeconds();

  /** One process. */
  static CpuSource process(long pid) {
    return () -> ProcStats.cpuSeconds(pid);
  }

  /**
   * A process and its descendants: their own CPU time plus what the process's children that ended
   * already used (a PostgreSQL backend's time moves to the postmaster when its connection closes).
   */
  static CpuSource tree(long pid) {
    return () -> {
      Optional<Double> root = ProcStats.cpuSecondsWithEndedChildren(pid);
      if (root.isEmpty()) {
        return root;
      }
      double total = root.get();
      List<Long> children =
          ProcessHandle.of(pid).stream()
              .flatMap(ProcessHandle::descendants)
              .map(ProcessHandle::pid)
              .toList();
      for (long child : children) {
        total += ProcStats.cpuSeconds(child).orElse(0.0);
      }
      return Optional.of(total);
    };
  }

  /** Several processes as one; empty only when none of them can be read. */
  static CpuSource sum(List<CpuSource> parts) {
    return () -> {
      double total = 0;
      boolean any = false;
      for (CpuSource part : parts) {
        Optional<Double> seconds = part.cpuSeconds();
        if (seconds.isPresent()) {
          total += seconds.get();
          any = true;
        }
      }
      return any ? Optional.of(total) : Optional.empty();
    };
  }
}
