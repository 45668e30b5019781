package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.model.ModelTask;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlaybookParserTest {

  private static final String MINIMAL =
      """
      name: tiny
      steps:
        - {id: decide, kind: route, rules: [{name: big, when: "input.amount > 10", next: done}], otherwise: done}
        - {id: done, kind: end, status: completed}
      """;

  @Test
  void shipped_support_triage_playbook_is_valid() throws Exception {
    Path file = Path.of("..", "agents", "support-triage.yaml");
    Playbook playbook = PlaybookParser.parse(Files.readString(file), file.toString());

    AgentDefinition def = playbook.definition();
    assertThat(def.name()).isEqualTo("support-triage");
    assertThat(def.start()).isEqualTo("classify");
    assertThat(def.requireStep("classify"))
        .isInstanceOfSatisfying(
            ModelStep.class, m -> assertThat(m.task()).isEqualTo(ModelTask.CLASSIFY));
    assertThat(playbook.hash()).hasSize(12);
  }

  @Test
  void same_text_gives_same_version_and_any_change_a_new_one() {
    String a = PlaybookParser.parse(MINIMAL, "a.yaml").hash();
    String b = PlaybookParser.parse(MINIMAL, "b.yaml").hash();
    String changed = PlaybookParser.parse(MINIMAL.replace("10", "11"), "c.yaml").hash();

    assertThat(a).isEqualTo(b).isNotEqualTo(changed);
  }

  @Test
  void yaml_syntax_error_names_file_line_and_column() {
    assertThatThrownBy(() -> PlaybookParser.parse("name: x\nsteps: [\n  - {id: a", "bad.yaml"))
        .isInstanceOf(PlaybookException.class)
        .hasMessageMatching("(?s)bad\\.yaml:\\d+:\\d+:.*");
  }

  @Test
  void unknown_field_is_refused_with_its_path() {
    String typo = MINIMAL.replace("status: completed", "status: completed, nxt: x");
    assertThatThrownBy(() -> PlaybookParser.parse(typo, "typo.yaml"))
        .hasMessageContaining("typo.yaml:")
        .hasMessageContaining("nxt");
  }

  @Test
  void unknown_step_reference_and_bad_cel_are_both_reported() {
    String broken =
        MINIMAL
            .replace("next: done}", "next: nowhere}")
            .replace("input.amount > 10", "input.amount >");
    assertThatThrownBy(() -> PlaybookParser.parse(broken, "broken.yaml"))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e -> {
              assertThat(e.problems()).anyMatch(p -> p.contains("no step is called 'nowhere'"));
              assertThat(e.problems()).anyMatch(p -> p.contains("CEL does not compile"));
            });
  }

  @Test
  void approval_deadline_must_be_an_iso_duration() {
    String text =
        """
        name: a
        steps:
          - {id: ask, kind: approval, role: billing, deadline: 1 day, onApprove: done, onReject: done}
          - {id: done, kind: end, status: completed}
        """;
    assertThatThrownBy(() -> PlaybookParser.parse(text, "a.yaml"))
        .hasMessageContaining("step 'ask'.deadline: expected an ISO-8601 duration");
  }
}
