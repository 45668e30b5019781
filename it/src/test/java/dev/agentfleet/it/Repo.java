package dev.agentfleet.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where the playbooks, examples and approvers live. */
final class Repo {

  private Repo() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("agents/support-triage.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
