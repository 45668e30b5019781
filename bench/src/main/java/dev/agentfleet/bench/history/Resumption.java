package dev.agentfleet.bench.history;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one run came back after its worker was killed, from its history: what the run was doing at
 * the kill, when another worker first took up one of its tasks (a workflow task or an activity it
 * started), and when another worker first completed one. A worker is known by the identity it gives
 * the server ({@code pid@host} by default); every identity but the killed worker's is another
 * worker: the new one, or one of a cluster's workers that kept running.
 *
 * @param atKill what the run was doing at the kill
 * @param resumedNanos the first workflow task or activity the new worker started, or -1
 * @param firstCompletionNanos the first workflow task or activity the new worker completed, or -1
 * @param closedNanos when the run closed, or -1 while it runs
 * @param retriedActivities activities whose last attempt ran after a first attempt (on any worker)
 */
public record Resumption(
    State atKill,
    long resumedNanos,
    long firstCompletionNanos,
    long closedNanos,
    int retriedActivities) {

  /**
   * What a run was doing when its worker was killed, in the order a report ranks them when several
   * were open at once: the first listed is what held the run back the longest.
   */
  public enum State {
    /** An action had started on the killed worker. */
    ACTION_RUNNING("an action started on the killed worker"),
    /** A model call had started on the killed worker. */
    MODEL_CALL_RUNNING("a model call started on the killed worker"),
    /** Another activity (an audit append, ...) had started on the killed worker. */
    OTHER_ACTIVITY_RUNNING("another activity started on the killed worker"),
    /** A workflow task had started on the killed worker. */
    WORKFLOW_TASK_RUNNING("a workflow task started on the killed worker"),
    /** A workflow task waited on the killed worker's own (sticky) queue. */
    WORKFLOW_TASK_STICKY("a workflow task queued for the killed worker (sticky)"),
    /** An activity was scheduled and no worker had started it yet. */
    ACTIVITY_QUEUED("an activity not yet started"),
    /** A workflow task was scheduled on the shared queue and no worker had started it yet. */
    WORKFLOW_TASK_QUEUED("a workflow task not yet started"),
    /** Its open tasks had started on, or were queued for, a worker that was not killed. */
    ON_ANOTHER_WORKER("its tasks on a worker that was not killed"),
    /** The run had closed before the kill. */
    CLOSED("closed before the kill"),
    /**
     * The killed worker's answer that closed the run was on its way: the server recorded it just
     * after the kill, and no other worker had to take anything up.
     */
    CLOSED_AT_KILL("closed by the killed worker's last answer, recorded just after the kill"),
    /** The run had not started before the kill. */
    NOT_STARTED("not started before the kill"),
    /** Nothing was in progress: a timer or a signal was awaited. */
    WAITING("waiting on a timer or signal");

    private final String label;

    State(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether the kill held the run back: a task of it had started on, or waited for, it. */
    public boolean onKilledWorker() {
      return switch (this) {
        case ACTION_RUNNING,
            MODEL_CALL_RUNNING,
            OTHER_ACTIVITY_RUNNING,
            WORKFLOW_TASK_RUNNING,
            WORKFLOW_TASK_STICKY ->
            true;
        default -> false;
      };
    }
  }

  /** The activity type names of the fleet's model calls and actions. */
  static final String MODEL_ACTIVITY = "ModelComplete";

  static final String ACTION_ACTIVITY = "ActionExecute";

  /**
   * Reads a run's history around a kill.
   *
   * @param killNanos when the worker was killed (epoch nanoseconds, same clock as the server's)
   * @param killedIdentity the killed worker's identity as the server saw it
   */
  public static Resumption of(History history, long killNanos, String killedIdentity) {
    Tasks tasks = new Tasks();
    long started = -1;
    long closed = -1;
    long resumed = -1;
    long firstCompletion = -1;
    int retried = 0;
    String lastCompletedBy = null;
    for (HistoryEvent event : history.getEventsList()) {
      long at = EventTimes.nanos(event);
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> started = at;
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> {
          tasks.scheduledAt.put(event.getEventId(), at);
          if (event.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getKind()
              == TaskQueueKind.TASK_QUEUE_KIND_STICKY) {
            // A sticky queue is the queue of the worker that completed the run's last task.
            tasks.stickyOwner.put(event.getEventId(), lastCompletedBy);
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          tasks.scheduledAt.put(event.getEventId(), at);
          tasks.activityType.put(
              event.getEventId(),
              event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        }
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
          var attributes = event.getWorkflowTaskStartedEventAttributes();
          tasks.starts.put(
              attributes.getScheduledEventId(), new Start(at, 1, attributes.getIdentity()));
          if (byNewWorker(attributes.getIdentity(), killedIdentity) && at > killNanos) {
            resumed = earliest(resumed, at);
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          var attributes = event.getActivityTaskStartedEventAttributes();
          tasks.starts.put(
              attributes.getScheduledEventId(),
              new Start(at, attributes.getAttempt(), attributes.getIdentity()));
          if (attributes.getAttempt() > 1) {
            retried++;
          }
          if (byNewWorker(attributes.getIdentity(), killedIdentity) && at > killNanos) {
            resumed = earliest(resumed, at);
          }
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          var attributes = event.getWorkflowTaskCompletedEventAttributes();
          tasks.closedAt.put(attributes.getScheduledEventId(), at);
          lastCompletedBy = attributes.getIdentity();
          if (byNewWorker(attributes.getIdentity(), killedIdentity) && at > killNanos) {
            firstCompletion = earliest(firstCompletion, at);
          }
        }
        case EVENT_TYPE_WORKFLOW_TASK_FAILED ->
            tasks.closedAt.put(
                event.getWorkflowTaskFailedEventAttributes().getScheduledEventId(), at);
        case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
            tasks.closedAt.put(
                event.getWorkflowTaskTimedOutEventAttributes().getScheduledEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          var attributes = event.getActivityTaskCompletedEventAttributes();
          tasks.closedAt.put(attributes.getScheduledEventId(), at);
          if (byNewWorker(attributes.getIdentity(), killedIdentity) && at > killNanos) {
            firstCompletion = earliest(firstCompletion, at);
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
            tasks.closedAt.put(
                event.getActivityTaskFailedEventAttributes().getScheduledEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
            tasks.closedAt.put(
                event.getActivityTaskTimedOutEventAttributes().getScheduledEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
            tasks.closedAt.put(
                event.getActivityTaskCanceledEventAttributes().getScheduledEventId(), at);
        default -> {
          if (isClosing(event.getEventType())) {
            closed = at;
          }
        }
      }
    }
    State state;
    if (started < 0 || started > killNanos) {
      state = State.NOT_STARTED;
    } else if (closed >= 0 && closed <= killNanos) {
      state = State.CLOSED;
    } else if (closed >= 0 && resumed < 0 && killedIdentity.equals(lastCompletedBy)) {
      state = State.CLOSED_AT_KILL;
    } else {
      state = tasks.stateAt(killNanos, killedIdentity);
    }
    return new Resumption(state, resumed, firstCompletion, closed, retried);
  }

  /**
   * The identity of the worker that last started one of the run's tasks before {@code killNanos}:
   * the killed worker's, when the run had reached a worker before the kill; empty otherwise.
   */
  public static Optional<String> identityBefore(History history, long killNanos) {
    List<String> identities = identitiesBefore(history, killNanos);
    return identities.isEmpty()
        ? Optional.empty()
        : Optional.of(identities.get(identities.size() - 1));
  }

  /**
   * The identities of the workers that started the run's tasks before {@code killNanos}, in the
   * order of their last start: one with a single worker, up to N on a cluster.
   */
  public static List<String> identitiesBefore(History history, long killNanos) {
    Set<String> identities = new LinkedHashSet<>();
    for (HistoryEvent event : history.getEventsList()) {
      if (EventTimes.nanos(event) > killNanos) {
        continue;
      }
      String found =
          switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
                event.getWorkflowTaskStartedEventAttributes().getIdentity();
            case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
                event.getActivityTaskStartedEventAttributes().getIdentity();
            default -> null;
          };
      if (found != null && !found.isBlank()) {
        identities.remove(found);
        identities.add(found);
      }
    }
    return List.copyOf(identities);
  }

  /** Whether the new worker took up one of the run's tasks after the kill. */
  public boolean resumed() {
    return resumedNanos >= 0;
  }

  /** A task's (last) start: when, which attempt, by whom. */
  private record Start(long at, int attempt, String identity) {}

  /** The run's workflow tasks and activities, by the id of the event that scheduled them. */
  private static final class Tasks {
    final Map<Long, Long> scheduledAt = new HashMap<>();
    final Map<Long, String> activityType = new HashMap<>();
    final Map<Long, Long> closedAt = new HashMap<>();
    final Map<Long, Start> starts = new HashMap<>();

    /** Sticky workflow tasks, with the identity of the worker whose queue they were on. */
    final Map<Long, String> stickyOwner = new HashMap<>();

    /** What was open at the kill; several things can be (an activity and a workflow task). */
    State stateAt(long kill, String killedIdentity) {
      State found = State.WAITING;
      for (Map.Entry<Long, Long> scheduled : scheduledAt.entrySet()) {
        long id = scheduled.getKey();
        boolean open =
            scheduled.getValue() <= kill && closedAt.getOrDefault(id, Long.MAX_VALUE) > kill;
        if (open) {
          State state = stateOf(id, kill, killedIdentity);
          if (state.ordinal() < found.ordinal()) {
            found = state;
          }
        }
      }
      return found;
    }

    private State stateOf(long id, long kill, String killedIdentity) {
      String type = activityType.get(id);
      Start start = starts.get(id);
      boolean onKilledWorker = ranOnKilledWorker(start, kill, killedIdentity);
      boolean onAnotherWorker =
          start != null && start.at() <= kill && byNewWorker(start.identity(), killedIdentity);
      if (type == null) {
        if (onKilledWorker) {
          return State.WORKFLOW_TASK_RUNNING;
        }
        if (onAnotherWorker || byNewWorker(stickyOwner.get(id), killedIdentity)) {
          return State.ON_ANOTHER_WORKER;
        }
        return stickyOwner.containsKey(id)
            ? State.WORKFLOW_TASK_STICKY
            : State.WORKFLOW_TASK_QUEUED;
      }
      if (onAnotherWorker) {
        return State.ON_ANOTHER_WORKER;
      }
      if (!onKilledWorker) {
        return State.ACTIVITY_QUEUED;
      }
      return switch (type) {
        case MODEL_ACTIVITY -> State.MODEL_CALL_RUNNING;
        case ACTION_ACTIVITY -> State.ACTION_RUNNING;
        default -> State.OTHER_ACTIVITY_RUNNING;
      };
    }
  }

  /**
   * True when the task had started on the killed worker: its last start is the killed worker's and
   * before the kill, or its last attempt is a retry that began after the kill (an activity's
   * earlier attempts are not in the history; the one before ran when the worker died).
   */
  private static boolean ranOnKilledWorker(Start start, long kill, String killedIdentity) {
    if (start == null) {
      return false;
    }
    if (start.at() <= kill) {
      return !byNewWorker(start.identity(), killedIdentity);
    }
    return start.attempt() > 1;
  }

  private static boolean byNewWorker(String identity, String killedIdentity) {
    return identity != null && !identity.isBlank() && !identity.equals(killedIdentity);
  }

  private static long earliest(long current, long candidate) {
    return current < 0 ? candidate : Math.min(current, candidate);
  }

  private static boolean isClosing(EventType type) {
    return switch (type) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
          EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
          EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
          EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
          true;
      default -> false;
    };
  }
}
