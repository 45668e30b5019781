package dev.agentfleet.ledger;

import dev.agentfleet.ledger.postgres.PostgresProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
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

    private final PostgresProcess postgres;
    private final String password = "pw-" + UUID.randomUUID();
    private final Thread shutdownHook = new Thread(this::stop, "local-postgres-stop");
    private int port;
    private boolean running;

    private Server(Path bin) throws IOException {
      this.postgres = new PostgresProcess(bin, Files.createTempDirectory("fleet-pg-"));
    }

    static Server start() {
      Path bin =
          PostgresProcess.binaries(System.getenv())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the PostgreSQL ledger tests need a local PostgreSQL server and found no"
                              + " initdb under /usr/lib/postgresql/*/bin: "
                              + PostgresProcess.HOW_TO_INSTALL));
      try {
        Server server = new Server(bin);
        server.postgres.initdb(USER, server.password);
        server.startOnFreePort();
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a local PostgreSQL from " + bin, e);
      }
    }

    private void startOnFreePort() throws IOException {
      IOException failure = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        port = freePort();
        try {
          postgres.start(
              port,
              List.of(
                  "fsync=off",
                  "synchronous_commit=off",
                  "full_page_writes=off",
                  "max_connections=300"));
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
        postgres.stop();
      }
      deleteTree(postgres.root());
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
