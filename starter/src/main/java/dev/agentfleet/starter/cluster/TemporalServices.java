package dev.agentfleet.starter.cluster;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.DetachedProcess;
import dev.agentfleet.starter.local.DevServer;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.starter.local.LocalPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Temporal server's processes: {@code temporal-server --config-file deploy/temporal/server.yaml
 * start --service NAME}, one per service (or one for all with {@code --services single}), each
 * given the template's variables: the shared ports and database, and its own metrics address.
 */
final class TemporalServices {

  /** The server's configuration template, shared with docker-compose.temporal.yml. */
  static final String CONFIG_TEMPLATE = "deploy/temporal/server.yaml";

  /** The server's dynamic configuration, shared with docker-compose.temporal.yml. */
  static final String DYNAMIC_CONFIG = "deploy/temporal/dynamicconfig.yaml";

  /** History shards: fixed once the databases are in use; four are plenty on one machine. */
  static final int HISTORY_SHARDS = 4;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final FleetPaths paths;
  private final Path logs;

  TemporalServices(FleetPaths paths, Path logs) {
    this.paths = paths;
    this.logs = logs;
  }

  Path log(String name) {
    return logs.resolve("temporal-" + name + ".log");
  }

  /**
   * The template's variables for one process: what every process shares (the ports of all four
   * services, so each finds the others' addresses; the database) and its own metrics address.
   */
  Map<String, String> environment(ClusterState state, int metricsPort) {
    Map<String, String> env = new HashMap<>();
    env.put("POSTGRES_SEEDS", "127.0.0.1");
    env.put("DB_PORT", Integer.toString(state.postgresPort));
    env.put("POSTGRES_USER", ClusterPostgres.TEMPORAL_USER);
    env.put("POSTGRES_PWD", state.postgresPassword);
    env.put("NUM_HISTORY_SHARDS", Integer.toString(HISTORY_SHARDS));
    env.put("BIND_ON_IP", "127.0.0.1");
    env.put("LOG_LEVEL", "warn");
    env.put("DYNAMIC_CONFIG_FILE_PATH", paths.repo().resolve(DYNAMIC_CONFIG).toString());
    env.put("PROMETHEUS_ENDPOINT", "127.0.0.1:" + metricsPort);
    state.ports.forEach(
        (service, ports) -> {
          String prefix = service.toUpperCase(Locale.ROOT);
          env.put(prefix + "_GRPC_PORT", Integer.toString(ports.grpc));
          env.put(prefix + "_MEMBERSHIP_PORT", Integer.toString(ports.membership));
        });
    env.put("FRONTEND_HTTP_PORT", Integer.toString(state.ports.get("frontend").http));
    return env;
  }

  /**
   * Starts one server process for {@code part} (a service name, or {@link ClusterState#SINGLE} for
   * all) and waits until its gRPC port listens.
   */
  ProcessHandle start(ServerTools tools, ClusterState state, ClusterState.Part part) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            tools.server().toString(),
            "--config-file",
            paths.repo().resolve(CONFIG_TEMPLATE).toString(),
            "--allow-no-auth",
            "start"));
    if (!part.name.equals(ClusterState.SINGLE)) {
      command.addAll(List.of("--service", part.name));
    }
    Path log = log(part.name);
    Process process =
        DetachedProcess.start(command, paths.repo(), environment(state, part.metricsPort), log);
    part.pid = process.pid();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new FleetException(
            "the Temporal "
                + part.name
                + " service stopped while starting ("
                + DetachedProcess.lastLine(log)
                + ") — see "
                + paths.show(log));
      }
      if (LocalPort.listening("127.0.0.1", part.port)) {
        return process.toHandle();
      }
      DevServer.sleep(200);
    }
    throw new FleetException(
        "the Temporal "
            + part.name
            + " service did not listen on port "
            + part.port
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s — see "
            + paths.show(log));
  }
}
