package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.IgnoredSignal;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.RunReply;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions offered to the approval the {@link ApprovalGate} waits on, oldest first, whether
 * they came as the {@code decide} signal or the {@code decision} update, and what came of each. The
 * gate takes them one by one and judges each: accepted, or refused with the reason. An update that
 * offered one waits for that judgement and answers the caller with it; a signal's sender reads it
 * from the run's state.
 */
final class DecisionOffers {

  /** One decision offered, and once judged, what came of it. */
  static final class Offer {
    final ApprovalDecision decision;
    private String refusal;
    private boolean accepted;

    private Offer(ApprovalDecision decision) {
      this.decision = decision;
    }

    void accept() {
      accepted = true;
    }

    void refuse(String reason) {
      refusal = reason;
    }

    private boolean judged() {
      return accepted || refusal != null;
    }
  }

  private final List<Offer> offered = new ArrayList<>();

  /** True when a decision waits to be judged. */
  boolean any() {
    return !offered.isEmpty();
  }

  /** Takes the oldest decision offered; call only when {@link #any()}. */
  Offer next() {
    return offered.remove(0);
  }

  /** Refuses every decision still offered, for {@code reason} (another one was taken). */
  void refuseTheRest(String reason, RunContext ctx) {
    for (Offer late : offered) {
      ApprovalGate.ignore(late.decision, reason, ctx);
      late.refuse(reason);
    }
    offered.clear();
  }

  /** Offers a decision signal: one that cannot be taken is recorded as ignored, with the reason. */
  void signal(ApprovalDecision decision, RunContext ctx) {
    if (DecisionRequests.droppedUnread(decision)) {
      return;
    }
    String reason = DecisionRequests.rejectionReason(decision, ctx.approvals().pending());
    if (reason != null) {
      ctx.approvals()
          .ignore(
              new IgnoredSignal(
                  decision == null ? null : decision.approver(),
                  decision == null ? null : decision.decision(),
                  decision == null ? null : decision.stepId(),
                  reason,
                  ctx.now()));
      return;
    }
    offered.add(new Offer(decision));
  }

  /**
   * The {@code decision} update's validator: refuses, with the reason, what the run would refuse or
   * ignore without asking the execution plane ({@link DecisionRequests#updateRefusal}). It reads
   * the run's state only.
   */
  static void validate(ApprovalDecision decision, RunContext ctx) {
    String reason = DecisionRequests.updateRefusal(decision, ctx.approvals().pending());
    if (reason != null) {
      throw RunReply.refusal(reason);
    }
  }

  /**
   * The {@code decision} update's handler: offers the decision, waits until the gate judged it (its
   * signature verified by the execution plane, or another decision taken first) and answers with
   * what came of it. It asks the validator's questions again, since the validator does not run on
   * replay and a request may close between the two: such a decision is refused, never left waiting
   * for a request that is gone.
   */
  RunReply update(ApprovalDecision decision, RunContext ctx) {
    ApprovalRequest pending = ctx.approvals().pending();
    String reason = DecisionRequests.updateRefusal(decision, pending);
    if (reason != null) {
      return RunReply.refused(reason, ctx);
    }
    Offer offer = new Offer(decision);
    offered.add(offer);
    Workflow.await(offer::judged);
    if (!offer.accepted) {
      return RunReply.refused(offer.refusal, ctx);
    }
    String did =
        switch (ApprovalAnswer.of(decision)) {
          case APPROVED -> "approved step " + pending.stepId();
          case EDITED -> "approved step " + pending.stepId() + " with edits";
          case REJECTED -> "rejected step " + pending.stepId();
        };
    return RunReply.accepted(
        did
            + " as "
            + decision.approver()
            + (ctx.status().terminal() ? "; the run has ended" : "; the run goes on"),
        ctx);
  }
}
