package dev.agentfleet.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.playbook.MapStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A call by reference is completed from the definition it names, to exactly what a call carrying
 * its step asks; a definition the worker does not hold, or a step that is no model step, fails with
 * the reason.
 */
class ModelStepReferencesTest {

  private static final String SHA = "ab".repeat(32);

  @Test
  void a_call_by_reference_becomes_the_call_that_carries_its_step() throws Exception {
    ModelStep classify =
        (ModelStep) playbook("support-triage").definition().requireStep("classify");
    Map<String, Object> vars = Map.of("input", Map.of("subject", "Refund", "body", "Broken TV"));
    Map<String, Object> context = Map.of("subject", "Refund");
    ModelRequest carried =
        ModelStepRunner.request(
            classify, "k/1", "classify", "support-triage", "small", vars, context);
    ModelRequest byReference =
        ModelStepRunner.request(
            classify, "k/1", "classify", "support-triage", "small", vars, context, SHA);

    assertThat(byReference.byReference()).isTrue();
    assertThat(byReference.outputSchema()).isNull();
    assertThat(byReference.examples()).isEmpty();
    assertThat(byReference.prompt()).isEqualTo(carried.prompt());

    ModelRequest resolved =
        ModelStepReferences.resolve(byReference, library(playbook("support-triage")));
    assertThat(resolved.byReference()).isFalse();
    assertThat(resolved.definition()).isEqualTo(SHA);
    assertThat(resolved).usingRecursiveComparison().ignoringFields("definition").isEqualTo(carried);
    // a call that carries its step is left as it is
    assertThat(ModelStepReferences.resolve(carried, sha -> Optional.empty())).isSameAs(carried);
  }

  @Test
  void a_call_by_reference_leaves_out_what_the_definition_holds_and_reads_back() throws Exception {
    ModelRequest byReference =
        ModelRequest.decided("k/2", "a", "s", "small", "Say hi.", Map.of("x", "y"), SHA);
    ObjectMapper json = new ObjectMapper();
    String text = json.writeValueAsString(byReference);

    assertThat(text)
        .doesNotContain("outputSchema", "examples", "labels", "examplesFile", "task", "maxRepairs")
        .contains("\"definition\":\"" + SHA + "\"");
    assertThat(json.readValue(text, ModelRequest.class)).isEqualTo(byReference);
  }

  @Test
  void a_map_over_a_model_step_is_asked_as_its_inner_step() throws Exception {
    Playbook contentOps = playbook("content-ops");
    MapStep translate = (MapStep) contentOps.definition().requireStep("translate");
    ModelStep inner = (ModelStep) translate.step();
    ModelRequest byReference =
        ModelRequest.decided(
            "k/3", "content-ops", "translate", "large", "Translate.", Map.of(), SHA);

    ModelRequest resolved = ModelStepReferences.resolve(byReference, library(contentOps));

    assertThat(resolved.task()).isEqualTo(inner.task());
    assertThat(resolved.outputSchema()).contains("glossaryTerms");
  }

  @Test
  void a_definition_the_worker_does_not_hold_fails_to_be_retried() {
    ModelRequest byReference =
        ModelRequest.decided("k/4", "a", "classify", "small", "p", Map.of(), SHA);

    assertThatThrownBy(() -> ModelStepReferences.resolve(byReference, sha -> Optional.empty()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ModelStepReferences.DEFINITION_UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
            })
        .hasMessageContaining(SHA)
        .hasMessageContaining("classify");
  }

  @Test
  void a_step_that_is_no_model_step_fails_for_good() throws Exception {
    DefinitionLibrary library = library(playbook("support-triage"));
    for (String stepId : new String[] {"triage", "no_such_step"}) {
      ModelRequest byReference =
          ModelRequest.decided("k/5", "a", stepId, "small", "p", Map.of(), SHA);
      assertThatThrownBy(() -> ModelStepReferences.resolve(byReference, library))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo(ModelActivities.MODEL_UNAVAILABLE);
                assertThat(f.isNonRetryable()).isTrue();
              })
          .hasMessageContaining("support-triage")
          .hasMessageContaining(stepId);
    }
  }

  private static DefinitionLibrary library(Playbook playbook) {
    return sha -> SHA.equals(sha) ? Optional.of(playbook.definition()) : Optional.empty();
  }

  private static Playbook playbook(String name) throws Exception {
    Path file = Path.of("..", "agents", name + ".yaml");
    return PlaybookParser.parse(Files.readString(file), file.toString());
  }
}
