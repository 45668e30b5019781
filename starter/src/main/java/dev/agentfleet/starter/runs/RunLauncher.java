package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.RunLabels;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one agent run per record. The workflow id comes from the agent and the record's own id and
 * is never reused, so a record submitted twice is one run: the second start is reported as a
 * duplicate, whether the first run is still going or long finished.
 */
public final class RunLauncher {

  private final TemporalConnection temporal;

  public RunLauncher(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  /** A run that exists for a record: just started, or found already started. */
  public record Launched(String recordId, String workflowId) {}

  /** The runs started and the records whose run already existed. */
  public record Outcome(List<Launched> started, List<Launched> duplicates) {}

  /** Starts the runs in record order; stops at the first failure that is not a duplicate. */
  public Outcome launch(Playbook playbook, List<InputRecord> records) {
    AgentDefinition definition = playbook.definition();
    List<Launched> started = new ArrayList<>();
    List<Launched> duplicates = new ArrayList<>();
    for (InputRecord record : records) {
      WorkItem item = record.item();
      String workflowId = WorkflowIds.forRecord(definition.name(), item.id());
      AgentWorkflow run =
          temporal
              .client()
              .newWorkflowStub(AgentWorkflow.class, options(definition, item, workflowId));
      try {
        WorkflowClient.start(run::run, new AgentRunInput(definition, playbook.hash(), item));
        started.add(new Launched(item.id(), workflowId));
      } catch (WorkflowExecutionAlreadyStarted e) {
        duplicates.add(new Launched(item.id(), workflowId));
      } catch (RuntimeException e) {
        throw new FleetException(
            "started "
                + started.size()
                + " of "
                + records.size()
                + " runs; the record on line "
                + record.line()
                + " did not start: "
                + temporal.explain(e));
      }
    }
    return new Outcome(started, duplicates);
  }

  private static WorkflowOptions options(
      AgentDefinition definition, WorkItem item, String workflowId) {
    String subject = RunLabels.subject(definition, item);
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.AGENTS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setMemo(Map.of("subject", subject))
        .setStaticSummary(RunLabels.summary(definition, subject))
        .setTypedSearchAttributes(RunLabels.atStart(definition, item))
        .build();
  }
}
