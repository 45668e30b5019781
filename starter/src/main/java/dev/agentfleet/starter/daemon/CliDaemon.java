package dev.agentfleet.starter.daemon;

import dev.agentfleet.starter.FleetCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A resident CLI for the quick read-only verbs ({@code status}, {@code pending}, {@code runs},
 * {@code ledger}, {@code stats}, {@code cost}): one JVM, started by {@code ./fleet up} beside the
 * fleet, that runs {@link FleetCli#run} for the {@code fleet} script, so a call costs a local
 * connection instead of a JVM start (a JVM start with the Temporal client loaded is most of a
 * second even with the class cache). It is the same code in the same process shape: the caller's
 * arguments, environment, working directory and terminal flag travel with each call, and the answer
 * is the exit code, stdout and stderr, byte for byte.
 *
 * <p>It listens on 127.0.0.1 on a free port and writes {@code port}, {@code token}, {@code pid} and
 * {@code build} to its state file (mode 600); a call must carry the token, so only whoever can read
 * that file (the user who started the fleet) can use it. Calls run one at a time. It exits after
 * {@code --idle-minutes} without a call, or when its state file no longer names it; {@code ./fleet
 * down} stops it. The script falls back to a JVM of its own whenever the daemon is absent, from
 * another build, or does not answer.
 */
public final class CliDaemon {

  /** The first word of an answer; the script falls back to a JVM on anything else. */
  static final String MAGIC = "AFD1";

  private final Path stateFile;
  private final String token;
  private final String build;
  private final Duration idle;
  private final PrintStream log;

  CliDaemon(Path stateFile, String token, String build, Duration idle, PrintStream log) {
    this.stateFile = stateFile;
    this.token = token;
    this.build = build;
    this.idle = idle;
    this.log = log;
  }

  /** {@code CliDaemon --state FILE --build STAMP [--idle-minutes N]}. */
  public static void main(String[] args) throws IOException {
    Logger.getLogger("").setLevel(Level.OFF);
    Path state = null;
    String build = "";
    long idleMinutes = 60;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--state" -> state = Path.of(args[i + 1]);
        case "--build" -> build = args[i + 1];
        case "--idle-minutes" -> idleMinutes = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (state == null) {
      throw new IllegalArgumentException("usage: CliDaemon --state FILE --build STAMP");
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    CliDaemon daemon =
        new CliDaemon(
            state,
            HexFormat.of().formatHex(secret),
            build,
            Duration.ofMinutes(idleMinutes),
            System.err);
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      daemon.serve(server);
    }
    System.exit(0);
  }

  /** Publishes the state file, then answers calls until idle or replaced. */
  void serve(ServerSocket server) throws IOException {
    writeState(server.getLocalPort());
    log.printf(
        Locale.ROOT,
        "cli daemon: pid %d on 127.0.0.1:%d, build %s%n",
        ProcessHandle.current().pid(),
        server.getLocalPort(),
        build);
    server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idle.toMillis()));
    while (true) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketTimeoutException quiet) {
        log.println("cli daemon: no call for " + idle.toMinutes() + " min; exiting");
        removeState();
        return;
      }
      try (socket) {
        answer(socket.getInputStream(), socket.getOutputStream());
      } catch (IOException e) {
        log.println("cli daemon: a call failed: " + e.getMessage());
      }
      if (!stillOurs()) {
        log.println("cli daemon: the state file names another daemon; exiting");
        return;
      }
    }
  }

  /** Reads one call, runs it and writes the answer; a call without the token gets none. */
  void answer(InputStream in, OutputStream out) throws IOException {
    DaemonRequest request = DaemonRequest.read(in);
    if (!MessageDigest.isEqual(
        request.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      log.println("cli daemon: refused a call with a wrong token");
      return;
    }
    String differs = differs(request);
    if (differs != null) {
      log.println("cli daemon: a call with " + differs + " is left to a JVM of its own");
      return;
    }
    long started = System.nanoTime();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      code = run(request, o, e);
    }
    byte[] head =
        String.format(Locale.ROOT, "%s %d %d %d%n", MAGIC, code, stdout.size(), stderr.size())
            .getBytes(StandardCharsets.US_ASCII);
    out.write(head);
    stdout.writeTo(out);
    stderr.writeTo(out);
    out.flush();
    // the verb only: arguments and the environment may hold what a log must not
    log.printf(
        Locale.ROOT,
        "cli daemon: %s exited %d in %.0f ms%n",
        request.args().isEmpty() ? "(no verb)" : request.args().get(0),
        code,
        (System.nanoTime() - started) / 1e6);
  }

  /**
   * What a JVM of the caller's own would take from the process and this one cannot take from the
   * call: its working directory (relative paths) and the variables the JVM reads once at start
   * (time zone, locale). A call that differs in one gets no answer, so it runs in a JVM of its own;
   * null when it may be answered here.
   */
  static String differs(DaemonRequest request) {
    if (!request.workingDirectory().equals(System.getProperty("user.dir"))) {
      return "another working directory";
    }
    for (String name : JVM_WIDE) {
      if (!java.util.Objects.equals(request.env().get(name), System.getenv(name))) {
        return "another " + name;
      }
    }
    return null;
  }

  /** Variables the JVM reads once at start. */
  static final List<String> JVM_WIDE = List.of("TZ", "LANG", "LC_ALL", "LC_CTYPE", "LC_TIME");

  private static int run(DaemonRequest request, PrintStream out, PrintStream err) {
    try {
      return FleetCli.run(
          request.args().toArray(String[]::new),
          InputStream.nullInputStream(),
          out,
          err,
          request.env(),
          request.terminal());
    } catch (RuntimeException | LinkageError e) {
      err.println("error: the CLI daemon could not run the call: " + e);
      return 1;
    }
  }

  private void writeState(int port) throws IOException {
    Files.createDirectories(stateFile.toAbsolutePath().getParent());
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + "." + pid() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(
        tmp,
        List.of("port=" + port, "token=" + token, "pid=" + pid(), "build=" + build),
        StandardCharsets.UTF_8);
    Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private boolean stillOurs() {
    try {
      return Files.readAllLines(stateFile, StandardCharsets.UTF_8).contains("pid=" + pid());
    } catch (IOException gone) {
      return false;
    }
  }

  private void removeState() {
    if (stillOurs()) {
      try {
        Files.deleteIfExists(stateFile);
      } catch (IOException ignored) {
        // a stale file names a pid that no longer listens: the script falls back and restarts
      }
    }
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }
}
