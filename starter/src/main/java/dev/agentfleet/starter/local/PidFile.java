package dev.agentfleet.starter.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A file holding the pid of a process {@code ./fleet up} started. */
final class PidFile {

  private PidFile() {}

  /**
   * The live process the file names, if any. A process whose command line does not mention {@code
   * expectedCommand} is not ours (the pid was reused), and is not returned.
   */
  static Optional<ProcessHandle> alive(Path file, String expectedCommand) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            handle ->
                handle
                    .info()
                    .command()
                    .map(command -> command.contains(expectedCommand))
                    .orElse(true));
  }

  static void write(Path file, long pid) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pid + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A pid file left behind is harmless: the next check sees its process is gone.
    }
  }
}
