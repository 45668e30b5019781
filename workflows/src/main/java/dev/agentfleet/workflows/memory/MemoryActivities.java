package dev.agentfleet.workflows.memory;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The short-term vector memory: resolved cases an agent remembered, found again by meaning. It sits
 * between the run state (ephemeral, one run) and the ledger (the canonical long-term record): cases
 * expire after their time to live, and the oldest are evicted when a namespace is full, so a recall
 * is a hint for a model, never a fact to act on.
 */
@ActivityInterface
public interface MemoryActivities {

  /**
   * Returns at most {@code k} unexpired cases of the agent and namespace whose text is at least
   * {@code minSimilarity} similar to the request's text, the most similar first.
   */
  @ActivityMethod(name = "MemoryRecall")
  List<Recollection> recall(RecallRequest request);

  /**
   * Remembers a case once per idempotency key: a retry, or a second call with the same key, returns
   * the first call's item without storing it again.
   */
  @ActivityMethod(name = "MemoryRemember")
  Remembered remember(RememberRequest request);
}
