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
 * Where to reset a run so that step S runs again: the workflow task that started S. A run labels
 * each activity and timer with the summary {@code "S: purpose"}, and names the step it is in
 * ({@code FleetStep}) in the search attributes it upserts; the first event of either kind for S was
 * written by one workflow task, and resetting to that task's completion makes the run decide again
 * from there. Everything before it (earlier steps' results) is kept.
 *
 * <p>A step that leaves no event of its own (a route, or any step runs that coalesce their search
 * attributes did not upsert at) ran in the workflow task of the next step that did: a step without
 * a command does not wait, so the run went on to the next one in the same task. Finding it takes
 * the order the run executed its steps in ({@code RunState.steps()}).
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
   * The reset point for {@code stepId} from the events that name it, or a {@link FleetException}
   * naming the steps the history names.
   */
  public Found find(List<HistoryEvent> events, String stepId) {
    return find(events, stepId, List.of());
  }

  /**
   * The reset point for {@code stepId}: the first event that names it, else (a step without an
   * event of its own) the first event after the steps before it that names a step after it in
   * {@code executed}, the step ids in the order the run executed them. A {@link FleetException}
   * names the steps the run had when neither finds it.
   */
  public Found find(List<HistoryEvent> events, String stepId, List<String> executed) {
    Found own = firstNaming(events, stepId, 0);
    if (own != null) {
      return own;
    }
    int at = executed.indexOf(stepId);
    if (at >= 0) {
      long after = 0;
      for (String before : executed.subList(0, at)) {
        Found earlier = firstNaming(events, before, after);
        if (earlier != null) {
          after = earlier.firstEventId();
        }
      }
      for (String later : executed.subList(at + 1, executed.size())) {
        Found next = firstNaming(events, later, after);
        if (next != null) {
          return next;
        }
      }
    }
    Set<String> seen = new LinkedHashSet<>(executed);
    events.forEach(event -> seen.addAll(steps(event)));
    throw new FleetException(
        "the run has no step '"
            + stepId
            + "' in its history"
            + (seen.isEmpty() ? "" : "; its steps: " + String.join(", ", seen)),
        2);
  }

  /** The first event after event {@code after} that names {@code stepId}, or null. */
  private Found firstNaming(List<HistoryEvent> events, String stepId, long after) {
    for (HistoryEvent event : events) {
      if (event.getEventId() > after && steps(event).contains(stepId)) {
        long task = workflowTaskCompletedEventId(event);
        if (task > 0) {
          return new Found(task, event.getEventId());
        }
      }
    }
    return null;
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
