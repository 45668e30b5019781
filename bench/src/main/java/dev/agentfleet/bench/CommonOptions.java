package dev.agentfleet.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every benchmark takes. */
final class CommonOptions {

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "fail the benchmark when its measurement takes longer (default: scaled to its size)")
  Integer timeoutSeconds;

  @Option(
      names = "--worker-env",
      paramLabel = "KEY=VALUE",
      description =
          "a worker setting (environment variable) on top of the benchmark's own, e.g."
              + " --worker-env FLEET_ACTIVITY_SLOTS=400; repeatable")
  Map<String, String> workerEnv = new LinkedHashMap<>();

  Duration timeout() {
    return timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
  }
}
