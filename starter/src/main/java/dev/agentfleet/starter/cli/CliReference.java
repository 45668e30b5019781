package dev.agentfleet.starter.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Renders {@code docs/cli.md} from the commands' own definitions: every verb and sub-verb with the
 * usage its {@code --help} prints. The page is generated, never edited by hand, so it cannot drift
 * from the CLI; {@code CliReferenceTest} fails the build when the committed page is not current and
 * says how to regenerate it.
 */
public final class CliReference {

  private CliReference() {}

  /** The whole reference page for the command tree built with {@code context}. */
  public static String markdown(FleetContext context) {
    CommandLine root = FleetCommand.commandLine(context);
    StringBuilder page = new StringBuilder();
    page.append("# The `fleet` command line\n\n")
        .append("<!-- Generated from the commands' definitions by CliReference; do not edit.\n")
        .append("     Regenerate: ./mvnw -pl starter -am test -Dtest=CliReferenceTest")
        .append(" -Dfleet.writeCliReference=true -->\n\n")
        .append("Every verb answers `-h`/`--help` (and `./fleet help VERB`) with the text below.\n")
        .append(
            "`./fleet test` (both test suites) and `./fleet bench NAME` (benchmarks) are handled")
        .append(" by the `fleet` script itself.\n\n");
    List<CommandLine> commands = new ArrayList<>();
    collect(root, commands);
    page.append("Exit codes, the same for every verb:\n\n| code | meaning |\n| --- | --- |\n");
    CliHelp.EXIT_CODE_TABLE.forEach(
        e ->
            page.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
    page.append("\n");
    page.append("| command | what it does |\n| --- | --- |\n");
    for (CommandLine command : commands) {
      String name = command.getCommandSpec().qualifiedName(" ");
      page.append("| [`")
          .append(name)
          .append("`](#")
          .append(anchor(name))
          .append(") | ")
          .append(firstLine(command.getCommandSpec()).replace("|", "\\|"))
          .append(" |\n");
    }
    for (CommandLine command : commands) {
      String name = command.getCommandSpec().qualifiedName(" ");
      page.append("\n## ").append(name).append("\n\n```text\n");
      page.append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
      page.append("\n```\n");
    }
    return page.toString();
  }

  private static void collect(CommandLine line, List<CommandLine> into) {
    if (line.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
      return;
    }
    into.add(line);
    for (CommandLine sub : line.getSubcommands().values()) {
      if (sub.getParent() == line && !into.contains(sub)) {
        collect(sub, into);
      }
    }
  }

  private static String firstLine(CommandSpec spec) {
    String text =
        String.join(" ", spec.usageMessage().description()).replaceAll("\\s+", " ").strip();
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }

  private static String anchor(String heading) {
    return heading.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
  }
}
