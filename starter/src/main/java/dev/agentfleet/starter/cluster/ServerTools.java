package dev.agentfleet.starter.cluster;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.local.FleetPaths;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pinned Temporal server and its schema tool, as the cluster runs them: {@code temporal-server}
 * and {@code temporal-sql-tool} with PostgreSQL's schema files beside them.
 *
 * <p>Found, in this order: {@code .fleet/tools/temporal-server-<version>/} under the repository (a
 * copy built before, shared by every fleet home); both programs on the PATH with {@code
 * FLEET_TEMPORAL_SCHEMA_DIR} naming the {@code schema/postgresql/v12} folder; else built once with
 * Go from the module proxy ({@code go install go.temporal.io/server/cmd/server@v<version>} and
 * {@code .../cmd/tools/sql}) into that folder, with the schema files copied from the module. A
 * machine without Go gets one line saying how to get it.
 *
 * @param server the {@code temporal-server} program
 * @param sqlTool the {@code temporal-sql-tool} program
 * @param schemaDir the folder holding {@code temporal/versioned} and {@code visibility/versioned}
 */
public record ServerTools(Path server, Path sqlTool, Path schemaDir) {

  /** The Temporal server version the fleet runs and tests against. */
  public static final String VERSION = "1.32.2";

  /** The Go toolchain the build asks for: the server's module needs a newer Go than most have. */
  static final String DEFAULT_TOOLCHAIN = "go1.26.10";

  private static final long BUILD_TIMEOUT_MINUTES = 30;

  /** The folder a built copy lives in, named after its version. */
  public static Path cacheDir(FleetPaths paths) {
    return paths.repo().resolve(".fleet").resolve("tools").resolve("temporal-server-" + VERSION);
  }

  /** Where Go is looked for when it is not on the PATH nor in {@code $GOROOT/bin}. */
  static final List<Path> GO_ELSEWHERE = List.of(Path.of("/usr/local/go/bin/go"));

  /** The tools found, or built when none are found. */
  public static ServerTools ensure(FleetPaths paths, Map<String, String> env, PrintStream out) {
    return ensure(paths, env, out, GO_ELSEWHERE);
  }

  /** As {@link #ensure(FleetPaths, Map, PrintStream)}, looking for Go in {@code goElsewhere}. */
  static ServerTools ensure(
      FleetPaths paths, Map<String, String> env, PrintStream out, List<Path> goElsewhere) {
    return find(paths, env).orElseGet(() -> build(paths, env, out, goElsewhere));
  }

  /** The tools already on this machine (cached copy or on PATH), without building. */
  static Optional<ServerTools> find(FleetPaths paths, Map<String, String> env) {
    Path cache = cacheDir(paths);
    ServerTools cached =
        new ServerTools(
            cache.resolve("temporal-server"),
            cache.resolve("temporal-sql-tool"),
            cache.resolve("schema").resolve("postgresql").resolve("v12"));
    if (cached.complete()) {
      return Optional.of(cached);
    }
    String schema = env.get("FLEET_TEMPORAL_SCHEMA_DIR");
    Optional<Path> server = onPath(env, "temporal-server");
    Optional<Path> sql = onPath(env, "temporal-sql-tool");
    if (server.isPresent() && sql.isPresent() && schema != null && !schema.isBlank()) {
      ServerTools installed = new ServerTools(server.get(), sql.get(), Path.of(schema.strip()));
      if (!installed.complete()) {
        throw new FleetException(
            "FLEET_TEMPORAL_SCHEMA_DIR="
                + schema
                + " holds no temporal/versioned and visibility/versioned folders: point it at the"
                + " server's schema/postgresql/v12 folder");
      }
      return Optional.of(installed);
    }
    return Optional.empty();
  }

  private boolean complete() {
    return Files.isExecutable(server)
        && Files.isExecutable(sqlTool)
        && Files.isDirectory(schemaDir.resolve("temporal").resolve("versioned"))
        && Files.isDirectory(schemaDir.resolve("visibility").resolve("versioned"));
  }

