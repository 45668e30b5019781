package dev.agentfleet.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster from {@code ./fleet cluster up} in a test's fleet home: a PostgreSQL of its own, the
 * Temporal services as separate processes, workers as asked, all on free ports; {@link #close()} is
 * {@code cluster down}. The {@code cluster} verbs run in a CLI JVM of their own, as a user runs
 * them: the processes they start outlive it and are not this JVM's children, so a test kills them
 * as an operator would.
 *
 * <p>The Temporal server is built with Go on the first run on a machine ({@code
 * .fleet/tools/temporal-server-*}); without Go, {@code cluster up} fails with the reason, and so
 * does the test: it never skips.
 */
final class LocalClusterFixture implements AutoCloseable {

  private final Path home;
  private JsonNode status;

  private LocalClusterFixture(Path home) {
    this.home = home;
  }

  /**
   * Starts a cluster in {@code home} with {@code workers} workers and the options in {@code more}.
   */
  static LocalClusterFixture up(Path home, int workers, String... more) {
    LocalClusterFixture cluster = new LocalClusterFixture(home);
    String[] args = new String[5 + more.length];
    args[0] = "cluster";
    args[1] = "up";
    args[2] = "--workers";
    args[3] = Integer.toString(workers);
    args[4] = "--json";
    System.arraycopy(more, 0, args, 5, more.length);
    Cli.Result up = cluster.run(args);
    if (up.exit() != 0) {
      throw new IllegalStateException(
          "./fleet cluster up failed (exit " + up.exit() + "):\n" + up.err() + up.out());
    }
    cluster.status = up.json();
    return cluster;
  }

  /** {@code cluster status --json} now (its exit code is 1 while a part does not run). */
  JsonNode status() {
    return run("cluster", "status", "--json").json();
  }

  /** Runs the CLI in a JVM of its own in the cluster's fleet home. */
  Cli.Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.agentfleet.starter.FleetCli"));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "cli-", ".out");
      Path err = Files.createTempFile(home, "cli-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().put("FLEET_HOME", home.toString());
      builder.environment().put("FLEET_REPO", Repo.root().toString());
      builder.environment().remove("TEMPORAL_ADDRESS");
      Process process = builder.start();
      if (!process.waitFor(20, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("fleet " + String.join(" ", args) + " did not end");
      }
      Cli.Result result =
          new Cli.Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The status cluster up printed. */
  JsonNode started() {
    return status;
  }

  String temporalAddress() {
    return status.path("temporalAddress").asText();
  }

  String ledgerUrl() {
    return status.path("ledgerUrl").asText();
  }

  @Override
  public void close() {
    Cli.Result down = run("cluster", "down", "--json");
    if (down.exit() != 0) {
      throw new IllegalStateException("./fleet cluster down failed: " + down.err());
    }
  }
}
