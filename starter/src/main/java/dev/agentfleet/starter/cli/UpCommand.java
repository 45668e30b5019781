package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.local.LocalFleet;
import dev.agentfleet.starter.local.LocalModel;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleet up}: starts the local Temporal dev server and a worker, whichever is down. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local fleet: the Temporal dev server (installed if missing), one worker and the",
      "approvers' admin page (FLEET_ADMIN_PORT, default 7070).",
      "Running it again starts only what is down.",
      "--model chaos also starts the fault-injecting model server (docs/chaos.md)",
      "on FLEET_CHAOS_PORT (default 8090) and points the worker at it. A worker",
      "already running on another model must be stopped with ./fleet down first."
    })
final class UpCommand implements Callable<Integer> {

  private final FleetContext context;

  @Spec CommandSpec spec;

  @Option(names = "--no-admin", description = "do not start the admin page (http://localhost:7070)")
  boolean noAdmin;

  @Option(
      names = "--model",
      paramLabel = "offline|chaos",
      description =
          "offline (the default: the worker's model settings come from the environment) or chaos"
              + " (a local OpenAI-compatible server that injects latency and faults)")
  String model;

  @Option(
      names = "--chaos",
      paramLabel = "SPEC",
      description =
          "with --model chaos: the chaos server's latency and fault rates, e.g."
              + " latency=lognormal:200ms:2s,429=0.05,seed=7 (default: FLEET_CHAOS, else "
              + LocalModel.DEFAULT_CHAOS_SPEC
              + ")")
  String chaos;

  UpCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Optional<LocalModel> asked;
    try {
      asked = LocalModel.fromOptions(model, chaos);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    new LocalFleet(context.paths(), context.temporal(), context.env(), context.out())
        .up(!noAdmin, asked);
    return 0;
  }
}
