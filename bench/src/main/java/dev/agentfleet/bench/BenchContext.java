package dev.agentfleet.bench;

import dev.agentfleet.bench.runs.Deadline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every benchmark is given: the repository, where to report progress, the worker settings the
 * command line adds ({@code --worker-env}) and the deadline it may override ({@code --timeout}).
 *
 * @param repo the repository root (agents, built jars, {@code .fleet/})
 * @param out progress and summaries
 * @param workerEnv worker settings from the command line; they win over a benchmark's own
 * @param timeout the deadline from the command line; null for each benchmark's default
 */
public record BenchContext(
    Path repo, PrintStream out, Map<String, String> workerEnv, Duration timeout) {

  /** The benchmark agents' folder. */
  public Path agents() {
    return repo.resolve("bench").resolve("agents");
  }

  /** Where agents derived from the shipped ones (a chain of another length) are written. */
  public Path derivedAgents() {
    return repo.resolve(".fleet").resolve("bench").resolve("agents");
  }

  /** A benchmark's settings with the command line's on top. */
  public Map<String, String> workerSettings(Map<String, String> benchmarkSettings) {
    Map<String, String> settings = new LinkedHashMap<>(benchmarkSettings);
    settings.putAll(workerEnv);
    return settings;
  }

  /** The deadline: {@code --timeout} when given, else the benchmark's default for its size. */
  public Deadline deadline(String benchmark, Duration byDefault) {
    return Deadline.in(benchmark, timeout != null ? timeout : byDefault);
  }
}
