package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.local.DownReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleet down}: stops what {@code up} started, worker first. */
@Command(
    name = "down",
    description = {
      "Stop the admin page, the worker and the Temporal dev server that ./fleet up started.",
      "--json prints what it did as one JSON object on stdout: stopped (part, pid, graceful:",
      "false when it had to be killed), notRunning and leftRunning (a Temporal on this machine",
      "that ./fleet up did not start); the progress lines go to stderr then."
    })
final class DownCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(
      names = "--json",
      description = "print what was stopped as JSON on stdout; progress goes to stderr")
  boolean json;

  DownCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    DownReport report = UpCommand.localFleet(context, json).down();
    if (json) {
      context.printJson(report);
    }
    return 0;
  }
}
