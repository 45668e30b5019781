package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLabelsTest {

  private static final AgentDefinition AGENT =
      new AgentDefinition("support-triage", null, List.of(), "subject", null, null, List.of());

  @Test
  void subject_is_one_line_cut_to_120_characters_without_splitting_an_emoji() {
    String subject = "Refund\nplease " + "😡".repeat(200);

    String shown = RunLabels.subject(AGENT, new WorkItem("T-1", Map.of("subject", subject)));

    assertThat(shown).startsWith("Refund please 😡").doesNotContain("\n");
    assertThat(shown.codePointCount(0, shown.length())).isEqualTo(RunLabels.MAX_SUBJECT);
    assertThat(Character.isHighSurrogate(shown.charAt(shown.length() - 1))).isFalse();
  }

  @Test
  void subject_falls_back_to_the_record_id_when_the_field_is_empty_or_missing() {
    assertThat(RunLabels.subject(AGENT, new WorkItem("T-2", Map.of("subject", "  "))))
        .isEqualTo("T-2");
    assertThat(RunLabels.subject(AGENT, new WorkItem("T-3", Map.of()))).isEqualTo("T-3");
  }
}
