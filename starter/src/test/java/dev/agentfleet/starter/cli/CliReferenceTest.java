package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (FleetContext context =
        new FleetContext(
            System.in,
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream()),
            cli.env,
            false)) {
      generated = CliReference.markdown(context);
    }
    Path page = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/cli.md");
    if (Boolean.getBoolean("fleet.writeCliReference")) {
      Files.writeString(page, generated, StandardCharsets.UTF_8);
    }
    assertThat(page).as("docs/cli.md").exists();
    assertThat(Files.readString(page, StandardCharsets.UTF_8))
        .as(
            "docs/cli.md is stale: regenerate it with ./mvnw -pl starter -am test"
                + " -Dtest=CliReferenceTest -Dfleet.writeCliReference=true")
        .isEqualTo(generated);
    assertThat(generated).contains("## fleet runs").contains("## fleet batch status");
  }
}
