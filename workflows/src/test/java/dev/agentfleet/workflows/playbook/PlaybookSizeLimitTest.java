package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.lint.LintResult;
import dev.agentfleet.workflows.playbook.lint.PlaybookYaml;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A playbook text over {@link PlaybookYaml#MAX_CHARS} is refused before any YAML reading (issue
 * 11): the YAML reader would hold a 16 MB scalar whole before its own limit fires.
 */
class PlaybookSizeLimitTest {

  @Test
  void text_over_the_limit_is_refused_unread_and_quickly() {
    String text =
        "name: huge\ndescription: \""
            + "x".repeat(16 * 1024 * 1024)
            + "\"\nsteps:\n  - {id: done, kind: end, status: completed}\n";

    long started = System.nanoTime();
    LintResult result = PlaybookParser.check(text, "huge.yaml");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.valid()).isFalse();
    assertThat(result.messages())
        .singleElement()
        .asString()
        .startsWith("huge.yaml:1:1: the playbook is " + text.length() + " characters");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void a_long_value_under_the_file_limit_still_reads() {
    String text =
        "name: long-description\ndescription: \""
            + "x".repeat(900 * 1024)
            + "\"\nsteps:\n  - {id: done, kind: end, status: completed}\n";

    LintResult result = PlaybookParser.check(text, "long.yaml");

    assertThat(result.messages()).noneMatch(m -> m.contains("refused unread"));
  }
}
