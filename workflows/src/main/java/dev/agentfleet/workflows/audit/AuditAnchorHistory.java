package dev.agentfleet.workflows.audit;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain heads one run of the {@link AuditAnchorWorkflow} recorded, read back from its history:
 * the head carried into the run (its input) and each head its activity returned. Pure reading of
 * events already fetched, shared by the CLI (which checks the ledger against them) and the worker
 * (which seeds a restarted anchor workflow with them).
 *
 * @param carried the head the run started from; null for none
 * @param heads every head recorded, in order
 */
public record AuditAnchorHistory(AuditHead carried, List<AuditHead> heads) {

  public AuditAnchorHistory {
    heads = List.copyOf(heads);
  }

  /** Reads a run's events with the converter its payloads were written with. */
  public static AuditAnchorHistory read(List<HistoryEvent> events, DataConverter converter) {
    AuditHead carried = null;
    List<AuditHead> heads = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
        AuditAnchorInput input =
            converter.fromPayloads(
                0,
                Optional.of(e.getWorkflowExecutionStartedEventAttributes().getInput()),
                AuditAnchorInput.class,
                AuditAnchorInput.class);
        carried = input == null ? null : input.anchored();
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        // The workflow runs one activity type only: every completed activity is a head.
        heads.add(
            converter.fromPayloads(
                0,
                Optional.of(e.getActivityTaskCompletedEventAttributes().getResult()),
                AuditHead.class,
                AuditHead.class));
      }
    }
    return new AuditAnchorHistory(carried, heads);
  }

  /** The highest head anchored by the end of these events, by the workflow's own rule. */
  public AuditHead anchored() {
    AuditHead anchored = carried;
    for (AuditHead head : heads) {
      if (head != null && head.advancesFrom(anchored)) {
        anchored = head;
      }
    }
    return anchored;
  }

  /**
   * Every head the ledger must still hold: the carried one and each recorded without a problem, one
   * per {@code seq} (the first recorded), lowest first. An append-only log keeps them all.
   */
  public List<AuditHead> claims() {
    Map<Long, AuditHead> bySeq = new LinkedHashMap<>();
    if (carried != null && carried.lastSeq() > 0) {
      bySeq.put(carried.lastSeq(), carried);
    }
    for (AuditHead head : heads) {
      if (head != null && head.problem() == null && head.lastSeq() > 0) {
        bySeq.putIfAbsent(head.lastSeq(), head);
      }
    }
    return bySeq.values().stream()
        .sorted((a, b) -> Long.compare(a.lastSeq(), b.lastSeq()))
        .toList();
  }
}
