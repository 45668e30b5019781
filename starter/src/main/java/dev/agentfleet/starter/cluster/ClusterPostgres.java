package dev.agentfleet.starter.cluster;

import dev.agentfleet.ledger.postgres.PostgresProcess;
import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.DetachedProcess;
import dev.agentfleet.starter.local.FleetPaths;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's own PostgreSQL: the machine's binaries ({@link PostgresProcess}) on a data folder
 * under {@code .fleet/cluster/postgres}, loopback only, holding Temporal's two databases and the
 * fleet's ledger database with its own login. The databases are made by the same scripts the
 * compose stack runs ({@code deploy/temporal/setup-schema.sh}, {@code
 * deploy/postgres/create-fleet-db.sh}), so both set them up one way.
 */
final class ClusterPostgres {

  static final String TEMPORAL_USER = "temporal";
  static final String LEDGER_DB = "fleet";
  static final String LEDGER_USER = "fleet";

  /**
   * Server settings: room for four Temporal services' pools and the workers', and commits that do
   * not wait for the disk (a crash of the machine may lose the last fraction of a second).
   */
  private static final List<String> SETTINGS =
      List.of("max_connections=300", "synchronous_commit=off");

  private final FleetPaths paths;
  private final Map<String, String> env;
  private final PostgresProcess server;

  ClusterPostgres(FleetPaths paths, Map<String, String> env, Path root) {
    this.paths = paths;
    this.env = env;
    this.server = new PostgresProcess(binaries(env).orElse(Path.of("/nonexistent")), root);
  }

  private static Optional<Path> binaries(Map<String, String> env) {
    return PostgresProcess.binaries(env);
  }

  Path log() {
    return server.log();
  }

  Optional<ProcessHandle> running() {
    return server.postmaster();
  }

  /** Creates the data folder when it is new and starts the server when it is down. */
  void ensureRunning(ClusterState state, PrintStream out) {
    if (binaries(env).isEmpty()) {
      throw new FleetException(
          "the cluster needs PostgreSQL's server binaries (initdb, pg_ctl, psql) and found none"
              + " under /usr/lib/postgresql/*/bin: "
              + PostgresProcess.HOW_TO_INSTALL);
    }
    Optional<ProcessHandle> running = server.postmaster();
    if (running.isPresent()) {
      out.println(
          "PostgreSQL already running (pid "
              + running.get().pid()
              + ", port "
              + state.postgresPort
              + ")");
      return;
    }
    try {
      if (!server.initialized()) {
        out.println("creating the cluster's PostgreSQL in " + paths.show(server.root()) + " …");
        server.initdb(TEMPORAL_USER, state.postgresPassword);
      }
      server.start(state.postgresPort, SETTINGS);
    } catch (IOException e) {
      throw new FleetException(
          "the cluster's PostgreSQL did not start on port "
              + state.postgresPort
              + ": "
              + firstLine(e.getMessage())
              + " — see "
              + paths.show(server.log()));
    }
    out.println(
        "PostgreSQL is up (pid "
            + server.postmaster().map(ProcessHandle::pid).orElse(-1L)
            + ", port "
            + state.postgresPort
            + ")");
  }

  /**
   * Brings Temporal's databases to the server's schema and creates the ledger's database and login
   * (both idempotent, as the compose stack runs them on every start).
   */
  void ensureDatabases(ClusterState state, ServerTools tools, Path logs) {
    Map<String, String> schemaEnv = new HashMap<>();
    schemaEnv.put("POSTGRES_SEEDS", "127.0.0.1");
    schemaEnv.put("DB_PORT", Integer.toString(state.postgresPort));
    schemaEnv.put("POSTGRES_USER", TEMPORAL_USER);
    schemaEnv.put("POSTGRES_PWD", state.postgresPassword);
    schemaEnv.put("SCHEMA_DIR", tools.schemaDir().toString());
    schemaEnv.put("SQL_TOOL", tools.sqlTool().toString());
    runScript("deploy/temporal/setup-schema.sh", schemaEnv, logs.resolve("setup-schema.log"));
    Map<String, String> ledgerEnv = new HashMap<>();
    ledgerEnv.put("PGHOST", "127.0.0.1");
    ledgerEnv.put("PGPORT", Integer.toString(state.postgresPort));
    ledgerEnv.put("PGUSER", TEMPORAL_USER);
    ledgerEnv.put("PGPASSWORD", state.postgresPassword);
    ledgerEnv.put("PGDATABASE", "postgres");
    ledgerEnv.put("FLEET_LEDGER_DB", LEDGER_DB);
    ledgerEnv.put("FLEET_LEDGER_DB_USER", LEDGER_USER);
    ledgerEnv.put("FLEET_LEDGER_DB_PASSWORD", state.ledgerPassword);
    ledgerEnv.put(
        "PATH", server.bin() + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    runScript("deploy/postgres/create-fleet-db.sh", ledgerEnv, logs.resolve("create-fleet-db.log"));
  }

  private void runScript(String script, Map<String, String> scriptEnv, Path log) {
    Path file = paths.repo().resolve(script);
    try {
      ProcessBuilder builder =
          new ProcessBuilder(file.toString())
              .directory(paths.repo().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(scriptEnv);
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new FleetException(script + " did not finish within 5 minutes — see " + log);
      }
      if (process.exitValue() != 0) {
        throw new FleetException(
            script + " failed (" + DetachedProcess.lastLine(log) + ") — see " + paths.show(log));
      }
    } catch (IOException e) {
      throw new FleetException("cannot run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while running " + script);
    }
  }

  /** Stops the server; true when it ran. */
  boolean stop() {
    boolean ran = server.postmaster().isPresent();
    server.stop();
    return ran;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
