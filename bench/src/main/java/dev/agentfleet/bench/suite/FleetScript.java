package dev.agentfleet.bench.suite;

import dev.agentfleet.bench.BenchFailure;
import dev.agentfleet.bench.fleet.BenchFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The repository's {@code fleet} script, pointed at the benchmark's fleet. */
final class FleetScript {
  private final Path repo;
  private final Map<String, String> env;

  FleetScript(Path repo, BenchFleet fleet) {
    this.repo = repo;
    this.env = new LinkedHashMap<>(System.getenv());
    env.remove("FLEET_CLI_CDS");
    env.remove("FLEET_CLI_DAEMON");
    env.put("TEMPORAL_ADDRESS", fleet.temporal().address());
    env.put("TEMPORAL_NAMESPACE", fleet.temporal().namespace());
    env.put("FLEET_HOME", fleet.paths().home().toString());
    env.put("FLEET_LEDGER_URL", "jdbc:sqlite:" + fleet.ledgerDb());
  }

  /** Calls {@code ./fleet ARGS} and returns its wall time in seconds; it must exit 0. */
  double call(List<String> args, CliBench.Way way, Duration limit) {
    List<String> command = new ArrayList<>(List.of("bash", repo.resolve("fleet").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    if (way != CliBench.Way.RESIDENT) {
      builder.environment().put("FLEET_CLI_DAEMON", "0");
    }
    if (way == CliBench.Way.NO_CACHE) {
      builder.environment().put("FLEET_CLI_CDS", "0");
    }
    Path err = null;
    try {
      err = Files.createTempFile("fleet-cli-bench", ".err");
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
      long started = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new BenchFailure(
            "cli: ./fleet " + String.join(" ", args) + " did not end within " + limit);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (process.exitValue() != 0) {
        throw new BenchFailure(
            "cli: ./fleet "
                + String.join(" ", args)
                + " exited "
                + process.exitValue()
                + ": "
                + Files.readString(err, StandardCharsets.UTF_8).strip());
      }
      return seconds;
    } catch (IOException e) {
      throw new BenchFailure("cli: cannot run ./fleet " + String.join(" ", args) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("cli: interrupted");
    } finally {
      if (err != null) {
        try {
          Files.deleteIfExists(err);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }

  /** Waits until the script's class cache for this build is in place. */
  void awaitCache(Duration limit) {
    Path dir = repo.resolve(".fleet").resolve("cache");
    awaitUntil(
        () -> cacheReady(dir),
        limit,
        "no class cache (.fleet/cache/cli-*.aot or .jsa) within "
            + limit.toSeconds()
            + " s of the first call; with FLEET_CLI_CDS=0 set the script makes none");
  }

  /** Waits until the resident CLI has published its state file. */
  void awaitResident(Duration limit) {
    Path state = repo.resolve(".fleet").resolve("cli-daemon");
    awaitUntil(
        () -> Files.isRegularFile(state),
        limit,
        "no resident CLI (.fleet/cli-daemon) within "
            + limit.toSeconds()
            + " s of the first call — see .fleet/logs/cli-daemon.log");
  }

  /** Polls {@code ready} every 250 ms for at most {@code limit}; fails with {@code missing}. */
  private static void awaitUntil(
      java.util.function.BooleanSupplier ready, Duration limit, String missing) {
    long end = System.nanoTime() + limit.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new BenchFailure("cli: " + missing);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchFailure("cli: interrupted");
      }
    }
  }

  static boolean cacheReady(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .anyMatch(n -> n.startsWith("cli-") && (n.endsWith(".aot") || n.endsWith(".jsa")));
    } catch (IOException e) {
      return false;
    }
  }
}
