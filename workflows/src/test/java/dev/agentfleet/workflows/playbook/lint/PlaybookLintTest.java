package dev.agentfleet.workflows.playbook.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.PlaybookParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The playbooks we ship and document are valid, and each broken playbook under {@code
 * playbooks/broken/} gets exactly the problems its {@code # expect: LINE:COLUMN text} comments
 * list, at those places.
 */
class PlaybookLintTest {

  private static final Path BROKEN = Path.of("src/test/resources/playbooks/broken");
  private static final Path AGENTS = Path.of("..", "agents");
  private static final Path DOCS = Path.of("..", "docs", "playbooks.md");
  private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+) (.+)$");

  static Stream<Path> shippedAgents() throws IOException {
    try (Stream<Path> files = Files.list(AGENTS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> brokenPlaybooks() throws IOException {
    try (Stream<Path> files = Files.list(BROKEN)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedAgents")
  void every_shipped_agent_is_valid(Path file) throws IOException {
    LintResult result = check(file);

    assertThat(result.messages()).isEmpty();
    assertThat(result.valid()).isTrue();
  }

  /**
   * The playbooks the other modules' tests and the bench run: a connector, operation or parameter
   * the catalog does not know would fail them only at run time.
   */
  static Stream<Path> otherPlaybooks() throws IOException {
    List<Path> folders =
        List.of(
            Path.of("..", "bench", "agents"),
            Path.of("..", "it", "src", "test", "resources", "agents"),
            Path.of("..", "starter", "src", "test", "resources", "playbooks"));
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> listed = Files.list(folder)) {
        listed.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("otherPlaybooks")
  void every_playbook_other_modules_run_is_valid(Path file) throws IOException {
    assertThat(check(file).messages()).isEmpty();
  }

  @Test
  void the_example_in_the_playbook_guide_is_valid() throws IOException {
    String guide = Files.readString(DOCS, StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(guide);
    assertThat(block.find()).as("a ```yaml block in " + DOCS).isTrue();

    LintResult result = PlaybookParser.check(block.group(1), "docs/playbooks.md");

    assertThat(result.messages()).isEmpty();
    assertThat(result.playbook().definition().steps()).hasSizeGreaterThan(3);
  }

  @ParameterizedTest
  @MethodSource("brokenPlaybooks")
  void a_broken_playbook_gets_each_expected_problem_at_its_line_and_column(Path file)
      throws IOException {
    List<String> expected =
        Files.readAllLines(file).stream().filter(l -> EXPECT.matcher(l).matches()).toList();
    assertThat(expected).as("# expect: comments in " + file).isNotEmpty();

    LintResult result = check(file);

    assertThat(result.valid()).isFalse();
    assertThat(result.playbook()).isNull();
    for (String expectation : expected) {
      Matcher m = EXPECT.matcher(expectation);
      assertThat(m.matches()).isTrue();
      int line = Integer.parseInt(m.group(1));
      int column = Integer.parseInt(m.group(2));
      assertThat(result.problems())
          .as("%s in %s", expectation, result.messages())
          .anySatisfy(
              p -> {
                assertThat(p.line()).isEqualTo(line);
                assertThat(p.column()).isEqualTo(column);
                assertThat(p.message()).contains(m.group(3));
              });
    }
    assertThat(result.problems()).as("problems beyond the expected").hasSameSizeAs(expected);
  }

  @Test
  void every_message_is_one_line_that_starts_with_file_line_and_column() throws IOException {
    for (Path file : brokenPlaybooks().toList()) {
      for (String message : check(file).messages()) {
        assertThat(message).matches(Pattern.quote(file.toString()) + ":\\d+:\\d+: [^\\n]+");
      }
    }
  }

  private static LintResult check(Path file) throws IOException {
    return PlaybookParser.check(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }
}