  private static ServerTools build(
      FleetPaths paths, Map<String, String> env, PrintStream out, List<Path> goElsewhere) {
    Path go =
        findGo(env, goElsewhere)
            .orElseThrow(
                () ->
                    new FleetException(
                        "the cluster needs the Temporal server "
                            + VERSION
                            + ", built once with Go, and no go was found (PATH, GOROOT,"
                            + " /usr/local/go/bin): install Go 1.22 or newer (https://go.dev/dl/"
                            + " or apt-get install golang-go), or put temporal-server and"
                            + " temporal-sql-tool on PATH and set FLEET_TEMPORAL_SCHEMA_DIR"));
    Path cache = cacheDir(paths);
    Path log = paths.repo().resolve(".fleet").resolve("logs").resolve("temporal-server-build.log");
    out.println(
        "building the Temporal server "
            + VERSION
            + " with Go into "
            + paths.show(cache)
            + " (once; a few minutes; log: "
            + paths.show(log)
            + ") …");
    long since = System.nanoTime();
    try {
      Files.createDirectories(cache.getParent());
      Files.createDirectories(log.getParent());
      Path staging = Files.createTempDirectory(cache.getParent(), "temporal-server-build-");
      Path gobin = staging.resolve("bin");
      List<String> install = new ArrayList<>();
      install.addAll(
          List.of(
              go.toString(),
              "install",
              "go.temporal.io/server/cmd/server@v" + VERSION,
              "go.temporal.io/server/cmd/tools/sql@v" + VERSION));
      runGo(install, env, gobin, log);
      Path modCache = Path.of(goOutput(go, env, gobin, log, "env", "GOMODCACHE"));
      Path schema =
          modCache.resolve("go.temporal.io").resolve("server@v" + VERSION).resolve("schema");
      Path v12 = schema.resolve("postgresql").resolve("v12");
      if (!Files.isDirectory(v12)) {
        throw new FleetException(
            "the Go build of the Temporal server left no schema at " + v12 + " — see " + log);
      }
      Files.move(gobin.resolve("server"), staging.resolve("temporal-server"));
      Files.move(gobin.resolve("sql"), staging.resolve("temporal-sql-tool"));
      copyTree(v12, staging.resolve("schema").resolve("postgresql").resolve("v12"));
      deleteTree(gobin);
      if (Files.exists(cache)) {
        // Another build finished first: keep that one.
        deleteTree(staging);
      } else {
        Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new FleetException(
          "cannot build the Temporal server into " + cache + ": " + e.getMessage());
    }
    out.printf(
        Locale.ROOT, "built the Temporal server %s (%.0f s)%n", VERSION, elapsedSeconds(since));
    return find(paths, env)
        .orElseThrow(() -> new FleetException("the built Temporal server is incomplete: " + cache));
  }

  private static void runGo(List<String> command, Map<String, String> env, Path gobin, Path log)
      throws IOException {
    Process process = goProcess(command, env, gobin, log).start();
    await(process, command, log);
  }

  private static String goOutput(
      Path go, Map<String, String> env, Path gobin, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(go.toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile("fleet-go-", ".out");
    try {
      Process process =
          goProcess(command, env, gobin, log)
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      await(process, command, log);
      return Files.readString(output, StandardCharsets.UTF_8).strip();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static ProcessBuilder goProcess(
      List<String> command, Map<String, String> env, Path gobin, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    builder.environment().put("GOBIN", gobin.toString());
    builder.environment().putIfAbsent("GOTOOLCHAIN", DEFAULT_TOOLCHAIN);
    return builder;
  }

  private static void await(Process process, List<String> command, Path log) throws IOException {
    try {
      if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new FleetException(
            String.join(" ", command)
                + " did not finish within "
                + BUILD_TIMEOUT_MINUTES
                + " minutes — see "
                + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while building the Temporal server");
    }
    if (process.exitValue() != 0) {
      throw new FleetException(
          String.join(" ", command)
              + " failed (exit "
              + process.exitValue()
              + ") — see "
              + log
              + " (the module proxy must be reachable, or GOPROXY set)");
    }
  }

  /** {@code go} on the PATH, in {@code $GOROOT/bin}, or one of {@code elsewhere}. */
  static Optional<Path> findGo(Map<String, String> env, List<Path> elsewhere) {
    Optional<Path> onPath = onPath(env, "go");
    if (onPath.isPresent()) {
      return onPath;
    }
    List<Path> candidates = new ArrayList<>();
    String goroot = env.get("GOROOT");
    if (goroot != null && !goroot.isBlank()) {
      candidates.add(Path.of(goroot.strip(), "bin", "go"));
    }
    candidates.addAll(elsewhere);
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private static Optional<Path> onPath(Map<String, String> env, String program) {
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        file.toFile().setWritable(true);
        Files.deleteIfExists(file);
      }
    }
  }

  private static double elapsedSeconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
