package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/cli.md} is the CLI's own help, generated: this test fails when the committed page
 * differs from what the commands print, and rewrites it with {@code
 * -Dfleet.writeCliReference=true}.
 */
class CliReferenceTest {

  @TempDir Path repo;

  @Test
  void docs_cli_md_is_generated_from_the_commands_and_current() throws Exception {
    CliHarness cli = new CliHarness(repo);
    String generated;
    try (FleetContext context = cli.quietContext()) {
      generated = CliReference.markdown(context);
    }
    Path page = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/cli.md");
    if (Boolean.getBoolean("fleet.writeCliReference")) {
      Files.writeString(page, generated, StandardCharsets.UTF_8);
    }
    assertThat(page).as("docs/cli.md").exists();
    List<String> committed = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<String> current = generated.lines().toList();
    int line = 0;
    while (line < Math.min(committed.size(), current.size())
        && committed.get(line).equals(current.get(line))) {
      line++;
    }
    if (line < Math.max(committed.size(), current.size())) {
      throw new AssertionError(
          String.format(
              "docs/cli.md is stale from line %d: it has%n  %s%nbut the commands print%n  %s%n"
                  + "regenerate it: ./mvnw -pl starter -am test -Dtest=CliReferenceTest"
                  + " -Dfleet.writeCliReference=true",
              line + 1,
              line < committed.size() ? committed.get(line) : "(end of file)",
              line < current.size() ? current.get(line) : "(end of page)"));
    }
    assertThat(generated).contains("## fleet runs").contains("## fleet batch status");
  }
}
