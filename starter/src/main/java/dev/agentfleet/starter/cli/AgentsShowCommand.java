package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet agents show NAME}: a playbook's step graph, step by step as text with every route
 * labelled, then as a Mermaid flowchart to paste into a Markdown page.
 */
@Command(
    name = "show",
    description =
        "Print an agent's step graph: each step and its routes, then a Mermaid flowchart.")
final class AgentsShowCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "an agent in the agents folder, or a playbook file")
  String agent;

  @Option(
      names = "--json",
      description = "print the step graph as JSON: agent, version, start, steps and edges")
  boolean json;

  AgentsShowCommand(FleetContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AgentCatalog catalog = AgentsCommand.catalog(context);
    LintResult check = catalog.check(agent);
    if (!check.valid()) {
      throw new FleetException(
          check.source()
              + " is not a valid playbook — fix these problems first:"
              + System.lineSeparator()
              + "  "
              + String.join(System.lineSeparator() + "  ", check.messages()));
    }
    if (json) {
      java.util.Map<String, Object> graph = new java.util.LinkedHashMap<>();
      graph.put("agent", check.playbook().definition().name());
      graph.put("version", check.playbook().hash());
      graph.put("start", check.graph().start());
      graph.put("steps", check.graph().steps());
      graph.put("edges", check.graph().edges());
      context.printJson(graph);
      return 0;
    }
    context.out().print(StepGraphView.text(check.playbook(), check.graph()));
    context.out().println();
    context.out().print(StepGraphView.mermaid(check.graph()));
    return 0;
  }
}
