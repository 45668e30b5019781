package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.steps.ApprovalGate;
import dev.agentfleet.workflows.steps.FailureHandler;
import dev.agentfleet.workflows.steps.StepOutcome;
import java.util.Map;

public class FailureProbeImpl implements FailureProbe {

  private final RunContext ctx = new RunContext();
  private final ApprovalGate approvals = new ApprovalGate();
  private final FailureHandler failures = new FailureHandler(approvals);

  @Override
  public String fail(AgentDefinition definition, String stepId) {
    ctx.begin(definition, definition.name(), "probe", new WorkItem("R-1", Map.of("id", "R-1")));
    StepFailure failure = new StepFailure(stepId, "Boom", "the connector is down");
    ctx.recordError(stepId, failure.type(), failure.message());
    StepOutcome.Resolved outcome = failures.handle(definition.requireStep(stepId), failure, ctx);
    String shown =
        switch (outcome) {
          case StepOutcome.Next n -> "Next(" + n.stepId() + ")";
          case StepOutcome.Retry r -> "Retry";
          case StepOutcome.Ended e -> "Ended";
        };
    return shown + " " + ctx.status().wireName();
  }

  @Override
  public void decide(ApprovalDecision decision) {
    approvals.offer(decision, ctx);
  }

  @Override
  public void deadLetter(DeadLetterAction action) {
    failures.offer(action, ctx);
  }

  @Override
  public RunState state() {
    return ctx.snapshot();
  }
}
