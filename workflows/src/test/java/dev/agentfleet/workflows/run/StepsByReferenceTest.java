package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run that reads its definition from the worker's library asks its model calls by reference: the
 * history carries what the run decided (prompt, context, tier, key) and the definition's hash, not
 * the steps' examples, labels and schemas; the execution plane reads those from the definition and
 * is asked exactly what a call carrying them would ask. A definition sent inline (which the
 * activities may not hold) keeps carrying them.
 */
class StepsByReferenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_run_on_a_trusted_definition_names_its_steps_by_reference_and_replays() throws Exception {
    try (WorkflowTestHarness h = new WorkflowTestHarness(false)) {
      AgentWorkflow run = h.smallRefund("R-1");
      assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
      WorkflowExecutionHistory history = h.history(run);

      List<JsonNode> scheduled = modelCalls(history);
      assertThat(scheduled).hasSizeGreaterThanOrEqualTo(2);
      for (JsonNode call : scheduled) {
        assertThat(call.path("definition").asText()).isEqualTo(h.playbook.sha256());
        assertThat(call.has("outputSchema")).as("schema in %s", call).isFalse();
        assertThat(call.has("examples")).as("examples in %s", call).isFalse();
        assertThat(call.has("labels")).as("labels in %s", call).isFalse();
        assertThat(call.path("prompt").asText()).isNotBlank();
      }
      // the execution plane was asked what a call carrying its step would have asked
      ModelRequest classify = called(h, "classify");
      ModelStep step = (ModelStep) h.playbook.definition().requireStep("classify");
      ModelRequest carried =
          ModelStepRunner.request(
              step,
              classify.idempotencyKey(),
              "classify",
              classify.agent(),
              classify.tier(),
              Map.of(),
              classify.context());
      assertThat(classify.examples()).isNotEmpty().isEqualTo(carried.examples());
      assertThat(classify.labels()).contains("refund").isEqualTo(carried.labels());
      assertThat(classify.outputSchema()).isNotNull().isEqualTo(carried.outputSchema());
      assertThat(classify.task()).isEqualTo(carried.task());
      assertThat(classify.maxRepairs()).isEqualTo(carried.maxRepairs());

      h.replay(history);
      h.exportHistory(run, "support-triage-model-calls-by-reference");
    }
  }

  @Test
  void a_definition_sent_inline_carries_its_steps() {
    try (WorkflowTestHarness h = new WorkflowTestHarness(true)) {
      h.ticket(
          "refund",
          0.91,
          WorkflowTestHarness.usdRefund("A-2", 24.99, "Customer asks about an order."));
      AgentWorkflow run = h.start("R-2", h.playbook, false);
      assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);

      List<JsonNode> scheduled = modelCalls(h.history(run));
      assertThat(scheduled).isNotEmpty();
      for (JsonNode call : scheduled) {
        assertThat(call.has("definition")).as("definition in %s", call).isFalse();
        assertThat(call.path("outputSchema").asText()).startsWith("{");
      }
      assertThat(called(h, "classify").examples()).isNotEmpty();
    }
  }

  private static ModelRequest called(WorkflowTestHarness h, String stepId) {
    return h.model.requests.stream()
        .filter(r -> r.stepId().equals(stepId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no model call for " + stepId));
  }

  /** The model calls' inputs as the history holds them (JSON, before any worker reads them). */
  private static List<JsonNode> modelCalls(WorkflowExecutionHistory history) {
    return WorkflowTestHarness.modelCalls(history).stream()
        .map(a -> a.getInput().getPayloads(0).getData().toString(StandardCharsets.UTF_8))
        .map(StepsByReferenceTest::parse)
        .toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
