package dev.agentfleet.starter.ops;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where to reset a run so that step S runs again: the workflow task that started S. A run marks
 * each step it enters by upserting its {@code FleetStep} search attribute, and labels each activity
 * and timer with the summary {@code "S: purpose"}; the first event of either kind for S was written
 * by one workflow task, and resetting to that task's completion makes the run decide again from
 * there. Everything before it (earlier steps' results) is kept.
 */
public final class ResetPoint {

  private final DataConverter converter;

  public ResetPoint(DataConverter converter) {
    this.converter = converter;
  }

  /**
   * The reset point for a step.
   *
   * @param workflowTaskCompletedEventId the event to pass to ResetWorkflowExecution
   * @param firstEventId the first event of the step
   */
  public record Found(long workflowTaskCompletedEventId, long firstEventId) {}

  /**
   * The reset point for {@code stepId}, or a {@link FleetException} naming the steps the run had.
   */
  public Found find(List<HistoryEvent> events, String stepId) {
    Set<String> seen = new LinkedHashSet<>();
    for (HistoryEvent event : events) {
      List<String> steps = steps(event);
      seen.addAll(steps);
      if (steps.contains(stepId)) {
        long task = workflowTaskCompletedEventId(event);
        if (task > 0) {
          return new Found(task, event.getEventId());
        }
      }
    }
    throw new FleetException(
        "the run has no step '"
            + stepId
            + "' in its history"
            + (seen.isEmpty() ? "" : "; its steps: " + String.join(", ", seen)),
        2);
  }

  /** The steps an event belongs to: the FleetStep it upserts, or the step its summary names. */
  private List<String> steps(HistoryEvent event) {
    List<String> steps = new ArrayList<>();
    if (event.hasUpsertWorkflowSearchAttributesEventAttributes()) {
      Payload step =
          event
              .getUpsertWorkflowSearchAttributesEventAttributes()
              .getSearchAttributes()
              .getIndexedFieldsMap()
              .get(FleetSearchAttributes.STEP.getName());
      String name = decode(step);
      if (name != null) {
        steps.add(name);
      }
    }
    if ((event.hasActivityTaskScheduledEventAttributes() || event.hasTimerStartedEventAttributes())
        && event.hasUserMetadata()
        && event.getUserMetadata().hasSummary()) {
      String summary = decode(event.getUserMetadata().getSummary());
      int colon = summary == null ? -1 : summary.indexOf(':');
      if (colon > 0) {
        steps.add(summary.substring(0, colon).strip());
      }
    }
    return steps;
  }

  private String decode(Payload payload) {
    if (payload == null) {
      return null;
    }
    try {
      return converter.fromPayload(payload, String.class, String.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static long workflowTaskCompletedEventId(HistoryEvent event) {
    if (event.hasUpsertWorkflowSearchAttributesEventAttributes()) {
      return event
          .getUpsertWorkflowSearchAttributesEventAttributes()
          .getWorkflowTaskCompletedEventId();
    }
    if (event.hasActivityTaskScheduledEventAttributes()) {
      return event.getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId();
    }
    if (event.hasTimerStartedEventAttributes()) {
      return event.getTimerStartedEventAttributes().getWorkflowTaskCompletedEventId();
    }
    return 0;
  }
}
