package dev.agentfleet.activities.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The offline tier answers a support-triage classify call named by reference exactly as it answers
 * the call that carries the step's labels, examples and schema.
 */
class StepReferenceModelActivitiesTest {

  @Test
  void a_call_by_reference_is_answered_as_the_call_that_carries_its_step() throws Exception {
    Path file = Path.of("..", "agents", "support-triage.yaml");
    Playbook playbook = PlaybookParser.parse(Files.readString(file), file.toString());
    ModelStep classify = (ModelStep) playbook.definition().requireStep("classify");
    Map<String, Object> vars =
        Map.of(
            "input",
            Map.of("subject", "Broken blender", "body", "It arrived broken, refund me please."));
    Map<String, Object> context =
        Map.of("subject", "Broken blender", "body", "It arrived broken, refund me please.");
    ModelActivitiesImpl offline = ModelActivitiesImpl.builder(ModelConfig.offline()).build();
    StepReferenceModelActivities model =
        new StepReferenceModelActivities(
            offline,
            sha ->
                sha.equals(playbook.sha256())
                    ? Optional.of(playbook.definition())
                    : Optional.empty());

    ModelResponse carried =
        model.complete(
            ModelStepRunner.request(
                classify, "t/1/classify", "classify", "support-triage", "small", vars, context));
    ModelRequest byReference =
        ModelStepRunner.request(
            classify,
            "t/1/classify",
            "classify",
            "support-triage",
            "small",
            vars,
            context,
            playbook.sha256());
    ModelResponse answered = model.complete(byReference);

    assertThat(byReference.examples()).isEmpty();
    assertThat(answered.output()).isEqualTo(carried.output());
    assertThat(answered.output().get("category")).isEqualTo("refund");
  }
}
