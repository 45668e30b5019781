package dev.agentfleet.bench.history;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskScheduledEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskTimedOutEventAttributes;
import io.temporal.api.taskqueue.v1.TaskQueue;

/** Builds histories event by event, with times in milliseconds from a fixed epoch. */
final class Histories {

  static final long EPOCH_MILLIS = 1_800_000_000_000L;

  private final History.Builder history = History.newBuilder();

  static long nanosAt(long millis) {
    return (EPOCH_MILLIS + millis) * 1_000_000L;
  }

  private HistoryEvent.Builder event(EventType type, long millis) {
    long at = EPOCH_MILLIS + millis;
    return HistoryEvent.newBuilder()
        .setEventId(history.getEventsCount() + 1)
        .setEventType(type)
        .setEventTime(
            Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(at, 1000))
                .setNanos((int) Math.floorMod(at, 1000) * 1_000_000));
  }

  /** Adds an event and returns its id. */
  private long add(HistoryEvent.Builder event) {
    history.addEvents(event);
    return event.getEventId();
  }

  long started(long millis) {
    return add(event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, millis));
  }

  long workflowTaskScheduled(long millis) {
    return add(event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, millis));
  }

  long workflowTaskScheduledSticky(long millis) {
    return add(
        event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, millis)
            .setWorkflowTaskScheduledEventAttributes(
                WorkflowTaskScheduledEventAttributes.newBuilder()
                    .setTaskQueue(
                        TaskQueue.newBuilder()
                            .setName("100@host:sticky")
                            .setKind(TaskQueueKind.TASK_QUEUE_KIND_STICKY))));
  }

  long workflowTaskStarted(long millis, long scheduled, String identity) {
    return add(
        event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, millis)
            .setWorkflowTaskStartedEventAttributes(
                WorkflowTaskStartedEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setIdentity(identity)));
  }

  long workflowTaskCompleted(long millis, long scheduled, long started, String identity) {
    return add(
        event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, millis)
            .setWorkflowTaskCompletedEventAttributes(
                WorkflowTaskCompletedEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setStartedEventId(started)
                    .setIdentity(identity)));
  }

  long workflowTaskTimedOut(long millis, long scheduled, long started) {
    return add(
        event(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, millis)
            .setWorkflowTaskTimedOutEventAttributes(
                WorkflowTaskTimedOutEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setStartedEventId(started)));
  }

  /** A whole workflow task by one worker: scheduled, started, completed. */
  void workflowTask(long scheduledMillis, long startedMillis, long completedMillis, String who) {
    long scheduled = workflowTaskScheduled(scheduledMillis);
    long started = workflowTaskStarted(startedMillis, scheduled, who);
    workflowTaskCompleted(completedMillis, scheduled, started, who);
  }

  long activityScheduled(long millis, String type) {
    return add(
        event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, millis)
            .setActivityTaskScheduledEventAttributes(
                ActivityTaskScheduledEventAttributes.newBuilder()
                    .setActivityType(ActivityType.newBuilder().setName(type))));
  }

  long activityStarted(long millis, long scheduled, int attempt, String identity) {
    return add(
        event(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, millis)
            .setActivityTaskStartedEventAttributes(
                ActivityTaskStartedEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setAttempt(attempt)
                    .setIdentity(identity)));
  }

  long activityCompleted(long millis, long scheduled, long started, String identity) {
    return add(
        event(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, millis)
            .setActivityTaskCompletedEventAttributes(
                ActivityTaskCompletedEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setStartedEventId(started)
                    .setIdentity(identity)));
  }

  /** A whole activity attempt by one worker: started and completed (scheduled before). */
  void activityRan(
      long scheduled, long startedMillis, long completedMillis, int attempt, String who) {
    long started = activityStarted(startedMillis, scheduled, attempt, who);
    activityCompleted(completedMillis, scheduled, started, who);
  }

  long completed(long millis) {
    return add(
        event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, millis)
            .setWorkflowExecutionCompletedEventAttributes(
                WorkflowExecutionCompletedEventAttributes.getDefaultInstance()));
  }

  History build() {
    return history.build();
  }
}
