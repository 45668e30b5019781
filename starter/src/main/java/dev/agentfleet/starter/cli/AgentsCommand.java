package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.starter.agents.AgentCatalog.Entry;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet agents}: the agents in the agents folder with their versions; {@code validate} and
 * {@code show} read one playbook. Needs no server.
 */
@Command(
    name = "agents",
    description = "List the agents in the agents folder (FLEET_AGENTS_DIR, default agents/).",
    subcommands = {
      AgentsValidateCommand.class,
      AgentsShowCommand.class,
      AgentsPublishCommand.class
    })
final class AgentsCommand implements Callable<Integer> {

  private final FleetContext context;

  @Option(names = "--json", description = "print the agents as JSON")
  boolean json;

  AgentsCommand(FleetContext context) {
    this.context = context;
  }

  /** One line of {@code fleet agents}, exactly the fields of its JSON contract. */
  record AgentSummary(String name, String version, int steps, String description) {}

  static AgentCatalog catalog(FleetContext context) {
    return new AgentCatalog(context.paths().agents(), context.paths()::show);
  }

  @Override
  public Integer call() {
    AgentCatalog catalog = catalog(context);
    List<AgentSummary> agents = new ArrayList<>();
    List<Entry> invalid = new ArrayList<>();
    for (Entry entry : catalog.entries()) {
      if (entry.check().valid()) {
        AgentDefinition definition = entry.check().playbook().definition();
        agents.add(
            new AgentSummary(
                definition.name(),
                entry.check().playbook().hash(),
                definition.steps().size(),
                definition.description() == null ? null : definition.description().strip()));
      } else {
        invalid.add(entry);
      }
    }
    if (json) {
      context.printJson(agents);
    } else if (agents.isEmpty() && invalid.isEmpty()) {
      context
          .out()
          .println(
              "no agents in "
                  + catalog.folder()
                  + " (add NAME.yaml there, or set FLEET_AGENTS_DIR to another folder)");
    } else if (!agents.isEmpty()) {
      TextTable table = new TextTable("NAME", "VERSION", "STEPS", "DESCRIPTION");
      agents.forEach(a -> table.row(a.name(), a.version(), a.steps(), a.description()));
      table.print(context.out());
      context.out().println();
      context.out().println("Run: ./fleet run NAME --input FILE   Graph: ./fleet agents show NAME");
    }
    for (Entry entry : invalid) {
      int count = entry.check().problems().size();
      context
          .err()
          .println(
              "error: "
                  + entry.check().source()
                  + " is not a valid playbook ("
                  + count
                  + (count == 1 ? " problem" : " problems")
                  + ") — see ./fleet agents validate "
                  + entry.check().source());
    }
    return invalid.isEmpty() ? 0 : 1;
  }
}
