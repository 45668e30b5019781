package dev.agentfleet.bench.history;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where one run's time went, from its history: the run's wall time (workflow started to closed),
 * the activity bodies (each activity's started to completed, as the server recorded them), the time
 * activity tasks and workflow tasks waited in their queues (scheduled to started) and the time
 * workers spent on workflow tasks (started to completed). Orchestration overhead is the wall time
 * minus the activity bodies.
 *
 * <p>Only the last attempt of a retried activity is in the history (the server retries without a
 * new event), so its body is the last attempt's. Local activities run inside a workflow task: their
 * time is part of the workflow task's, hence of the overhead; they are counted from their {@code
 * LocalActivity} markers so a report can say whether there were any.
 *
 * @param wallNanos workflow started to closed
 * @param activities activities that reached a worker
 * @param activityBodyNanos the sum of the activities' started-to-closed times
 * @param activityQueueNanos the sum of their scheduled-to-started times
 * @param workflowTasks workflow tasks a worker started
 * @param workflowTaskQueueNanos the sum of their scheduled-to-started times
 * @param workflowTaskRunNanos the sum of their started-to-completed times
 * @param localActivities local-activity markers
 * @param closeType the event that closed the run; {@code EVENT_TYPE_UNSPECIFIED} while it runs
 * @param firstWorkflowTaskQueueNanos how long the run's first workflow task was queued (scheduled
 *     to started): the wait for a worker to take the run up at all; -1 when none started
 * @param bodyNanosByType the activity bodies summed by activity type ({@code ModelComplete}, ...)
 * @param activitiesByType the activities that reached a worker, by type
 */
