package dev.agentfleet.starter.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the fleet keeps its things: the repository (agents, config, built jars) and the fleet home
 * ({@code .fleet/}: Temporal's database, the ledger, logs, pid files, tools).
 *
 * @param repo {@code FLEET_REPO}, else the working directory
 * @param home {@code FLEET_HOME}, else {@code <repo>/.fleet}
 * @param agents {@code FLEET_AGENTS_DIR}, else {@code <repo>/agents}
 * @param approvers {@code FLEET_APPROVERS}, else {@code <repo>/config/approvers.yaml}
 */
public record FleetPaths(Path repo, Path home, Path agents, Path approvers) {

  /** Resolves the paths from the environment; relative settings are relative to the repo. */
  public static FleetPaths from(Map<String, String> env) {
    Path repo =
        Path.of(orElse(env.get("FLEET_REPO"), System.getProperty("user.dir")))
            .toAbsolutePath()
            .normalize();
    return new FleetPaths(
        repo,
        resolve(repo, env.get("FLEET_HOME"), ".fleet"),
        resolve(repo, env.get("FLEET_AGENTS_DIR"), "agents"),
        resolve(repo, env.get("FLEET_APPROVERS"), "config/approvers.yaml"));
  }

  public Path logs() {
    return home.resolve("logs");
  }

  public Path temporalLog() {
    return logs().resolve("temporal.log");
  }

  public Path workerLog() {
    return logs().resolve("worker.log");
  }

  public Path temporalPid() {
    return home.resolve("temporal.pid");
  }

  public Path workerPid() {
    return home.resolve("worker.pid");
  }

  public Path temporalDb() {
    return home.resolve("temporal.db");
  }

  public Path ledgerDb() {
    return home.resolve("ledger.db");
  }

  /**
   * Where a Temporal CLI installed by the fleet lives: under the repository's {@code .fleet/}, not
   * the fleet home, so every home (tests use their own) shares one copy, as {@code ./fleet test}
   * does.
   */
  public Path toolsVenv() {
    return repo.resolve(".fleet").resolve("tools").resolve("venv");
  }

  /** The path relative to the repo when it lies inside it, for short messages. */
  public String show(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(repo) ? repo.relativize(absolute).toString() : absolute.toString();
  }

  private static Path resolve(Path repo, String setting, String fallback) {
    String value = orElse(setting, fallback);
    return repo.resolve(value).toAbsolutePath().normalize();
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
