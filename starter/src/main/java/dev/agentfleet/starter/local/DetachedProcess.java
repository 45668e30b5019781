package dev.agentfleet.starter.local;

import dev.agentfleet.starter.FleetException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts processes that outlive the CLI (in their own session, so closing the terminal does not
 * stop them, output appended to a log file) and stops them again.
 */
public final class DetachedProcess {

  private static final int TAIL_BYTES = 16 * 1024;

  private static final List<Path> DETACH =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"), Path.of("/usr/bin/nohup"));

  private DetachedProcess() {}

  /** Starts {@code command} in {@code workDir} with {@code env} added to the inherited one. */
  public static Process start(
      List<String> command, Path workDir, Map<String, String> env, Path log) {
    List<String> full = new ArrayList<>();
    // A session of its own (setsid), or at least immune to the terminal's hangup (nohup, macOS).
    DETACH.stream().filter(Files::isExecutable).findFirst().ifPresent(p -> full.add(p.toString()));
    full.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(full)
              .directory(workDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectErrorStream(true);
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new FleetException("cannot start " + command.get(0) + ": " + e.getMessage());
    }
  }

  /**
   * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it.
   *
   * @return true when it stopped by itself, false when it had to be killed
   */
  public static boolean stop(ProcessHandle process, Duration grace) {
    process.destroy();
    if (awaitExit(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    awaitExit(process, Duration.ofSeconds(5));
    return false;
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** The last non-blank line of a log, to quote in an error; empty when there is none. */
  public static String lastLine(Path log) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, file.length() - TAIL_BYTES);
      byte[] tail = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(tail);
      String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].isBlank()) {
          String line = lines[i].strip();
          return line.length() > 300 ? line.substring(0, 300) + "…" : line;
        }
      }
    } catch (IOException e) {
      // No log to quote.
    }
    return "";
  }
}
