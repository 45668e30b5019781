package dev.agentfleet.eval;

import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own playbooks and examples, as the tests of this module read them. */
final class ShippedPlaybooks {

  /** The repository root: the parent of this module's folder. */
  static final Path REPO = Path.of("").toAbsolutePath().getParent();

  private ShippedPlaybooks() {}

  static Playbook load(String agent) throws IOException {
    Path file = REPO.resolve("agents").resolve(agent + ".yaml");
    LintResult check = PlaybookParser.check(Files.readString(file), file.toString());
    if (!check.valid()) {
      throw new AssertionError(file + " is not valid: " + check.messages());
    }
    return check.playbook();
  }
}
