package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.cluster.ClusterStatus;
import dev.agentfleet.starter.cluster.LocalCluster;
import dev.agentfleet.starter.local.DownReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleet cluster}: the production topology on this machine (a PostgreSQL-backed Temporal
 * cluster, N workers, the admin page), for CI and for trying it; see docs/deployment.md.
 */
@Command(
    name = "cluster",
    description = {
      "Run the production topology on this machine, without Docker: a PostgreSQL of its own, the",
      "Temporal server's services as separate processes, N workers and the admin page, under",
      ".fleet/cluster/ (docs/deployment.md)."
    },
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
final class ClusterCommand implements Callable<Integer> {

  private final FleetContext context;

  @Spec CommandSpec spec;

  ClusterCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return FleetCommand.USAGE;
  }

  static LocalCluster cluster(FleetContext context, boolean json) {
    PrintStream progress = json ? context.err() : context.out();
    return new LocalCluster(context.paths(), context.env(), progress);
  }

  /** {@code fleet cluster up}. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Start the cluster, or whatever of it does not run: the pinned Temporal server (built once",
        "with Go into .fleet/tools/ unless temporal-server and temporal-sql-tool are on PATH with",
        "FLEET_TEMPORAL_SCHEMA_DIR), a PostgreSQL from the machine's binaries with Temporal's",
        "schemas and the ledger's database and login, the four services (frontend, history,",
        "matching, worker) from deploy/temporal/server.yaml, the namespace and the fleet's search",
        "attributes, N workers (each its own metrics port) and the admin page. Ports are picked",
        "free once and kept in .fleet/cluster/cluster.json; logs go to .fleet/cluster/logs/.",
        "Running it again starts only what is down (a killed service comes back on its ports).",
        "--json prints the status as cluster status --json does; progress goes to stderr then."
      })
  static final class Up implements Callable<Integer> {

    private final FleetContext context;

    @Spec CommandSpec spec;

    @Option(
        names = "--workers",
        paramLabel = "N",
        description =
            "how many fleet workers to run (more start, fewer stop; default: as many as the"
                + " cluster has, 1 for a new one)")
    Integer workers;

    @Option(
        names = "--services",
        paramLabel = "split|single",
        description =
            "split (default): a process per Temporal service; single: one process for all")
    String services = "split";

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description = "the frontend's port on a new cluster (default: a free one, kept)")
    int port;

    @Option(
        names = "--admin-port",
        paramLabel = "PORT",
        description = "the admin page's port (default: a free one, kept)")
    int adminPort;

    @Option(names = "--no-admin", description = "run no admin page")
    boolean noAdmin;

    @Option(
        names = "--json",
        description = "print the status as JSON on stdout; progress goes to stderr")
    boolean json;

    Up(FleetContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (workers != null && (workers < 0 || workers > 32)) {
        throw new ParameterException(
            spec.commandLine(), "--workers must be 0 to 32, got " + workers);
      }
      if (!services.equals("split") && !services.equals("single")) {
        throw new ParameterException(
            spec.commandLine(), "--services must be split or single, got '" + services + "'");
      }
      for (int p : new int[] {port, adminPort}) {
        if (p < 0 || p > 65_535) {
          throw new ParameterException(spec.commandLine(), "a port must be 1 to 65535, got " + p);
        }
      }
      LocalCluster cluster = cluster(context, json);
      ClusterStatus status =
          cluster.up(
              new LocalCluster.Request(
                  workers == null ? LocalCluster.Request.KEEP_WORKERS : workers,
                  services.equals("single"),
                  port,
                  noAdmin ? -1 : adminPort));
      if (json) {
        context.printJson(status);
      } else {
        status.print(context.out());
      }
      return 0;
    }
  }

  /** {@code fleet cluster status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Say where the cluster's parts are and whether each runs; exit 1 when a part does not.",
        "--json prints one object: temporalAddress, namespace, ledgerUrl (with the ledger's",
        "login, for FLEET_LEDGER_URL), topology, services (name, pid, port, metricsPort,",
        "running), workers (pid, metricsPort, running), admin (url, pid, port, running; null",
        "without one), postgres (pid, port, running) and logs. A part that does not run has a",
        "null pid."
      })
  static final class Status implements Callable<Integer> {

    private final FleetContext context;

    @Option(names = "--json", description = "print the status as JSON on stdout")
    boolean json;

    Status(FleetContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      ClusterStatus status = cluster(context, json).status();
      if (json) {
        context.printJson(status);
      } else {
        status.print(context.out());
      }
      return status.healthy() ? 0 : FleetException.ERROR;
    }
  }

  /** {@code fleet cluster down}. */
  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the cluster: the admin page, the workers, the Temporal services and PostgreSQL,",
        "whichever run (parts killed before are skipped). The data and the ports stay in",
        ".fleet/cluster/ for the next cluster up; delete that folder to start afresh.",
        "--json prints what it did: stopped (part, pid, graceful), notRunning, leftRunning."
      })
  static final class Down implements Callable<Integer> {

    private final FleetContext context;

    @Option(names = "--json", description = "print what was stopped as JSON on stdout")
    boolean json;

    Down(FleetContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      DownReport report = cluster(context, json).down();
      if (json) {
        context.printJson(report);
      }
      return 0;
    }
  }
}
