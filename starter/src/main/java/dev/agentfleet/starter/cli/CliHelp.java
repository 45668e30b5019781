package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every verb and sub-verb of the {@code fleet} command the same help: {@code -h}/{@code
 * --help} (usage, options with their defaults), the exit-code table, and {@code ./fleet help
 * [VERB]}. It is applied once to the whole command tree, so a verb added later gets it without
 * remembering to.
 */
final class CliHelp {

  /**
   * The exit codes every verb uses, the same across verbs: the table {@code docs/cli.md} shows and
   * the lines every help ends with.
   */
  static final List<Map.Entry<Integer, String>> EXIT_CODE_TABLE =
      List.of(
          Map.entry(0, "ok"),
          Map.entry(FleetException.ERROR, "failed"),
          Map.entry(FleetCommand.USAGE, "usage (a command line that does not parse)"),
          Map.entry(3, "some input rejected (the valid rest went on)"),
          Map.entry(4, "integrity broken (audit verify)"),
          Map.entry(
              FleetCommand.REFUSED,
              "refused (a run turned down a decision, answer or event; the reason is printed)"));

  /** {@link #EXIT_CODE_TABLE} as the lines at the end of every help. */
  static final List<String> EXIT_CODES = exitCodeLines();

  /** Wide enough that descriptions are not wrapped mid-sentence on a usual terminal. */
  static final int WIDTH = 100;

  private CliHelp() {}

  private static List<String> exitCodeLines() {
    List<String> parts =
        EXIT_CODE_TABLE.stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    List<String> lines = new ArrayList<>();
    lines.add("Exit codes: " + String.join(", ", parts.subList(0, 3)) + ",");
    for (int i = 3; i < parts.size(); i += 2) {
      boolean last = i + 2 >= parts.size();
      lines.add(
          "  "
              + String.join(", ", parts.subList(i, Math.min(i + 2, parts.size())))
              + (last ? "." : ","));
    }
    return List.copyOf(lines);
  }

  /** Adds the help option, defaults and the exit codes to {@code root} and every sub-verb. */
  static void apply(CommandLine root) {
    root.addSubcommand("help", new CommandLine.HelpCommand());
    apply(root, true);
  }

  /**
   * Appends "(default: X)" to each option with a default value whose description does not say it
   * already, so defaults show once and in the description's own words where they exist.
   */
  private static void showDefaults(CommandSpec spec) {
    for (OptionSpec option : List.copyOf(spec.options())) {
      String value = option.defaultValue();
      if (value == null || value.isEmpty() || option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String[] description = option.description();
      String text = String.join(" ", description);
      if (text.toLowerCase(java.util.Locale.ROOT).contains("default")) {
        continue;
      }
      String[] withDefault = description.clone();
      if (withDefault.length == 0) {
        withDefault = new String[] {"(default: " + value + ")"};
      } else {
        withDefault[withDefault.length - 1] += " (default: " + value + ")";
      }
      spec.remove(option);
      spec.addOption(option.toBuilder().description(withDefault).build());
    }
  }

  /** The verb's name without the {@code fleet} in front, e.g. {@code batch status}. */
  static String verb(CommandSpec spec) {
    String name = spec.qualifiedName(" ");
    int space = name.indexOf(' ');
    return space < 0 ? "" : name.substring(space + 1);
  }

  private static void apply(CommandLine line, boolean root) {
    CommandSpec spec = line.getCommandSpec();
    line.setUsageHelpWidth(WIDTH);
    line.setUsageHelpLongOptionsMaxWidth(30);
    showDefaults(spec);
    boolean hasHelp = spec.options().stream().anyMatch(OptionSpec::usageHelp);
    if (!hasHelp && !(spec.userObject() instanceof CommandLine.HelpCommand)) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help (usage, options, defaults, exit codes) and exit.")
              .build());
    }
    if (!root && !(spec.userObject() instanceof CommandLine.HelpCommand)) {
      List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
      List<String> examples = CliExamples.BY_VERB.get(verb(spec));
      if (examples != null) {
        footer.add("");
        footer.add(examples.size() == 1 ? "Example:" : "Examples:");
        examples.forEach(example -> footer.add("  " + example));
      }
      footer.add("");
      footer.addAll(EXIT_CODES);
      spec.usageMessage().footer(footer.toArray(String[]::new));
    }
    for (CommandLine sub : line.getSubcommands().values()) {
      if (sub.getParent() == line) {
        apply(sub, false);
      }
    }
  }
}
