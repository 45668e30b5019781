package dev.agentfleet.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux says about a process and the machine ({@code /proc}): CPU time, resident memory and OS
 * threads. Elsewhere every figure is absent, and reports say so.
 */
public final class ProcStats {

  /** Clock ticks per second of {@code /proc} CPU times; 100 on every Linux this runs on. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** A process's user plus system CPU time, in seconds. */
  public static Optional<Double> cpuSeconds(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "stat")).map(ProcStats::cpuSecondsOfStat);
  }

  /**
   * A process's user plus system CPU time, with that of its children that ended and were waited for
   * (cutime and cstime), in seconds.
   */
  public static Optional<Double> cpuSecondsWithEndedChildren(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "stat"))
        .map(stat -> cpuSecondsOfStat(stat) + endedChildrenCpuSecondsOfStat(stat));
  }

  /** The machine's CPU ticks so far: busy and total, over all cores. */
  public static Optional<MachineTicks> machineTicks() {
    return read(Path.of("/proc/stat")).map(ProcStats::machineTicksOfStat);
  }

  /** A process's resident memory (bytes) and OS threads, from {@code /proc/PID/status}. */
  public static Optional<Memory> memory(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "status")).map(ProcStats::memoryOfStatus);
  }

  /** Busy and total CPU ticks of the whole machine. */
  public record MachineTicks(long busy, long total) {}

  /** Resident set size in bytes and the number of OS threads. */
  public record Memory(long rssBytes, int threads) {}

  /**
   * Parses {@code /proc/PID/stat}: utime and stime are fields 14 and 15, counted after the command
   * name in parentheses (which may itself hold spaces and parentheses).
   */
  static double cpuSecondsOfStat(String stat) {
    String[] fields = fieldsAfterCommand(stat);
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    long utime = Long.parseLong(fields[14 - 3]);
    long stime = Long.parseLong(fields[15 - 3]);
    return (utime + stime) / TICKS_PER_SECOND;
  }

  /** Parses cutime and cstime, fields 16 and 17 of {@code /proc/PID/stat}. */
  static double endedChildrenCpuSecondsOfStat(String stat) {
    String[] fields = fieldsAfterCommand(stat);
    return (Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3])) / TICKS_PER_SECOND;
  }

  private static String[] fieldsAfterCommand(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(stat));
    }
    return stat.substring(close + 2).trim().split("\\s+");
  }

  /**
   * Parses the {@code cpu} line of {@code /proc/stat}: user nice system idle iowait irq softirq
   * steal (guest time is already in user); idle and iowait are not busy.
   */
  static MachineTicks machineTicksOfStat(String stat) {
    for (String line : stat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.substring(4).trim().split("\\s+");
        long total = 0;
        for (int i = 0; i < Math.min(8, f.length); i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[3]) + (f.length > 4 ? Long.parseLong(f[4]) : 0);
        return new MachineTicks(total - idle, total);
      }
    }
    throw new IllegalArgumentException("/proc/stat has no 'cpu ' line");
  }

  static Memory memoryOfStatus(String status) {
    long rssKb = 0;
    int threads = 0;
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        rssKb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring(8).trim());
      }
    }
    return new Memory(rssKb * 1024, threads);
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
