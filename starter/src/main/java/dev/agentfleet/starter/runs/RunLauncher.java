package dev.agentfleet.starter.runs;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.workflows.definition.DefinitionRef;
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
 *
 * <p>A run names its definition by the SHA-256 of the playbook text ({@link DefinitionRef}); the
 * worker runs it only when it trusts a definition of that hash (deployed with it, or published and
 * signed). The whole definition travels in the input only when {@code
 * FLEET_TRUST_LOCAL_DEFINITIONS=1} asks for it, for a development worker with the same setting.
 */
public final class RunLauncher {

  /** The setting that sends the whole definition with each run, for development workers. */
  public static final String TRUST_LOCAL = "FLEET_TRUST_LOCAL_DEFINITIONS";

  private final TemporalConnection temporal;
  private final boolean sendDefinition;

  /** A launcher whose runs name their definition by hash only. */
  public RunLauncher(TemporalConnection temporal) {
    this(temporal, false);
  }

  /**
   * @param sendDefinition whether each run also carries the whole definition (development only)
   */
  public RunLauncher(TemporalConnection temporal, boolean sendDefinition) {
    this.temporal = temporal;
    this.sendDefinition = sendDefinition;
  }

  /** Whether the environment asks to send definitions inline ({@value #TRUST_LOCAL}=1). */
  public static boolean sendsDefinition(Map<String, String> env) {
    String value = env.getOrDefault(TRUST_LOCAL, "").strip();
    return value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes");
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
              .newWorkflowStub(AgentWorkflow.class, options(playbook, item, workflowId));
      try {
        WorkflowClient.start(run::run, input(playbook, item));
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

  private AgentRunInput input(Playbook playbook, WorkItem item) {
    DefinitionRef ref = DefinitionRef.of(playbook);
    return sendDefinition
        ? new AgentRunInput(playbook.definition(), playbook.hash(), item, null, ref)
        : AgentRunInput.byReference(ref, item);
  }

  private static WorkflowOptions options(Playbook playbook, WorkItem item, String workflowId) {
    AgentDefinition definition = playbook.definition();
    String subject = RunLabels.subject(definition, item);
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.AGENTS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setMemo(Map.of("subject", subject))
        .setStaticSummary(RunLabels.summary(definition, subject))
        .setTypedSearchAttributes(RunLabels.atStart(playbook, item))
        .build();
  }
}