public record RunTimeline(
    long startedNanos,
    long closedNanos,
    long wallNanos,
    int activities,
    long activityBodyNanos,
    long activityQueueNanos,
    int workflowTasks,
    long workflowTaskQueueNanos,
    long workflowTaskRunNanos,
    int localActivities,
    EventType closeType,
    long firstWorkflowTaskQueueNanos,
    Map<String, Long> bodyNanosByType,
    Map<String, Integer> activitiesByType) {

  private static final Set<EventType> CLOSING =
      Set.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

  /** The marker name the Java SDK records a local activity's result under. */
  static final String LOCAL_ACTIVITY_MARKER = "LocalActivity";

  /** Reads a whole history (one execution). */
  public static RunTimeline of(History history) {
    Map<Long, Long> scheduledAt = new HashMap<>();
    Map<Long, Long> startedAt = new HashMap<>();
    Map<Long, String> typeOf = new HashMap<>();
    Map<String, Long> bodyByType = new TreeMap<>();
    Map<String, Integer> countByType = new TreeMap<>();
    long started = -1;
    long closed = -1;
    EventType closeType = EventType.EVENT_TYPE_UNSPECIFIED;
    int activities = 0;
    long activityBody = 0;
    long activityQueue = 0;
    int workflowTasks = 0;
    long workflowTaskQueue = 0;
    long workflowTaskRun = 0;
    int localActivities = 0;
    long firstWorkflowTaskQueue = -1;
    for (HistoryEvent event : history.getEventsList()) {
      long at = EventTimes.nanos(event);
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> started = at;
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> scheduledAt.put(event.getEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          scheduledAt.put(event.getEventId(), at);
          typeOf.put(
              event.getEventId(),
              event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        }
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
          long queued =
              since(
                  scheduledAt,
                  event.getWorkflowTaskStartedEventAttributes().getScheduledEventId(),
                  at);
          workflowTaskQueue += queued;
          if (firstWorkflowTaskQueue < 0) {
            firstWorkflowTaskQueue = queued;
          }
          startedAt.put(event.getEventId(), at);
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          workflowTasks++;
          workflowTaskRun +=
              since(
                  startedAt,
                  event.getWorkflowTaskCompletedEventAttributes().getStartedEventId(),
                  at);
        }
        case EVENT_TYPE_WORKFLOW_TASK_FAILED -> {
          workflowTasks++;
          workflowTaskRun +=
              since(
                  startedAt, event.getWorkflowTaskFailedEventAttributes().getStartedEventId(), at);
        }
        case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> {
          workflowTasks++;
          workflowTaskRun +=
              since(
                  startedAt,
                  event.getWorkflowTaskTimedOutEventAttributes().getStartedEventId(),
                  at);
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          activityQueue +=
              since(
                  scheduledAt,
                  event.getActivityTaskStartedEventAttributes().getScheduledEventId(),
                  at);
          startedAt.put(event.getEventId(), at);
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            EVENT_TYPE_ACTIVITY_TASK_FAILED,
            EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
            EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
          ActivityClose close = ActivityClose.of(event);
          if (close.startedEventId() > 0) {
            long body = since(startedAt, close.startedEventId(), at);
            String type = typeOf.getOrDefault(close.scheduledEventId(), "unknown");
            activities++;
            activityBody += body;
            bodyByType.merge(type, body, Long::sum);
            countByType.merge(type, 1, Integer::sum);
          }
        }
        case EVENT_TYPE_MARKER_RECORDED -> {
          if (LOCAL_ACTIVITY_MARKER.equals(
              event.getMarkerRecordedEventAttributes().getMarkerName())) {
            localActivities++;
          }
        }
        default -> {
          if (CLOSING.contains(event.getEventType())) {
            closed = at;
            closeType = event.getEventType();
          }
        }
      }
    }
    if (started < 0) {
      throw new IllegalArgumentException(
          "a run's history must begin with WorkflowExecutionStarted; this one has "
              + history.getEventsCount()
              + " events and no start (a history page, or a later execution?)");
    }
    return new RunTimeline(
        started,
        closed,
        closed < 0 ? -1 : closed - started,
        activities,
        activityBody,
        activityQueue,
        workflowTasks,
        workflowTaskQueue,
        workflowTaskRun,
        localActivities,
        closeType,
        firstWorkflowTaskQueue,
        Map.copyOf(bodyByType),
        Map.copyOf(countByType));
  }

  /** The ids an activity's closing event refers to, whichever way it closed. */
  private record ActivityClose(long scheduledEventId, long startedEventId) {

    static ActivityClose of(HistoryEvent event) {
      return switch (event.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          var a = event.getActivityTaskCompletedEventAttributes();
          yield new ActivityClose(a.getScheduledEventId(), a.getStartedEventId());
        }
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
          var a = event.getActivityTaskFailedEventAttributes();
          yield new ActivityClose(a.getScheduledEventId(), a.getStartedEventId());
        }
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
          var a = event.getActivityTaskTimedOutEventAttributes();
          yield new ActivityClose(a.getScheduledEventId(), a.getStartedEventId());
        }
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
          var a = event.getActivityTaskCanceledEventAttributes();
          yield new ActivityClose(a.getScheduledEventId(), a.getStartedEventId());
        }
        default -> throw new IllegalArgumentException(event.getEventType() + " closes no activity");
      };
    }
  }

  /** The mean body of the activities of {@code type} over many runs, in ms; NaN when none ran. */
  public static double meanBodyMillis(List<RunTimeline> timelines, String type) {
    long nanos = 0;
    int count = 0;
    for (RunTimeline t : timelines) {
      nanos += t.bodyNanosByType().getOrDefault(type, 0L);
      count += t.activitiesByType().getOrDefault(type, 0);
    }
    return count == 0 ? Double.NaN : nanos / 1e6 / count;
  }

  /** The mean body of the activities of {@code type}, in milliseconds; NaN when there were none. */
  public double meanBodyMillis(String type) {
    Integer count = activitiesByType.get(type);
    return count == null || count == 0 ? Double.NaN : bodyNanosByType.get(type) / 1e6 / count;
  }

  private static long since(Map<Long, Long> times, long eventId, long at) {
    Long from = times.get(eventId);
    return from == null ? 0 : at - from;
  }

  /** Whether the run closed (in any way). */
  public boolean closed() {
    return closedNanos >= 0;
  }

  /** Wall time minus the activity bodies, in nanoseconds. */
  public long overheadNanos() {
    requireClosed();
    return wallNanos - activityBodyNanos;
  }

  /** The overhead divided by {@code steps}, in milliseconds. */
  public double overheadPerStepMillis(int steps) {
    return overheadNanos() / 1e6 / steps;
  }

  private void requireClosed() {
    if (!closed()) {
      throw new IllegalStateException("the run has not closed: its overhead is not known yet");
    }
  }
}
