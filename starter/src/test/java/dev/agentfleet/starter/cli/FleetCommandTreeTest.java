package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A call that names a verb builds only that verb's tree, and answers exactly as the whole tree. */
class FleetCommandTreeTest {

  @TempDir Path repo;

  @Test
  void a_named_verb_is_all_that_is_built() {
    assertThat(FleetCommand.verbsFor(new String[] {"pending", "--json"}))
        .containsExactly("pending");
    assertThat(FleetCommand.verbsFor(new String[] {"agents", "validate", "x.yaml"}))
        .containsExactly("agents");
    assertThat(FleetCommand.verbsFor(new String[] {"--version"})).isEmpty();
  }

  @Test
  void the_root_help_a_mistyped_verb_help_and_completion_get_every_verb() {
    for (String[] args :
        new String[][] {
          {}, {"--help"}, {"pendign"}, {"help", "status"}, {"completion"}, {"--version", "x"}
        }) {
      assertThat(FleetCommand.verbsFor(args))
          .as(String.join(" ", args))
          .hasSize(FleetCommand.VERBS.size());
    }
    assertThat(FleetCommand.VERBS.keySet())
        .startsWith("up", "down", "cluster", "demo")
        .endsWith("admin");
  }

  @Test
  void each_verb_alone_has_the_same_usage_as_in_the_whole_tree() throws Exception {
    CliHarness cli = new CliHarness(repo);
    try (FleetContext context = cli.quietContext()) {
      CommandLine whole = FleetCommand.commandLine(context);
      for (String verb : FleetCommand.VERBS.keySet()) {
        if (verb.equals("completion")) {
          continue; // it writes the completion script of the whole tree, so it gets the whole tree
        }
        Collection<String> one = FleetCommand.verbsFor(new String[] {verb});
        CommandLine alone = FleetCommand.commandLine(context, one);
        assertThat(alone.getSubcommands().keySet()).containsExactlyInAnyOrder(verb, "help");
        assertThat(alone.getSubcommands().get(verb).getUsageMessage())
            .as(verb)
            .isEqualTo(whole.getSubcommands().get(verb).getUsageMessage());
      }
    }
  }

  @Test
  void usage_errors_and_version_answer_as_before() throws Exception {
    CliHarness cli = new CliHarness(repo);
    assertThat(cli.fleet("--version")).isZero();
    assertThat(cli.stdout()).startsWith("Agent Fleet ");
    assertThat(cli.fleet("status")).isEqualTo(2);
    assertThat(cli.stderr())
        .contains("Missing required parameter")
        .contains("./fleet status --help");
    assertThat(cli.fleet("pendign")).isEqualTo(2);
    assertThat(cli.stderr()).contains("Unmatched argument at index 0: 'pendign'");
  }
}
