package dev.agentfleet.starter.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for the CLI's ledger tests, from the machine's own binaries
 * (Debian's {@code postgresql} package, {@code /usr/lib/postgresql/<version>/bin}, or the folder in
 * {@code FLEET_PG_BIN}): {@code initdb} into a temporary folder, {@code pg_ctl start} on a free
 * loopback port with password (SCRAM) logins over TCP, stopped and deleted after the class. As root
 * it runs as the {@code postgres} OS user, since initdb refuses to run as root. The same approach
 * as the activities' ledger tests, cut down to what these tests need.
 */
final class LocalPostgres implements BeforeAllCallback, AfterAllCallback {

  static final String USER = "fleet";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String password = "pw-" + UUID.randomUUID();
  private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
  private Path bin;
  private Path root;
  private int port;
  private boolean running;

  String password() {
    return password;
  }

  /** Creates an empty database and returns its JDBC URL, without credentials. */
  String newDatabase() {
    String name = "cli_ledger_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e, e);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    bin = binaries();
    root = Files.createTempDirectory("fleet-cli-pg-");
    Path data = root.resolve("data");
    Path pwfile = root.resolve("pwfile");
    Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
    if (asPostgresUser) {
      var postgres =
          root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(root, postgres);
      Files.setOwner(pwfile, postgres);
    }
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    run(
        "initdb",
        "-D",
        data.toString(),
        "-U",
        USER,
        "--pwfile=" + pwfile,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
    IOException failure = null;
    for (int attempt = 1; attempt <= 3 && !running; attempt++) {
      port = freePort();
      try {
        run(
            "pg_ctl",
            "-D",
            data.toString(),
            "-l",
            root.resolve("postgres.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off",
            "start");
        running = true;
      } catch (IOException e) {
        // Another process may have taken the port between the probe and the start.
        failure = e;
      }
    }
    if (!running) {
      throw failure;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (running) {
        running = false;
        run("pg_ctl", "-D", root.resolve("data").toString(), "-m", "fast", "-w", "stop");
      }
    } finally {
      if (root != null) {
        try (Stream<Path> paths = Files.walk(root)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** The newest installed PostgreSQL's bin folder, or a failure that says what to install. */
  private static Path binaries() throws IOException {
    String override = System.getenv("FLEET_PG_BIN");
    if (override != null && Files.isExecutable(Path.of(override, "initdb"))) {
      return Path.of(override);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    Optional<Path> newest = Optional.empty();
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparing(b -> major(b.getParent())));
      }
    }
    return newest.orElseThrow(
        () ->
            new IllegalStateException(
                "the CLI's PostgreSQL ledger tests need a local PostgreSQL server and found no"
                    + " initdb under /usr/lib/postgresql/*/bin: install Debian's postgresql"
                    + " package (as root: apt-get update && apt-get install -y postgresql;"
                    + " .ci/run does this), or set FLEET_PG_BIN to the folder holding initdb"));
  }

  private static int major(Path folder) {
    try {
      return Integer.parseInt(folder.getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Runs a PostgreSQL program (as the postgres user when we are root), failing with its output. */
  private void run(String program, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("fleet-cli-pg-" + program + "-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(program + " did not finish within 120 s: " + command);
      }
      if (process.exitValue() != 0) {
        Path log = root.resolve("postgres.log");
        throw new IOException(
            program
                + " exited with "
                + process.exitValue()
                + ": "
                + Files.readString(output)
                + (Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(program + " was interrupted", e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
