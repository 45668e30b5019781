package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {

  @TempDir Path repo;

  @Test
  void bash_script_completes_the_verbs_and_their_options() throws Exception {
    CliHarness cli = new CliHarness(repo);

    int code = cli.fleet("completion", "bash");

    assertThat(code).as(cli.stderr()).isZero();
    assertThat(cli.stdout())
        .contains("complete -F _complete_fleet -o default fleet")
        .contains("complete -F _complete_fleet -o default ./fleet")
        .contains("replay", "stats", "approve", "pending", "runs", "completion")
        .contains("--agent");
  }

  @Test
  void zsh_script_loads_bash_completion_emulation_first() throws Exception {
    CliHarness cli = new CliHarness(repo);

    int code = cli.fleet("completion", "zsh");

    assertThat(code).isZero();
    assertThat(cli.stdout()).startsWith("autoload -U +X compinit").contains("bashcompinit");
    assertThat(cli.stdout()).contains("_complete_fleet").contains("approve");
  }

  @Test
  void unknown_shell_is_a_usage_error() throws Exception {
    CliHarness cli = new CliHarness(repo);

    assertThat(cli.fleet("completion", "fish")).isEqualTo(2);
    assertThat(cli.stderr()).contains("bash").contains("zsh");
  }
}
