package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedDefinitionChecksTest {

  private static AgentDefinition shipped(String name) throws Exception {
    Path file = Path.of("..", "agents", name + ".yaml");
    return PlaybookParser.parse(Files.readString(file), file.toString()).definition();
  }

  @Test
  void a_valid_definition_has_no_problems_and_the_answer_is_remembered() throws Exception {
    CachedDefinitionChecks checks = new CachedDefinitionChecks(4);
    AgentDefinition triage = shipped("support-triage");

    List<String> first = checks.definitionProblems(triage);
    List<String> again = checks.definitionProblems(shipped("support-triage"));

    assertThat(first).isEmpty();
    assertThat(again).isSameAs(first);
  }

  @Test
  void an_invalid_definition_is_refused_even_after_a_valid_one_of_the_same_name() throws Exception {
    CachedDefinitionChecks checks = new CachedDefinitionChecks(4);
    AgentDefinition triage = shipped("support-triage");

    assertThat(checks.definitionProblems(triage)).isEmpty();
    assertThat(checks.definitionProblems(withoutClassify(triage)))
        .isNotEmpty()
        .anyMatch(p -> p.contains("classify"));
  }

  @Test
  void the_oldest_answer_is_forgotten_past_the_capacity() throws Exception {
    CachedDefinitionChecks checks = new CachedDefinitionChecks(1);
    AgentDefinition broken = withoutClassify(shipped("support-triage"));
    List<String> first = checks.definitionProblems(broken);
    assertThat(checks.definitionProblems(broken)).isSameAs(first);

    checks.definitionProblems(shipped("lead-followup"));

    assertThat(checks.definitionProblems(broken)).isEqualTo(first).isNotSameAs(first);
  }

  private static AgentDefinition withoutClassify(AgentDefinition def) {
    List<StepDef> steps = new ArrayList<>(def.steps());
    steps.removeIf(s -> s.id().equals("classify"));
    return new AgentDefinition(
        def.name(),
        def.description(),
        def.input(),
        def.subjectField(),
        def.start(),
        def.maxSteps(),
        steps,
        def.budget(),
        def.remember(),
        def.maxHistoryEvents());
  }
}
