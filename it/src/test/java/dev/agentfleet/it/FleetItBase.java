package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.activities.connector.SandboxFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real dev server, a fleet home and the CLI; subclasses start workers as they need.
 *
 * <p>With {@code -Dfleet.it.cluster=true} (the {@code cluster} profile of this module) the fleet
 * runs on {@code ./fleet cluster up} instead: the Temporal services as separate processes on a
 * PostgreSQL of their own, and the ledger in that PostgreSQL; the tests see the same CLI and the
 * same queries. Tests that stop or kill the dev server itself cannot run that way.
 */
abstract class FleetItBase {

  /** True when the fleet runs on a local cluster instead of the dev server. */
  static final boolean ON_CLUSTER = Boolean.getBoolean("fleet.it.cluster");

  static final Set<String> SETTLED =
      Set.of("completed", "rejected", "closed", "failed", "waiting-approval");

  static Path home;
  static TemporalDevServer server;
  static Cli cli;
  static WorkerJvm worker;
  static LocalClusterFixture cluster;

  static void startFleet(String name) throws Exception {
    // Open to other users: as root the cluster's PostgreSQL runs as the postgres user.
    home =
        Files.createTempDirectory(
            "fleet-it-" + name,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    if (ON_CLUSTER) {
      // The tests start their own worker JVMs, as on the dev server.
      cluster = LocalClusterFixture.up(home, 0, "--no-admin");
      cli =
          new Cli(cluster.temporalAddress(), home).withEnv("FLEET_LEDGER_URL", cluster.ledgerUrl());
    } else {
      server = new TemporalDevServer(home).start();
      cli = new Cli(server.address(), home);
    }
  }

  /** The Temporal frontend the fleet runs on. */
  static String temporalAddress() {
    return cluster != null ? cluster.temporalAddress() : server.address();
  }

  /** A worker JVM for this fleet (not started), with the ledger the fleet uses. */
  static WorkerJvm newWorker() {
    WorkerJvm jvm = new WorkerJvm(home, temporalAddress());
    return cluster != null ? jvm.withEnv("FLEET_LEDGER_URL", cluster.ledgerUrl()) : jvm;
  }

  /** Starts the fleet and one worker JVM with the default settings. */
  static void startFleetWithWorker(String name) throws Exception {
    startFleet(name);
    worker = newWorker().start();
  }

  /** Stops the worker started by {@link #startFleetWithWorker}, if any, then the server. */
  static void stopFleet() throws InterruptedException {
    if (worker != null) {
      worker.close();
      worker = null;
    }
    if (server != null) {
      server.close();
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /** Asserts that a CLI command succeeded, showing what it printed when it did not. */
  static void ok(Cli.Result result) {
    assertThat(result.exit()).as(result.out() + result.err()).isZero();
  }

  /**
   * Waits until the worker has created the ledger's sandbox tables (it does on its first start).
   */
  static void awaitSandboxTables() {
    Await.until(
        "the worker to create the ledger's sandbox tables",
        Duration.ofMinutes(2),
        () -> {
          try {
            return !ledgerRows("SELECT COUNT(*) FROM sandbox_faults").isEmpty();
          } catch (SQLException notYet) {
            return false;
          }
        },
        ready -> ready);
  }

  /**
   * Waits out the worker's cache of sandbox faults ({@link SandboxFaults#DEFAULT_CACHE}) after a
   * {@code ./fleet sandbox fault|clear}, so the next action sees the change: a run that starts at
   * once can otherwise act within the window in which the worker still holds the old faults.
   */
  static void waitOutFaultCache() throws InterruptedException {
    Thread.sleep(2 * SandboxFaults.DEFAULT_CACHE.toMillis());
  }

  static Path example(String file) {
    return Repo.root().resolve("examples").resolve(file);
  }

  /** Waits until visibility lists {@code expected} runs of the agent, all settled. */
  static JsonNode awaitSettled(int expected, Duration timeout) {
    return Await.until(
        expected + " settled support-triage runs",
        timeout,
        () -> cli.run("runs", "--agent", "support-triage", "--json").json(),
        runs -> {
          if (runs.size() != expected) {
            return false;
          }
          for (JsonNode run : runs) {
            if (!SETTLED.contains(run.path("status").asText())) {
              return false;
            }
          }
          return true;
        });
  }

  static List<String> statuses(JsonNode runs) {
    List<String> out = new ArrayList<>();
    runs.forEach(r -> out.add(r.path("status").asText()));
    return out;
  }

  /** No effect is in the ledger twice under one key, and none was claimed and never completed. */
  static void assertNoActionTwiceOrLeftClaimed() throws SQLException {
    assertThat(
            ledgerRows(
                "SELECT idempotency_key, COUNT(*) FROM ledger_actions GROUP BY idempotency_key"
                    + " HAVING COUNT(*) > 1"))
        .as("effects recorded twice under one key")
        .isEmpty();
    assertThat(ledgerRows("SELECT idempotency_key FROM ledger_actions WHERE status <> 'completed'"))
        .as("actions claimed but never completed")
        .isEmpty();
  }

  /**
   * A connection to the fleet's ledger database: the home's SQLite file, or the cluster's
   * PostgreSQL database.
   */
  static Connection ledger() throws SQLException {
    return DriverManager.getConnection(
        cluster != null ? cluster.ledgerUrl() : "jdbc:sqlite:" + home.resolve("ledger.db"));
  }

  /** Rows of a query on the fleet's ledger database, each as its columns' text. */
  static List<List<String>> ledgerRows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = ledger();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
