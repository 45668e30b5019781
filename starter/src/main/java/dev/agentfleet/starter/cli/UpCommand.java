package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.local.LocalFleet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code fleet up}: starts the local Temporal dev server and a worker, whichever is down. */
@Command(
    name = "up",
    description = {
      "Start the local fleet: the Temporal dev server (installed if missing) and one worker.",
      "Running it again starts only what is down."
    })
final class UpCommand implements Callable<Integer> {

  private final FleetContext context;

  UpCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    new LocalFleet(context.paths(), context.temporal(), context.env(), context.out()).up();
    return 0;
  }
}
