package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.local.LocalFleet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code fleet down}: stops what {@code up} started, worker first. */
@Command(
    name = "down",
    description =
        "Stop the admin page, the worker and the Temporal dev server that ./fleet up started.")
final class DownCommand implements Callable<Integer> {

  private final FleetContext context;

  DownCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    new LocalFleet(context.paths(), context.temporal(), context.env(), context.out()).down();
    return 0;
  }
}
