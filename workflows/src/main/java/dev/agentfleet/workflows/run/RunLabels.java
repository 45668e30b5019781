package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.Playbook;
import io.temporal.common.SearchAttributes;

/**
 * What a run is labelled with when it starts, the same whoever starts it ({@code fleet run} or a
 * batch): its subject (memo and summary) and its first search attributes.
 */
public final class RunLabels {

  /** The longest subject kept in the memo and the summary. */
  public static final int MAX_SUBJECT = 120;

  private RunLabels() {}

  /**
   * The record's subject field as one line of at most {@link #MAX_SUBJECT} characters; the record
   * id when the agent names no subject or the record has none.
   */
  public static String subject(AgentDefinition definition, WorkItem item) {
    return subject(definition.subjectField(), item);
  }

  /** The record's subject (see {@link #subject(AgentDefinition, WorkItem)}) by field name. */
  public static String subject(String subjectField, WorkItem item) {
    Object value = subjectField == null ? null : item.fields().get(subjectField);
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

  /** The one-line summary the Web UI shows for the run. */
  public static String summary(AgentDefinition definition, String subject) {
    return summary(definition.name(), subject);
  }

  /** The one-line summary the Web UI shows for a run of the named agent. */
  public static String summary(String agent, String subject) {
    return agent + ": " + subject;
  }

  /**
   * The search attributes a run of the playbook starts with: those of {@link #atStart(String,
   * WorkItem)}, its definition's version and its first step, all a run tells the server at its
   * first step; a run with quiet visibility then has nothing to send until it waits, ends or runs
   * long.
   */
  public static SearchAttributes atStart(Playbook playbook, WorkItem item) {
    AgentDefinition definition = playbook.definition();
    return atStart(definition.name(), playbook.hash(), definition.start(), item);
  }

  /**
   * As {@link #atStart(String, WorkItem)}, with the definition's version ({@code definitionHash},
   * its short hash) and the run's first step where they are known (null leaves one out).
   */
  public static SearchAttributes atStart(
      String agent, String definitionHash, String firstStep, WorkItem item) {
    SearchAttributes.Builder labels = SearchAttributes.newBuilder(atStart(agent, item));
    if (firstStep != null) {
      labels.set(FleetSearchAttributes.STEP, firstStep);
    }
    if (definitionHash != null) {
      labels.set(FleetSearchAttributes.DEFINITION, definitionHash);
    }
    return labels.build();
  }

  /**
   * The search attributes a run of the named agent starts with: agent, record, running, no approval
   * needed.
   */
  public static SearchAttributes atStart(String agent, WorkItem item) {
    return SearchAttributes.newBuilder()
        .set(FleetSearchAttributes.AGENT, agent)
        .set(FleetSearchAttributes.RECORD_ID, item.id())
        .set(FleetSearchAttributes.STATUS, RunStatus.RUNNING.wireName())
        .set(FleetSearchAttributes.NEEDS_APPROVAL, false)
        .build();
  }
}
