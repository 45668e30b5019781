package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.local.LocalFleet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleet up}: starts the local Temporal dev server and a worker, whichever is down. */
@Command(
    name = "up",
    description = {
      "Start the local fleet: the Temporal dev server (installed if missing), one worker and the",
      "approvers' admin page (FLEET_ADMIN_PORT, default 7070).",
      "Running it again starts only what is down."
    })
final class UpCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--no-admin", description = "do not start the admin page (http://localhost:7070)")
  boolean noAdmin;

  UpCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    new LocalFleet(context.paths(), context.temporal(), context.env(), context.out()).up(!noAdmin);
    return 0;
  }
}
