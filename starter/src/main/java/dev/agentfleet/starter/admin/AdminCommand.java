package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.cli.FleetContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet admin}: the approvers' admin page and its passwords. */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = "The approvers' admin page: serve it, or hash a password for the approvers file.",
    subcommands = {AdminServeCommand.class, AdminHashPasswordCommand.class})
public final class AdminCommand implements Callable<Integer> {

  private final FleetContext context;

  @Spec CommandSpec spec;

  AdminCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return 2;
  }
}
