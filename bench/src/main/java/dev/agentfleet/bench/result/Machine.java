package dev.agentfleet.bench.result;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a benchmark ran on, as its result records it.
 *
 * @param cores the processors the JVM sees
 * @param memoryBytes the physical memory
 * @param cpu the CPU model, when Linux says it
 * @param os the operating system (distribution when known), kernel version and architecture
 * @param jdk the Java runtime that ran the benchmark and its worker
 */
public record Machine(int cores, long memoryBytes, String cpu, String os, String jdk) {

  /** This machine. */
  public static Machine current() {
    long memory =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getTotalMemorySize()
            : -1;
    String osName =
        distribution().map(d -> d + ", ").orElse("")
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    String jdk =
        System.getProperty("java.vm.vendor", "?")
            + " "
            + System.getProperty("java.vm.name", "Java")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version"));
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        cpuModel().orElse("unknown"),
        osName,
        jdk);
  }

  /** One line: {@code 2 cores (CPU), 23.4 GB, OS, JDK}. */
  public String describe() {
    return cores
        + " cores ("
        + cpu
        + "), "
        + String.format(Locale.ROOT, "%.1f GB", memoryBytes / 1e9)
        + " memory, "
        + os
        + ", "
        + jdk;
  }

  private static Optional<String> cpuModel() {
    return lineValue(Path.of("/proc/cpuinfo"), "model name", ":");
  }

  private static Optional<String> distribution() {
    return lineValue(Path.of("/etc/os-release"), "PRETTY_NAME", "=").map(v -> v.replace("\"", ""));
  }

  private static Optional<String> lineValue(Path file, String key, String separator) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          int at = line.indexOf(separator);
          if (at > 0) {
            return Optional.of(line.substring(at + 1).trim());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not readable: the field says unknown.
    }
    return Optional.empty();
  }
}
