package dev.agentfleet.starter.cli;

import dev.agentfleet.ledger.cost.CostReader;
import dev.agentfleet.starter.ledger.CliLedger;
import dev.agentfleet.starter.ops.FleetWatch;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet watch}: a live view of the fleet, redrawn every two seconds until Ctrl-C: runs by
 * status, approvals waiting and the oldest's age, the last minute's error rate and the cost rate.
 */
@Command(
    name = "watch",
    description =
        "A live view of the fleet, refreshed until Ctrl-C: runs by status, approvals waiting"
            + " and the oldest's age, error rate over the last minute, model cost rate.")
final class WatchCommand implements Callable<Integer> {

  private static final String CLEAR = "\033[H\033[2J";

  private final FleetContext context;

  @Option(names = "--once", description = "print one frame and exit")
  boolean once;

  @Option(
      names = "--json",
      description = "print each frame as JSON (with --once, one object; else one per interval)")
  boolean json;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "seconds between frames (default ${DEFAULT-VALUE})")
  double interval;

  WatchCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    FleetWatch watch =
        new FleetWatch(
            context.connectedTemporal(),
            new CostReader(CliLedger.fromEnv(context.env(), context.paths())),
            Clock.systemUTC());
    long pause = Math.max(200, Duration.ofMillis(Math.round(interval * 1000)).toMillis());
    while (true) {
      if (json) {
        context.printJson(watch.frame().json());
        context.out().flush();
        if (once) {
          return 0;
        }
        Thread.sleep(pause);
        continue;
      }
      String frame = watch.frame().render();
      if (once) {
        context.out().print(frame);
        context.out().flush();
        return 0;
      }
      context.out().print((context.interactive() ? CLEAR : "\n") + frame);
      context.out().print("(Ctrl-C to stop)\n");
      context.out().flush();
      Thread.sleep(pause);
    }
  }
}
