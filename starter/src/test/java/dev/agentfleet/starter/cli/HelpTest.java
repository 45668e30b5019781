package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every verb and sub-verb answers {@code --help}, {@code -h} and {@code help VERB} with its usage.
 */
class HelpTest {

  @TempDir Path repo;

  @Test
  void every_registered_command_answers_help_and_names_each_of_its_options() throws Exception {
    CliHarness cli = new CliHarness(repo);
    List<CommandSpec> commands = new ArrayList<>();
    collect(commandTree(cli).getCommandSpec(), commands);
    assertThat(commands).hasSizeGreaterThan(25);
    for (CommandSpec command : commands) {
      List<String> path = pathOf(command);
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        int code = cli.fleet(args.toArray(String[]::new));
        String help = cli.stdout();
        assertThat(code).as("exit code of fleet %s", String.join(" ", args)).isZero();
        assertThat(cli.stderr()).as("stderr of fleet %s", String.join(" ", args)).isEmpty();
        assertThat(help).as("usage of fleet %s", String.join(" ", args)).contains("Usage:");
        for (OptionSpec option : command.options()) {
          if (option.hidden()) {
            continue;
          }
          assertThat(help)
              .as("fleet %s names its option %s", String.join(" ", args), option.longestName())
              .contains(option.longestName());
        }
        if (!path.isEmpty()) {
          assertThat(help)
              .as("exit codes of fleet %s", String.join(" ", args))
              .contains("Exit codes");
          assertThat(CliExamples.BY_VERB)
              .as("CliExamples has an example for fleet %s", String.join(" ", path))
              .containsKey(String.join(" ", path));
          assertThat(help)
              .as("examples of fleet %s", String.join(" ", args))
              .contains("./fleet " + path.get(0));
        }
      }
    }
  }

  @Test
  void help_verb_shows_the_same_usage_as_the_help_option() throws Exception {
    CliHarness cli = new CliHarness(repo);
    assertThat(cli.fleet("runs", "--help")).isZero();
    String viaOption = cli.stdout();
    assertThat(cli.fleet("help", "runs")).isZero();
    assertThat(cli.stdout()).isEqualTo(viaOption);
    assertThat(cli.fleet("help")).isZero();
    assertThat(cli.stdout()).contains("Usage: fleet").contains("runs");
  }

  @Test
  void a_usage_error_points_at_a_help_that_exists() throws Exception {
    CliHarness cli = new CliHarness(repo);
    assertThat(cli.fleet("runs", "--no-such-option")).isEqualTo(FleetCommand.USAGE);
    assertThat(cli.stderr()).contains("see ./fleet runs --help");
    assertThat(cli.fleet("runs", "--help")).isZero();
  }

  @Test
  void every_example_in_the_help_parses_as_written() throws Exception {
    CliHarness cli = new CliHarness(repo);
    for (var entry : CliExamples.BY_VERB.entrySet()) {
      for (String example : entry.getValue()) {
        String line = example.replaceFirst("^.*\\| ", "").replace("source <(", "");
        line = line.endsWith(")") ? line.substring(0, line.length() - 1) : line;
        List<String> words = shellWords(line);
        assertThat(words.get(0)).as("example %s", example).isEqualTo("./fleet");
        String[] args = words.subList(1, words.size()).toArray(String[]::new);
        assertThat(args[0] + (args.length > 1 ? " " + args[1] : ""))
            .as("example %s is for fleet %s", example, entry.getKey())
            .startsWith(entry.getKey());
        CommandLine fresh = commandTree(cli);
        try {
          fresh.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
          throw new AssertionError("example does not parse: " + example + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Splits a command line as a POSIX shell would for words, single and double quotes. */
  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** The command tree as the CLI builds it, walked through picocli's own model. */
  private static CommandLine commandTree(CliHarness cli) {
    CommandLine[] seen = new CommandLine[1];
    try (FleetContext context = cli.quietContext()) {
      seen[0] = FleetCommand.commandLine(context);
    }
    return seen[0];
  }

  private static void collect(CommandSpec spec, List<CommandSpec> into) {
    if (spec.userObject() instanceof CommandLine.HelpCommand) {
      return;
    }
    into.add(spec);
    for (CommandLine sub : spec.subcommands().values()) {
      if (sub.getCommandSpec().parent() == spec && !into.contains(sub.getCommandSpec())) {
        collect(sub.getCommandSpec(), into);
      }
    }
  }

  private static List<String> pathOf(CommandSpec spec) {
    List<String> path = new ArrayList<>();
    for (CommandSpec at = spec; at.parent() != null; at = at.parent()) {
      path.add(0, at.name());
    }
    return path;
  }
}
