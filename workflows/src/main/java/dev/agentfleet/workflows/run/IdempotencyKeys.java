package dev.agentfleet.workflows.run;

/**
 * Builds every idempotency key a run hands to the execution plane: the one place the scheme lives.
 *
 * <p><b>The guarantee.</b> Two calls with the same key are the same effect: the action ledger
 * performs an action once per key and answers every later call with the recorded result, the memory
 * stores a case once per key, and the model activities account (and may cache) a call per key. A
 * key is therefore derived only from what names the effect in the run (the workflow id, the step
 * id, the item's index, the turn, the time of an alert) and never from the attempt: an activity
 * retried after a timeout or a worker crash sends the same key, so it cannot act twice. The
 * workflow id is itself derived from the record's own id ({@link WorkflowIds}), so the same record
 * submitted twice is one run and its effects share their keys too.
 *
 * <p><b>A retry after dead-letter</b> ({@code fleet dlq retry}) runs the same step again and so
 * reuses its keys: an action the failed attempt completed (an item of a map step, say) returns the
 * recorded result, and one it only claimed is sent again under the same key, which the service it
 * calls deduplicates. The one exception is an agent step: each execution of its loop is a new
 * conversation, so a later execution of the same step in a run (a retry, a loop back) gets its own
 * keys ({@link #agentLoop}), while the turns and tool calls inside one execution keep theirs.
 *
 * <p><b>Namespaces.</b> Workflow ids are unique within a Temporal namespace only, and namespaces
 * may share a ledger database; so outside the default namespace a run is named in its keys by
 * {@code namespace:workflowId} ({@link #run}), and a refund in one namespace is never taken for the
 * same refund in another. In the default namespace the workflow id alone names it, as it always
 * did, so existing ledgers keep their keys.
 *
 * <p><b>The shapes</b>, with {@code run} what names the run ({@link #run}) and {@code step} the
 * step id:
 *
 * <ul>
 *   <li>{@code run/step}: a model, action or notify step ({@link #model}, {@link #action}, {@link
 *       #notify});
 *   <li>{@code run/step/i}: item {@code i} (from 0) of a map step ({@link #mapItem});
 *   <li>{@code <action key>/compensate}: the compensation of a completed action ({@link
 *       #compensation});
 *   <li>{@code run/step/alert/<millis>}: an alert sent when the step failed, at workflow time
 *       {@code millis}, so each failure alerts once ({@link #alert});
 *   <li>{@code run/step/escalation} and {@code run/step/escalation/n}: the notice of an overdue
 *       approval, per escalation level from 2 on ({@link #escalation});
 *   <li>{@code run/step} (first execution) or {@code run/step@n} (the n-th): an agent loop, under
 *       which turn {@code t} is {@code loop/t} and its {@code c}-th tool call (from 1) is {@code
 *       loop/t/c} ({@link #agentLoop}, {@link #agentTurn}, {@link #toolCall});
 *   <li>{@code run/remember}: the case a finished run leaves in memory ({@link #remember}).
 * </ul>
 *
 * <p>These strings are stored: in the action ledger, the model-call table, the memory and the
 * recorded histories. Changing one would make a replayed or retried run act again, so a new kind of
 * effect gets a new shape here and the existing shapes never change ({@code IdempotencyKeysTest}
 * holds every shape to its exact string and to the keys the recorded histories hold).
 */
public final class IdempotencyKeys {

  /** The namespace whose runs are named in their keys by the workflow id alone. */
  public static final String DEFAULT_NAMESPACE = "default";

  private IdempotencyKeys() {}

  /**
   * What names a run in its keys: {@code workflowId} in the {@value #DEFAULT_NAMESPACE} namespace,
   * else {@code namespace:workflowId} (a namespace name holds no colon).
   */
  public static String run(String namespace, String workflowId) {
    return namespace == null || DEFAULT_NAMESPACE.equals(namespace)
        ? workflowId
        : namespace + ":" + workflowId;
  }

  /** The call a model step makes: {@code run/step}. */
  public static String model(String run, String stepId) {
    return step(run, stepId);
  }

  /** The connector call an action step makes: {@code run/step}. */
  public static String action(String run, String stepId) {
    return step(run, stepId);
  }

  /** The notification a notify step sends: {@code run/step}. */
  public static String notify(String run, String stepId) {
    return step(run, stepId);
  }

  /** Item {@code index} (counted from 0) of a map step, model or action: {@code run/step/index}. */
  public static String mapItem(String run, String mapStepId, int index) {
    return step(run, mapStepId) + "/" + index;
  }

  /** The compensation that undoes the action recorded under {@code actionKey}. */
  public static String compensation(String actionKey) {
    return actionKey + "/compensate";
  }

  /**
   * The alert sent when a step failed for good, at workflow time {@code atMillis}: a step that
   * fails again later in the run (after a loop back) alerts again.
   */
  public static String alert(String run, String stepId, long atMillis) {
    return step(run, stepId) + "/alert/" + atMillis;
  }

  /**
   * The notice sent when an approval's deadline passed; {@code level} is the number of roles the
   * request has been escalated to, so every level notifies once.
   */
  public static String escalation(String run, String stepId, int level) {
    return step(run, stepId) + "/escalation" + (level <= 1 ? "" : "/" + level);
  }

  /**
   * The key of the {@code execution}-th run (from 1) of an agent step's loop in this run; its turns
   * and tool calls extend it.
   */
  public static String agentLoop(String run, String stepId, long execution) {
    return step(run, stepId) + (execution <= 1 ? "" : "@" + execution);
  }

  /** Turn {@code iteration} (from 1) of the agent loop {@code loopKey}. */
  public static String agentTurn(String loopKey, int iteration) {
    return loopKey + "/" + iteration;
  }

  /** The {@code index}-th (from 1) tool call the model proposed in turn {@code iteration}. */
  public static String toolCall(String loopKey, int iteration, int index) {
    return agentTurn(loopKey, iteration) + "/" + index;
  }

  /** The case a finished run leaves in memory: once per run. */
  public static String remember(String run) {
    return run + "/remember";
  }

  /**
   * The part of {@code key} after its run's id and the separator ({@code resolve/3} of {@code
   * run/resolve/3}), or null when either is missing or the key is not one of that run's.
   */
  public static String withinRun(String workflowId, String key) {
    if (workflowId == null || key == null) {
      return null;
    }
    String prefix = step(workflowId, "");
    if (key.startsWith(prefix)) {
      return key.substring(prefix.length());
    }
    int colon = key.indexOf(':');
    return colon > 0 && key.startsWith(prefix, colon + 1)
        ? key.substring(colon + 1 + prefix.length())
        : null;
  }

  private static String step(String run, String stepId) {
    return run + "/" + stepId;
  }
}
