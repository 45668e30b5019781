package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunStatus;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one agent run per record. The workflow id comes from the agent and the record's own id and
 * is never reused, so a record submitted twice is one run: the second start is reported as a
 * duplicate, whether the first run is still going or long finished.
 */
public final class RunLauncher {

  /** The longest subject kept in the memo and the Web UI summary, in characters. */
  public static final int MAX_SUBJECT = 120;

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
    String subject = subject(definition, item);
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.AGENTS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setMemo(Map.of("subject", subject))
        .setStaticSummary(definition.name() + ": " + subject)
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(FleetSearchAttributes.AGENT, definition.name())
                .set(FleetSearchAttributes.RECORD_ID, item.id())
                .set(FleetSearchAttributes.STATUS, RunStatus.RUNNING.wireName())
                .set(FleetSearchAttributes.NEEDS_APPROVAL, false)
                .build())
        .build();
  }

  /**
   * The record's subject field as one line of at most {@link #MAX_SUBJECT} characters; the record
   * id when the agent names no subject or the record has none.
   */
  static String subject(AgentDefinition definition, WorkItem item) {
    Object value =
        definition.subjectField() == null ? null : item.fields().get(definition.subjectField());
    String text =
        value == null
            ? ""
            : String.valueOf(BlobReferences.inline(value)).replaceAll("\\s+", " ").strip();
    if (text.isEmpty()) {
      text = item.id();
    }
    if (text.codePointCount(0, text.length()) > MAX_SUBJECT) {
      text = text.substring(0, text.offsetByCodePoints(0, MAX_SUBJECT));
    }
    return text;
  }
}
