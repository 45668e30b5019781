package dev.agentfleet.starter.ops;

import dev.agentfleet.quality.Prediction;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * People's decisions as labels for the model's proposals. A run whose proposal a person decided
 * gives one judged proposal: the classification the run made (its category and confidence, as the
 * model proposed them) against what the person did with it. Approved unchanged: the proposal was
 * right. Edited or rejected: it was wrong; when the edit changed the judged step's {@code
 * category}, the edited value is the right label, else the right label is unknown ({@value
 * #UNKNOWN}). A run with several decisions is right only when every one was an unchanged approval.
 * Runs that nobody decided (acted on automatically, still waiting, no approval on their path) say
 * nothing about the proposal and are left out.
 */
public final class DecisionLabels {

  /** The right label of a proposal a person rejected or edited without naming a category. */
  public static final String UNKNOWN = "(unknown)";

  private DecisionLabels() {}

  /**
   * One judged proposal.
   *
   * @param decision {@code approved}, {@code edited} or {@code rejected}
   * @param label the right label: the proposal when approved, the corrected category when an edit
   *     names one, else {@value #UNKNOWN}
   * @param decidedAt when the last decision was taken, epoch milliseconds
   */
  public record Judged(
      String workflowId,
      String recordId,
      String predicted,
      double confidence,
      String decision,
      String label,
      long decidedAt) {

    /** As a prediction for the metrics. */
    public Prediction prediction() {
      return new Prediction(label, predicted, confidence);
    }
  }

  /**
   * The judged proposals among {@code states}.
   *
   * @param stepId the classification step whose edits may name the right category; null when no
   *     edit is to be read as a correction (the right label of an edited proposal is then unknown)
   * @param since only decisions at or after this instant; null for all
   */
  public static List<Judged> of(List<RunState> states, String stepId, Instant since) {
    List<Judged> judged = new ArrayList<>();
    for (RunState state : states) {
      if (state == null || state.category() == null || state.confidence() == null) {
        continue;
      }
      String decision = null;
      long decidedAt = 0;
      for (ApprovalRecord approval :
          state.approvals() == null ? List.<ApprovalRecord>of() : state.approvals()) {
        String status = String.valueOf(approval.status());
        if (!status.equals("approved") && !status.equals("edited") && !status.equals("rejected")) {
          continue;
        }
        decidedAt = Math.max(decidedAt, approval.decidedAt());
        decision = worse(decision, status);
      }
      if (decision == null || (since != null && decidedAt < since.toEpochMilli())) {
        continue;
      }
      String predicted = state.category();
      double confidence = Math.max(0, Math.min(1, state.confidence()));
      String label =
          switch (decision) {
            case "approved" -> predicted;
            case "edited" -> corrected(state, stepId, predicted);
            default -> UNKNOWN;
          };
      judged.add(
          new Judged(
              state.workflowId(),
              state.recordId(),
              predicted,
              confidence,
              decision,
              label,
              decidedAt));
    }
    return judged;
  }

  /** The predictions of the judged proposals. */
  public static List<Prediction> predictions(List<Judged> judged) {
    return judged.stream().map(Judged::prediction).toList();
  }

  private static String worse(String so, String now) {
    if (so == null) {
      return now;
    }
    if (so.equals("rejected") || now.equals("rejected")) {
      return "rejected";
    }
    return so.equals("edited") || now.equals("edited") ? "edited" : "approved";
  }

  /** The category an edit gave the judged step, when it changed it; else unknown. */
  private static String corrected(RunState state, String stepId, String predicted) {
    Map<String, Object> output =
        state.outputs() == null || stepId == null ? null : state.outputs().get(stepId);
    if (output != null
        && output.get("category") instanceof String edited
        && !edited.equals(predicted)) {
      return edited;
    }
    return UNKNOWN;
  }
}
