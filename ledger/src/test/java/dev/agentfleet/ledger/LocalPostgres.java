package dev.agentfleet.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests, from the machine's own binaries (Debian's {@code postgresql}
 * package: {@code /usr/lib/postgresql/<version>/bin}, or the folder in {@code FLEET_PG_BIN}, as
 * {@code ./fleet test} provides them). The one PostgreSQL fixture: the ledger module's test-jar
 * carries it to the activities' and the CLI's tests.
 *
 * <p>Register it with {@code @RegisterExtension static final LocalPostgres postgres = new
 * LocalPostgres();}. The first class that does runs {@code initdb} into a new temporary folder and
 * {@code pg_ctl start} on a free loopback port, with its unix socket in that folder and password
 * (SCRAM) logins over TCP; every later class shares that server, and it is stopped and its folder
 * deleted when the test run ends. {@link #newDatabase()} gives each test an empty database of its
 * own. As root, the server runs as the {@code postgres} OS user (initdb refuses to run as root).
 * Durability settings are off ({@code fsync}, {@code synchronous_commit}): it is a test server.
 */
public final class LocalPostgres implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalPostgres.class);

  private Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Server.class, key -> Server.start(), Server.class);
  }

  /** Creates an empty database and returns its JDBC URL, without credentials. */
  public String newDatabase() {
    return server().newDatabase();
  }

  /** The superuser that owns every database, who logs in with {@link #password()}. */
  public String user() {
    return Server.USER;
  }

  public String password() {
    return server().password;
  }

  public int port() {
    return server().port;
  }

  private Server server() {
    if (server == null) {
      throw new IllegalStateException(
          "LocalPostgres is not started: register it with @RegisterExtension on a static field");
    }
    return server;
  }

  /** One running server; closed by JUnit when the root context closes, at the end of the run. */
  static final class Server implements AutoCloseable {

    static final String USER = "fleet";
    private static final int START_ATTEMPTS = 3;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path root;
    private final Path data;
    private final String password = "pw-" + UUID.randomUUID();
    private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
    private final Thread shutdownHook = new Thread(this::stop, "local-postgres-stop");
    private int port;
    private boolean running;

    private Server(Path bin) throws IOException {
      this.bin = bin;
      this.root = Files.createTempDirectory("fleet-pg-");
      this.data = root.resolve("data");
    }

    static Server start() {
      Path bin = binaries();
      try {
        Server server = new Server(bin);
        server.initdb();
        server.startOnFreePort();
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a local PostgreSQL from " + bin, e);
      }
    }

    /** The newest installed PostgreSQL's bin folder, or a failure that says what to install. */
    private static Path binaries() {
      String override = System.getenv("FLEET_PG_BIN");
      if (override != null && Files.isExecutable(Path.of(override, "initdb"))) {
        return Path.of(override);
      }
      Path debian = Path.of("/usr/lib/postgresql");
      if (Files.isDirectory(debian)) {
        try (Stream<Path> versions = Files.list(debian)) {
          var newest =
              versions
                  .map(v -> v.resolve("bin"))
                  .filter(b -> Files.isExecutable(b.resolve("initdb")))
                  .max(Comparator.comparing(b -> versionOf(b.getParent())));
          if (newest.isPresent()) {
            return newest.get();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      throw new IllegalStateException(
          "the PostgreSQL ledger tests need a local PostgreSQL server and found no initdb under"
              + " /usr/lib/postgresql/*/bin: install Debian's postgresql package (as root:"
              + " apt-get update && apt-get install -y postgresql; .ci/run does this), or set"
              + " FLEET_PG_BIN to the folder holding initdb and pg_ctl");
    }

    private static int versionOf(Path folder) {
      try {
        return Integer.parseInt(folder.getFileName().toString().replaceAll("\\..*", ""));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    private void initdb() throws IOException {
      Path pwfile = root.resolve("pwfile");
      Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
      if (asPostgresUser) {
        UserPrincipal postgres =
            root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(root, postgres);
        Files.setOwner(pwfile, postgres);
      }
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
      run(
          "initdb",
          List.of(
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
              "--no-sync"));
    }

    private void startOnFreePort() throws IOException {
      IOException failure = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        port = freePort();
        try {
          run(
              "pg_ctl",
              List.of(
                  "-D",
                  data.toString(),
                  "-l",
                  root.resolve("postgres.log").toString(),
                  "-w",
                  "-t",
                  "60",
                  "-o",
                  "-p "
                      + port
                      + " -k "
                      + root
                      + " -c listen_addresses=127.0.0.1 -c fsync=off"
                      + " -c synchronous_commit=off -c full_page_writes=off"
                      + " -c max_connections=300",
                  "start"));
          running = true;
          Runtime.getRuntime().addShutdownHook(shutdownHook);
          return;
        } catch (IOException e) {
          // Another process may have taken the port between the probe and the start.
          failure = e;
        }
      }
      throw failure;
    }

    String newDatabase() {
      String name = "ledger_" + DATABASES.incrementAndGet();
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
    public void close() {
      stop();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run; it stopped the server.
      }
    }

    private synchronized void stop() {
      if (running) {
        running = false;
        try {
          run("pg_ctl", List.of("-D", data.toString(), "-m", "fast", "-w", "stop"));
        } catch (IOException e) {
          System.err.println("LocalPostgres: " + e.getMessage());
        }
      }
      deleteTree(root);
    }

    /** Runs a PostgreSQL program (as the postgres user when we are root), failing with its log. */
    private void run(String program, List<String> args) throws IOException {
      List<String> command = new ArrayList<>();
      if (asPostgresUser) {
        command.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      command.add(bin.resolve(program).toString());
      command.addAll(args);
      Path output = Files.createTempFile("fleet-pg-" + program + "-", ".log");
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
          throw new IOException(
              program
                  + " exited with "
                  + process.exitValue()
                  + ": "
                  + Files.readString(output)
                  + serverLog());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(program + " was interrupted", e);
      } finally {
        Files.deleteIfExists(output);
      }
    }

    private String serverLog() {
      Path log = root.resolve("postgres.log");
      try {
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
      } catch (IOException e) {
        return "";
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }

    private static void deleteTree(Path folder) {
      if (!Files.exists(folder)) {
        return;
      }
      try (Stream<Path> paths = Files.walk(folder)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("LocalPostgres: cannot delete " + folder + ": " + e.getMessage());
      }
    }
  }
}
