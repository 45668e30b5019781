package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.run.StepFailure;
import java.util.Objects;

/**
 * What running one step came to; every {@link StepRunner} returns one, and so does the {@link
 * FailureHandler} once a failed step's policy applied. The workflow loop reads it as the design
 * says: go on to the {@link Next} step; a step that {@link Failed} goes to its {@code onError}
 * step, or else its failure policy decides, which answers with {@link Next} (skip), {@link Retry}
 * (run the step again) or {@link Ended}; {@link Ended} means the run reached a terminal status.
 */
public sealed interface StepOutcome {

  /** The outcomes that say where the run goes; a failure policy answers with one of them. */
  sealed interface Resolved extends StepOutcome {}

  /** Go on to {@code stepId}. */
  record Next(String stepId) implements Resolved {
    public Next {
      Objects.requireNonNull(stepId, "a next step needs the id of a step of the playbook");
    }
  }

  /** Run the step that failed again. */
  record Retry() implements Resolved {}

  /** The run ended: its status is terminal and no further step runs. */
  record Ended() implements Resolved {}

  /**
   * The step failed for good (its retries are spent; its error is already recorded).
   *
   * @param onError the step the playbook sends such a failure to, or null: the failure policy
   *     applies
   */
  record Failed(StepFailure failure, String onError) implements StepOutcome {
    public Failed {
      Objects.requireNonNull(failure, "a failed step needs its failure");
    }
  }

  static Next next(String stepId) {
    return new Next(stepId);
  }

  static Retry retry() {
    return new Retry();
  }

  static Ended ended() {
    return new Ended();
  }

  /** A failure of step {@code stepId} whose error is already recorded in the run. */
  static Failed failed(String stepId, String type, String message, String onError) {
    return new Failed(new StepFailure(stepId, type, message), onError);
  }
}
