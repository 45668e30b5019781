package dev.agentfleet.starter.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.starter.FleetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./fleet cluster up} set up and started, kept in {@code .fleet/cluster/cluster.json}
 * (mode 600: it holds the databases' passwords): the ports, so a part started again comes back
 * where the others look for it, and the pids, so {@code status} and {@code down} find the
 * processes. A pid is only believed while its process runs the expected program.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
@JsonIgnoreProperties(ignoreUnknown = true)
final class ClusterState {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The Temporal services in the order they are started; {@code down} stops them in reverse. */
  static final List<String> SERVICES = List.of("history", "matching", "frontend", "worker");

  /** The one process that runs every service with {@code --services single}. */
  static final String SINGLE = "temporal";

  /** A Temporal service's ports (the frontend's HTTP port too). */
  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
  static final class Ports {
    int grpc;
    int membership;
    int http;
  }

  /** One process: a Temporal server process, a fleet worker, or the admin page. */
  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Part {
    String name;
    int port;
    int metricsPort;
    long pid;

    Part() {}

    Part(String name, int port, int metricsPort) {
      this.name = name;
      this.port = port;
      this.metricsPort = metricsPort;
    }
  }

  String topology;
  String namespace;
  int postgresPort;
  String postgresPassword;
  String ledgerPassword;
  Map<String, Ports> ports = new LinkedHashMap<>();
  List<Part> servers = new ArrayList<>();
  List<Part> workers = new ArrayList<>();
  Part admin;

  @JsonIgnore
  int frontendPort() {
    return ports.get("frontend").grpc;
  }

  @JsonIgnore
  String temporalAddress() {
    return "127.0.0.1:" + frontendPort();
  }

  /** The ledger's JDBC URL with its login, as FLEET_LEDGER_URL takes it. */
  @JsonIgnore
  String ledgerUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + postgresPort
        + "/"
        + ClusterPostgres.LEDGER_DB
        + "?user="
        + ClusterPostgres.LEDGER_USER
        + "&password="
        + ledgerPassword;
  }

  /** The live process a part names, if it runs {@code program}. */
  static Optional<ProcessHandle> alive(Part part, String program) {
    if (part == null || part.pid <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(part.pid)
        .filter(ClusterState::running)
        .filter(p -> p.info().command().map(c -> c.contains(program)).orElse(true));
  }

  /**
   * Whether a process still runs: alive and not a zombie. A process the CLI started outlives it and
   * is adopted by the machine's first process, which may take its time to reap it once it is
   * killed; until then the JDK counts it alive, and a killed part would never be started again.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException e) {
      // No /proc (not Linux), or it has just gone: the JDK's answer stands.
      return process.isAlive();
    }
  }

  /**
   * Stops a process: SIGTERM, up to {@code grace} for it to end, then SIGKILL.
   *
   * @return true when it ended by itself
   */
  static boolean stop(ProcessHandle process, Duration grace) {
    process.destroy();
    if (awaitEnd(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    awaitEnd(process, Duration.ofSeconds(10));
    return false;
  }

  /** Waits until the process no longer runs (ended or a zombie); true when it did in time. */
  static boolean awaitEnd(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running(process)) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !running(process);
      }
    }
    return true;
  }

  static Optional<ClusterState> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
    } catch (IOException e) {
      throw new FleetException(
          "cannot read the cluster's state "
              + file
              + " ("
              + e.getMessage()
              + "): stop what runs with ./fleet cluster down, or delete .fleet/cluster to start"
              + " afresh");
    }
  }

  void save(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FleetException("cannot write the cluster's state " + file + ": " + e.getMessage());
    }
  }
}
