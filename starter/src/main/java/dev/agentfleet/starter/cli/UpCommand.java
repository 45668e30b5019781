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
      "already running on another model must be stopped with ./fleet down first.",
      "--json prints where everything is as one JSON object on stdout (temporalAddress,",
      "namespace, model, chaosServer, webUi, metricsUrl, codecUrl, payloadKeyFile, codecTokenFile,",
      "adminUrl, approvers, adminLog, logs, started: what this call started); the progress lines",
      "go to stderr then. A value that does not apply (no Web UI, no admin page, payloads not",
      "encrypted) is null."
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

  @Option(
      names = "--json",
      description = "print where everything is as JSON on stdout; progress goes to stderr")
  boolean json;

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
    LocalFleet fleet = localFleet(context, json);
    if (json) {
      context.printJson(fleet.start(!noAdmin, asked));
    } else {
      fleet.up(!noAdmin, asked);
    }
    return 0;
  }

  /**
   * The local fleet, printing its progress on stdout, or on stderr when stdout carries the JSON.
   */
  static LocalFleet localFleet(FleetContext context, boolean json) {
    return new LocalFleet(
        context.paths(), context.temporal(), context.env(), json ? context.err() : context.out());
  }
}
