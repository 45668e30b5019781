package dev.agentfleet.workflows.batch;

import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunStatus;
import dev.agentfleet.workflows.run.WorkItem;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import java.util.Map;

/**
 * How a batch starts a child run: with the workflow id {@code fleet run} would give the record (so
 * a record is one run, whoever starts it), the same memo, summary and search attributes, and a
 * parent-close policy that lets the run outlive the batch execution that started it: a batch
 * continues as new while runs it started still wait for approvals.
 */
final class BatchChildren {

  /** The longest subject kept in the memo and the summary, as {@code fleet run} keeps it. */
  static final int MAX_SUBJECT = 120;

  private BatchChildren() {}

  static ChildWorkflowOptions options(
      AgentDefinition definition, WorkItem item, String workflowId, String taskQueue) {
    String subject = subject(definition, item);
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
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
