package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.model.ModelRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A work item whose body travels by reference: the workflow routes it without loading the blob,
 * shows the preview where text is rendered, and hands the reference to the model activity.
 */
class LargeInputWorkflowTest {

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void passes_the_reference_to_model_steps_and_shows_its_preview_in_prompts() {
    h.ticket("spam", 0.95, Map.of("urgency", "low", "summary", "Lottery spam."));
    Map<String, Object> body =
        BlobReferences.reference(
            BlobRef.ofSha256("cd".repeat(32), 5_000_000, BlobRef.TEXT),
            "You won a prize! ".repeat(400));
    WorkItem item =
        new WorkItem(
            "L-1",
            Map.of(
                "id", "L-1", "from", "x@example.com", "subject", "Claim your prize", "body", body));
    AgentWorkflow run =
        h.client()
            .newWorkflowStub(
                AgentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.forRecord("support-triage", "L-1"))
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkflowClient.start(
        run::run, new AgentRunInput(h.playbook.definition(), h.playbook.hash(), item));

    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.CLOSED);
    assertThat(end.subject()).isEqualTo("Claim your prize");
    ModelRequest classify =
        h.model.requests.stream().filter(r -> r.stepId().equals("classify")).findFirst().get();
    assertThat(classify.prompt())
        .contains("Body: You won a prize! You won")
        .doesNotContain("$blob")
        .hasSizeLessThan(4_000);
    Object text = classify.context().get("text");
    assertThat(BlobReferences.isConcat(text)).isTrue();
    List<?> parts = (List<?>) ((Map<?, ?>) text).get(BlobReferences.CONCAT);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0)).isEqualTo("Claim your prize. ");
    assertThat(BlobReferences.ref(parts.get(1))).isEqualTo(BlobReferences.ref(body));
    assertThat(BlobReferences.preview(parts.get(1))).isEqualTo(BlobReferences.preview(body));
  }
}
