package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The playbooks shipped in {@code agents/}, loaded as the CLI loads them, and runs of them over
 * work items a test writes field by field (the harness's own {@code start} writes a ticket).
 */
final class ShippedAgents {

  private ShippedAgents() {}

  /** Parses and validates {@code agents/NAME.yaml}. */
  static Playbook load(String name) {
    Path file = Path.of("..", "agents", name + ".yaml");
    try {
      return PlaybookParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  /** Starts a run of the playbook over one record, with the workflow id the CLI would give it. */
  static AgentWorkflow start(
      WorkflowTestHarness h, Playbook playbook, String recordId, Map<String, Object> fields) {
    AgentWorkflow stub =
        h.client()
            .newWorkflowStub(
                AgentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.forRecord(playbook.definition().name(), recordId))
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkflowClient.start(
        stub::run,
        new AgentRunInput(playbook.definition(), playbook.hash(), new WorkItem(recordId, fields)));
    return stub;
  }
}
