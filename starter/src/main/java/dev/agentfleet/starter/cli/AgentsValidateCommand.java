package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.agents.AgentCatalog;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import dev.agentfleet.workflows.playbook.lint.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet agents validate FILE...}: every problem of each playbook as {@code file:line:column:
 * what is wrong}, or that it is valid with its agent, version and step count.
 */
@Command(
    name = "validate",
    description = {
      "Check playbooks: print every problem as FILE:LINE:COLUMN: what is wrong.",
      "Exit 0 when all are valid, 1 otherwise."
    })
final class AgentsValidateCommand implements Callable<Integer> {

  private final FleetContext context;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "a playbook file, or the name of an agent in the agents folder")
  List<String> files;

  @Option(
      names = "--json",
      description =
          "print {\"file\",\"valid\",\"problems\":[{\"line\",\"column\",\"path\",\"message\"}]}"
              + " (a list of them for several files)")
  boolean json;

  AgentsValidateCommand(FleetContext context) {
    this.context = context;
  }

  /** The JSON contract of one file's check. */
  record Report(String file, boolean valid, List<Problem> problems) {}

  @Override
  public Integer call() {
    AgentCatalog catalog = AgentsCommand.catalog(context);
    List<Report> reports = new ArrayList<>();
    boolean allValid = true;
    for (String file : files) {
      LintResult check = catalog.check(file);
      allValid &= check.valid();
      reports.add(new Report(check.source(), check.valid(), check.problems()));
      if (!json) {
        print(check);
      }
    }
    if (json) {
      context.printJson(reports.size() == 1 ? reports.get(0) : reports);
    }
    return allValid ? 0 : 1;
  }

  private void print(LintResult check) {
    if (check.valid()) {
      context.out().println(valid(check.playbook()));
      return;
    }
    check.messages().forEach(context.out()::println);
    int count = check.problems().size();
    context
        .err()
        .println(
            "error: "
                + check.source()
                + " is not a valid playbook ("
                + count
                + (count == 1 ? " problem" : " problems")
                + ")");
  }

  static String valid(Playbook playbook) {
    int steps = playbook.definition().steps().size();
    return playbook.source()
        + ": valid (agent "
        + playbook.definition().name()
        + ", version "
        + playbook.hash()
        + ", "
        + steps
        + (steps == 1 ? " step)" : " steps)");
  }
}
