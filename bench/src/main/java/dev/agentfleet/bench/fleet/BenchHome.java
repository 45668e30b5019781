package dev.agentfleet.bench.fleet;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.starter.local.FleetPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A benchmark's fleet home, {@code .fleet/bench/<name>/}: made fresh for every run of the
 * benchmark, after stopping what an earlier, killed run of it may have left running.
 */
final class BenchHome {

  private BenchHome() {}

  /**
   * The paths of benchmark {@code name}'s fleet: its home {@code .fleet/bench/<name>/}, the
   * benchmark agents, the repository's approvers.
   */
  static FleetPaths paths(Path repo, String name) {
    return new FleetPaths(
        repo,
        repo.resolve(".fleet").resolve("bench").resolve(name),
        repo.resolve("bench").resolve("agents"),
        repo.resolve("config").resolve("approvers.yaml"));
  }

  /** Stops leftovers named by the home's pid files, then empties the home. */
  static void prepare(Path home, PrintStream out) {
    stopLeftovers(home, out);
    wipe(home);
  }

  private static void stopLeftovers(Path home, PrintStream out) {
    for (String file : List.of("worker.pid", "temporal.pid")) {
      Path pidFile = home.resolve(file);
      pid(pidFile)
          .flatMap(ProcessHandle::of)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  p.info()
                      .command()
                      .map(c -> c.contains("java") || c.contains("temporal"))
                      .orElse(false))
          .ifPresent(
              p -> {
                out.println(
                    "  stopping pid " + p.pid() + " left by an earlier run (" + pidFile + ")");
                Processes.stop(p, Duration.ofSeconds(10));
              });
    }
  }

  private static Optional<Long> pid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void wipe(Path home) {
    if (Files.exists(home)) {
      try (Stream<Path> files = Files.walk(home)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new BenchFailure("cannot clear the benchmark's home " + home + ": " + e.getMessage());
      }
    }
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new BenchFailure("cannot create the benchmark's home " + home + ": " + e.getMessage());
    }
  }
}
