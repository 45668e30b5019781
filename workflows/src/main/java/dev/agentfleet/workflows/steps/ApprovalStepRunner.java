package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.approval.ProposedEffect;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.run.RunContext;

/**
 * Runs an {@link ApprovalStep} through the run's {@link ApprovalGate}: an approval goes on to
 * {@code onApprove}, an edit to {@code onEdit} (else {@code onApprove}), a rejection to {@code
 * onReject}.
 */
public final class ApprovalStepRunner implements StepRunner<ApprovalStep> {

  private final ApprovalGate gate;

  public ApprovalStepRunner(ApprovalGate gate) {
    this.gate = gate;
  }

  @Override
  public StepOutcome run(ApprovalStep step, RunContext ctx) {
    return StepOutcome.next(
        switch (gate.await(step, ctx, proposedEffect(step, ctx))) {
          case APPROVED -> step.onApprove();
          case EDITED -> step.afterEdit();
          case REJECTED -> step.onReject();
        });
  }

  /**
   * The effect approving leads to, which the request names and a bound (v3) signature covers: the
   * action step {@code onApprove} names, with its parameters rendered from the run's values now;
   * null when the approval leads to anything but an action.
   */
  private static ProposedEffect proposedEffect(ApprovalStep step, RunContext ctx) {
    if (ctx.definition() == null || step.onApprove() == null) {
      return null;
    }
    return ctx.definition()
        .step(step.onApprove())
        .filter(ActionStep.class::isInstance)
        .map(ActionStep.class::cast)
        .map(
            a ->
                ProposedEffect.of(
                    a.connector(),
                    a.operation(),
                    ActionStepRunner.render(a.params(), ctx.variables())))
        .orElse(null);
  }
}
