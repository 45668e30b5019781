package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.run.RunLabels;
import dev.agentfleet.workflows.run.WorkItem;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.ChildWorkflowOptions;
import java.util.Map;

/**
 * How a batch starts a child run: with the workflow id {@code fleet run} would give the record (so
 * a record is one run, whoever starts it), the same memo, summary and search attributes, and a
 * parent-close policy that lets the run outlive the batch execution that started it: a batch
 * continues as new while runs it started still wait for approvals.
 */
final class BatchChildren {

  private BatchChildren() {}

  static ChildWorkflowOptions options(
      BatchInput input, WorkItem item, String workflowId, String taskQueue) {
    AgentDefinition definition = input.definition();
    String agent = input.agent();
    String subjectField =
        definition != null
            ? definition.subjectField()
            : input.ref() == null ? null : input.ref().subjectField();
    String subject = RunLabels.subject(subjectField, item);
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setMemo(Map.of("subject", subject))
        .setStaticSummary(RunLabels.summary(agent, subject))
        .setTypedSearchAttributes(
            RunLabels.atStart(agent, input.childDefinitionHash(), input.childStartStep(), item))
        .build();
  }
}
