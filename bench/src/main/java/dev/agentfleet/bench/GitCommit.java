package dev.agentfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository's commit, as a result records it: {@code <sha>}, {@code +dirty} with changes. */
final class GitCommit {

  private GitCommit() {}

  static String of(Path repo) {
    String head = git(repo, List.of("rev-parse", "--short=12", "HEAD"));
    if (head == null || head.isBlank()) {
      return "unknown (not a git checkout, or git is missing)";
    }
    String changes = git(repo, List.of("status", "--porcelain", "--untracked-files=no"));
    return head.strip() + (changes != null && !changes.isBlank() ? "+dirty" : "");
  }

  private static String git(Path repo, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-C");
    command.add(repo.toString());
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return null;
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
