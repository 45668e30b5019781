package dev.agentfleet.starter.admin;

import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a run acted on a decision just sent: it either recorded the signal as ignored (with the
 * reason) or closed one more approval. The same reading as {@code ./fleet approve}, so the page and
 * the CLI report the same thing for the same run.
 */
public final class DecisionAcknowledgement {

  /** How the run answered a decision. */
  public sealed interface Outcome {

    /** The run's state when the answer was read. */
    RunState state();
  }

  /** The run closed the approval with the decision. */
  public record Accepted(RunState state) implements Outcome {}

  /** The run recorded the decision and ignored it, for {@code signal.reason()}. */
  public record Ignored(IgnoredSignal signal, RunState state) implements Outcome {}

  /** The run did not act on the decision in time (no worker?); it may still do so later. */
  public record Unacknowledged(RunState state) implements Outcome {}

  private DecisionAcknowledgement() {}

  /** The run's answer as far as {@code after} shows it; empty while it has not acted yet. */
  public static Optional<Outcome> judge(RunState before, RunState after) {
    if (size(after.ignoredSignals()) > size(before.ignoredSignals())) {
      IgnoredSignal ignored = after.ignoredSignals().get(after.ignoredSignals().size() - 1);
      return Optional.of(new Ignored(ignored, after));
    }
    if (decided(after) > decided(before)) {
      return Optional.of(new Accepted(after));
    }
    return Optional.empty();
  }

  /**
   * Reads the run's state until it answered or {@code timeout} passed.
   *
   * @param pause waits between two reads (a quarter second in production)
   */
  public static Outcome await(
      Supplier<RunState> state, RunState before, Duration timeout, Runnable pause) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      RunState after = state.get();
      Optional<Outcome> outcome = judge(before, after);
      if (outcome.isPresent()) {
        return outcome.get();
      }
      if (System.nanoTime() > deadline) {
        return new Unacknowledged(after);
      }
      pause.run();
    }
  }

  private static long decided(RunState state) {
    List<ApprovalRecord> approvals = state.approvals();
    return approvals == null
        ? 0
        : approvals.stream().filter(a -> !"pending".equals(a.status())).count();
  }

  private static int size(List<?> list) {
    return list == null ? 0 : list.size();
  }
}
