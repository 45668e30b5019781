package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.RunReply;
import dev.agentfleet.workflows.run.RunState;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes a decision from the admin page exactly as {@code ./fleet approve} makes one: read the run's
 * open request, sign the decision over it with the approvers' key ({@link ApprovalSigner}), send it
 * as the run's {@code decision} update and report the run's answer from that same call: accepted,
 * or refused with the run's reason. A run whose worker predates the update gets the {@code decide}
 * signal instead and is read back until it accepted or ignored it ({@link
 * DecisionAcknowledgement}), as before. Before signing it also refuses what the page must not send:
 * a decision on a request other than the one the approver was shown, or by someone without a role
 * that may decide it.
 */
public final class DecisionDesk {

  /** What the approver asked for. {@code stepId} and {@code requestedAt} name what they saw. */
  public record Request(
      String workflowId,
      String decision,
      String comment,
      Map<String, Object> values,
      String stepId,
      Long requestedAt) {}

  /** How it went. */
  public enum Kind {
    ACCEPTED(200),
    REFUSED(409),
    UNACKNOWLEDGED(202),
    NOT_WAITING(409),
    CHANGED(409),
    FORBIDDEN(403),
    INVALID(400),
    FAILED(502);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  /**
   * The result: a sentence for the approver, and where the run is after it answered (both null when
   * nothing was sent or the run did not answer).
   */
  public record Result(Kind kind, String message, String status, String step) {

    /** A result that says nothing of where the run is. */
    public Result(Kind kind, String message) {
      this(kind, message, null, null);
    }

    private static Result of(Kind kind, String message, RunState state) {
      return new Result(
          kind,
          message,
          state.status() == null ? null : state.status().wireName(),
          state.currentStep());
    }
  }

  private final FleetRuns runs;
  private final Supplier<ApprovalSigner> signer;
  private final Clock clock;
  private final Duration ackTimeout;
  private final Runnable pause;

  public DecisionDesk(
      FleetRuns runs,
      Supplier<ApprovalSigner> signer,
      Clock clock,
      Duration ackTimeout,
      Runnable pause) {
    this.runs = runs;
    this.signer = signer;
    this.clock = clock;
    this.ackTimeout = ackTimeout;
    this.pause = pause;
  }

  /** Signs and sends {@code request} as {@code approver}, then reports what the run did. */
  public Result decide(Approver approver, Request request) {
    String decision = request.decision();
    if (!List.of(ApprovalDecision.APPROVE, ApprovalDecision.REJECT, ApprovalDecision.EDIT)
        .contains(decision)) {
      return refused(Kind.INVALID, "the decision must be approve, reject or edit");
    }
    String id = request.workflowId();
    RunState before = runs.state(id);
    if (before.status() != null && before.status().terminal()) {
      return refused(
          Kind.NOT_WAITING,
          id + " has already ended (" + before.status().wireName() + "); nothing to decide");
    }
    ApprovalRequest waiting = before.pendingApproval();
    if (waiting == null) {
      return refused(Kind.NOT_WAITING, id + " is not waiting for a decision");
    }
    if ((request.stepId() != null && !request.stepId().equals(waiting.stepId()))
        || (request.requestedAt() != null && request.requestedAt() != waiting.requestedAt())) {
      return refused(
          Kind.CHANGED,
          id
              + " now waits on a different request ("
              + waiting.stepId()
              + ") than the one you saw; review it again");
    }
    if (!waiting.mayDecide(approver.roles())) {
      return refused(
          Kind.FORBIDDEN,
          approver.name()
              + " holds "
              + approver.roles()
              + "; deciding "
              + waiting.stepId()
              + " needs "
              + roles(waiting));
    }
    boolean edit = ApprovalDecision.EDIT.equals(decision);
    if (edit && waiting.editable() == null) {
      return refused(Kind.INVALID, waiting.stepId() + " allows no edits; approve or reject it");
    }
    if (edit && (request.values() == null || request.values().isEmpty())) {
      return refused(Kind.INVALID, "an edit needs at least one edited value");
    }
    String comment =
        request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
    ApprovalDecision signed =
        signer
            .get()
            .sign(
                id,
                waiting,
                decision,
                approver,
                comment,
                clock.millis(),
                edit ? request.values() : null);
    return switch (runs.decide(id, signed)) {
      case RunUpdates.Accepted accepted -> {
        RunReply reply = accepted.reply();
        String status = reply.status() == null ? null : reply.status().wireName();
        yield new Result(
            Kind.ACCEPTED,
            accepted(decision, id, approver, where(status, reply.step())),
            status,
            reply.step());
      }
      case RunUpdates.Refused refused ->
          new Result(Kind.REFUSED, "the run refused the decision because " + refused.reason());
      case RunUpdates.Unanswered unanswered ->
          new Result(
              Kind.UNACKNOWLEDGED,
              "the decision was sent but the run has not answered within "
                  + unanswered.waited().toSeconds()
                  + " s — is a worker running? The run may still answer it when one polls; reload this page"
                  + " to see");
      case RunUpdates.SentAsSignal signal -> acknowledged(approver, decision, id, before);
    };
  }

  /** Reads back a run sent the {@code decide} signal (its worker predates the update). */
  private Result acknowledged(Approver approver, String decision, String id, RunState before) {
    DecisionAcknowledgement.Outcome outcome =
        DecisionAcknowledgement.await(() -> runs.state(id), before, ackTimeout, pause);
    return switch (outcome) {
      case DecisionAcknowledgement.Accepted accepted ->
          Result.of(
              Kind.ACCEPTED,
              accepted(decision, id, approver, where(accepted.state())),
              accepted.state());
      case DecisionAcknowledgement.Ignored ignored ->
          Result.of(
              Kind.REFUSED,
              "the run refused the decision because " + ignored.signal().reason(),
              ignored.state());
      case DecisionAcknowledgement.Unacknowledged late ->
          Result.of(
              Kind.UNACKNOWLEDGED,
              "the decision was sent but the run has not acted on it within "
                  + ackTimeout.toSeconds()
                  + " s — is a worker running? Reload this page to see",
              late.state());
    };
  }

  private static Result refused(Kind kind, String message) {
    return new Result(kind, message);
  }

  private static String roles(ApprovalRequest request) {
    LinkedHashSet<String> roles = new LinkedHashSet<>();
    roles.add(request.role());
    if (request.escalatedTo() != null) {
      roles.add(request.escalatedTo());
    }
    roles.addAll(request.escalatedRoles());
    return "one of " + roles;
  }

  /** What the approver reads once the run took the decision: what they did, and where it is. */
  private static String accepted(String decision, String id, Approver approver, String where) {
    return verb(decision) + " " + id + " as " + approver.name() + "; the run is now " + where;
  }

  private static String verb(String decision) {
    return switch (decision) {
      case ApprovalDecision.APPROVE -> "approved";
      case ApprovalDecision.EDIT -> "approved with edits";
      default -> "rejected";
    };
  }

  static String where(RunState state) {
    return where(
        state.status() == null ? null : state.status().wireName(),
        state.status() != null && state.status().terminal() ? null : state.currentStep());
  }

  private static String where(String status, String step) {
    return (status == null ? "unknown" : status) + (step == null ? "" : " at step " + step);
  }
}
