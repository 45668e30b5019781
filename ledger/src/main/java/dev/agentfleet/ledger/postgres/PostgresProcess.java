package dev.agentfleet.ledger.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the machine's own binaries (Debian's {@code postgresql} package:
 * {@code /usr/lib/postgresql/<version>/bin}, or the folder {@code FLEET_PG_BIN} names) in a folder
 * of its own: {@code data/} (the cluster {@code initdb} makes), {@code postgres.log}, and the unix
 * socket. The one place that knows how to run one: the ledger tests' throwaway server and {@code
 * ./fleet cluster up} both use it.
 *
 * <p>initdb refuses to run as root: as root, every program runs as the {@code postgres} OS user
 * (through {@code runuser}) and the folder is handed to that user. Logins over TCP need a password
 * (SCRAM); over the unix socket they are trusted.
 */
public final class PostgresProcess {

  private final Path bin;
  private final Path root;
  private final boolean asPostgresUser;

  /**
   * A server whose files live in {@code root}, run with the binaries in {@code bin}.
   *
   * @param bin the folder holding {@code initdb}, {@code pg_ctl}, {@code postgres}, {@code psql}
   * @param root its folder (created by {@link #initdb})
   */
  public PostgresProcess(Path bin, Path root) {
    this.bin = bin;
    this.root = root.toAbsolutePath().normalize();
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
  }

  /**
   * The newest installed PostgreSQL's bin folder: {@code FLEET_PG_BIN} when it holds {@code
   * initdb}, else the newest {@code /usr/lib/postgresql/<version>/bin}.
   *
   * @param env the environment to read {@code FLEET_PG_BIN} from
   * @return the folder, or empty when none is installed
   */
  public static Optional<Path> binaries(Map<String, String> env) {
    String override = env.get("FLEET_PG_BIN");
    if (override != null && Files.isExecutable(Path.of(override, "initdb"))) {
      return Optional.of(Path.of(override));
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(debian)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(debian)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** What to do when {@link #binaries} finds none, for an error message. */
  public static final String HOW_TO_INSTALL =
      "install Debian's postgresql package (as root: apt-get update && apt-get install -y"
          + " postgresql; ./fleet test does this), or set FLEET_PG_BIN to the folder holding"
          + " initdb and pg_ctl";

  private static int versionOf(Path folder) {
    try {
      return Integer.parseInt(folder.getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public Path bin() {
    return bin;
  }

  public Path root() {
    return root;
  }

  public Path data() {
    return root.resolve("data");
  }

  public Path log() {
    return root.resolve("postgres.log");
  }

  /** True when {@link #initdb} has made the data folder. */
  public boolean initialized() {
    return Files.isRegularFile(data().resolve("PG_VERSION"));
  }

  /**
   * Makes the folder and the database cluster in it, owned by {@code superuser} logging in with
   * {@code password}.
   */
  public void initdb(String superuser, String password) throws IOException {
    Files.createDirectories(root);
    if (asPostgresUser) {
      requireReachableByOthers(root.getParent());
    }
    Path pwfile = root.resolve("pwfile");
    Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
    if (asPostgresUser) {
      UserPrincipal postgres =
          root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(root, postgres);
      Files.setOwner(pwfile, postgres);
    }
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    try {
      run(
          "initdb",
          List.of(
              "-D",
              data().toString(),
              "-U",
              superuser,
              "--pwfile=" + pwfile,
              "--auth-local=trust",
              "--auth-host=scram-sha-256",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"));
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  /**
   * The postgres OS user must be able to walk down to the folder: every folder above it needs the
   * search permission for others ({@code o+x}). A private temporary folder does not give it.
   */
  private static void requireReachableByOthers(Path folder) throws IOException {
    for (Path p = folder; p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException(
            "the postgres user cannot reach "
                + folder
                + ": "
                + p
                + " is closed to other users (give it the search permission: chmod o+x "
                + p
                + ", or put the data elsewhere)");
      }
    }
  }

  /**
   * Starts the server on {@code port} (loopback only) and waits until it accepts connections.
   *
   * @param settings more {@code -c name=value} settings, e.g. {@code fsync=off}
   * @throws IOException when it does not start, with {@code pg_ctl}'s output and the server log
   */
  public void start(int port, List<String> settings) throws IOException {
    StringBuilder options =
        new StringBuilder("-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1");
    settings.forEach(s -> options.append(" -c ").append(s));
    run(
        "pg_ctl",
        List.of(
            "-D",
            data().toString(),
            "-l",
            log().toString(),
            "-w",
            "-t",
            "60",
            "-o",
            options.toString(),
            "start"));
  }

  /**
   * The postmaster's pid while it runs (from {@code postmaster.pid}, checked alive); empty when it
   * does not.
   */
  public Optional<ProcessHandle> postmaster() {
    Path pidFile = data().resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip();
      return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the server (fast shutdown: open sessions are cut); a server {@code pg_ctl} cannot stop is
   * killed. Nothing happens when it does not run.
   */
  public void stop() {
    Optional<ProcessHandle> running = postmaster();
    if (running.isEmpty()) {
      return;
    }
    try {
      run("pg_ctl", List.of("-D", data().toString(), "-m", "fast", "-w", "-t", "30", "stop"));
    } catch (IOException e) {
      running.get().destroyForcibly();
    }
  }

  /**
   * Runs a PostgreSQL program from {@link #bin} (as the postgres user when we are root).
   *
   * @throws IOException when it exits non-zero or takes longer than two minutes, with its output
   *     and the server log's tail
   */
  public void run(String program, List<String> args) throws IOException {
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
              .directory(asPostgresUser ? Path.of("/").toFile() : null)
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
    try {
      if (!Files.exists(log())) {
        return "";
      }
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return "\nserver log (last lines):\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
