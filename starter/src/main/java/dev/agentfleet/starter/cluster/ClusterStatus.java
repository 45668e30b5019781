package dev.agentfleet.starter.cluster;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the cluster's parts are and whether they run: the JSON of {@code ./fleet cluster status
 * --json} and {@code cluster up --json}. A part that does not run has a null pid.
 *
 * @param temporalAddress the frontend, for {@code TEMPORAL_ADDRESS}
 * @param namespace the namespace the fleet uses, for {@code TEMPORAL_NAMESPACE}
 * @param ledgerUrl the ledger database with its login, for {@code FLEET_LEDGER_URL}
 * @param topology {@code split} (a process per service) or {@code single}
 * @param services the Temporal server's processes: their gRPC and metrics ports
 * @param workers the fleet's workers: their metrics ports
 * @param admin the admin page; null when the cluster runs none
 * @param postgres the PostgreSQL server
 * @param logs the folder the logs are in
 */
public record ClusterStatus(
    String temporalAddress,
    String namespace,
    String ledgerUrl,
    String topology,
    List<Service> services,
    List<Worker> workers,
    Admin admin,
    Postgres postgres,
    String logs) {

  public ClusterStatus {
    services = List.copyOf(services);
    workers = List.copyOf(workers);
  }

  /** A Temporal server process: {@code history}, ..., or {@code temporal} for all in one. */
  public record Service(String name, Long pid, int port, int metricsPort, boolean running) {}

  /** A fleet worker. */
  public record Worker(Long pid, int metricsPort, boolean running) {}

  /** The approvers' admin page. */
  public record Admin(String url, Long pid, int port, boolean running) {}

  /** The cluster's PostgreSQL. */
  public record Postgres(Long pid, int port, boolean running) {}

  /** True when every part runs. */
  public boolean healthy() {
    return services.stream().allMatch(Service::running)
        && workers.stream().allMatch(Worker::running)
        && (admin == null || admin.running())
        && postgres.running();
  }

  /** The text form: a line per part, then how to point the CLI at the cluster. */
  public void print(PrintStream out) {
    out.println();
    out.println("  Temporal    " + temporalAddress + "  (namespace " + namespace + ")");
    for (Service s : services) {
      out.printf(
          "  %-11s %s  port %d, metrics %d%n",
          s.name(), state(s.running(), s.pid()), s.port(), s.metricsPort());
    }
    for (int i = 0; i < workers.size(); i++) {
      Worker w = workers.get(i);
      out.printf(
          "  %-11s %s  metrics http://127.0.0.1:%d/metrics%n",
          "worker " + (i + 1), state(w.running(), w.pid()), w.metricsPort());
    }
    if (admin != null) {
      out.printf(
          "  %-11s %s  %s%n", "admin page", state(admin.running(), admin.pid()), admin.url());
    }
    out.printf(
        "  %-11s %s  port %d%n",
        "PostgreSQL", state(postgres.running(), postgres.pid()), postgres.port());
    out.println("  Logs        " + logs);
    out.println();
    out.println("  Point the CLI at it:");
    out.println(
        "    export TEMPORAL_ADDRESS=" + temporalAddress + " TEMPORAL_NAMESPACE=" + namespace);
    out.println("    export FLEET_LEDGER_URL='" + ledgerUrl + "'");
  }

  private static String state(boolean running, Long pid) {
    return running ? "running (pid " + pid + ")" : "NOT RUNNING";
  }
}
