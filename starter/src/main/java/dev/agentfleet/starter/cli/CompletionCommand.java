package dev.agentfleet.starter.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet completion bash|zsh}: a shell completion script generated from the command's own
 * spec (picocli's {@link AutoComplete}), so it never falls behind the verbs and options.
 */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script for ./fleet and fleet.",
      "bash: source <(./fleet completion bash)",
      "zsh:  source <(./fleet completion zsh)"
    })
final class CompletionCommand implements Callable<Integer> {

  /** The shells a script can be generated for. */
  enum Shell {
    bash,
    zsh
  }

  private final FleetContext context;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
  Shell shell;

  CompletionCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String script = AutoComplete.bash("fleet", spec.root().commandLine());
    if (shell == Shell.zsh) {
      // picocli's script runs in zsh through its bash completion emulation.
      context.out().println("autoload -U +X compinit && compinit");
      context.out().println("autoload -U +X bashcompinit && bashcompinit");
    }
    context.out().print(script);
    context.out().println("complete -F _complete_fleet -o default ./fleet");
    context.out().flush();
    return 0;
  }
}
