package dev.agentfleet.workflows.run;

import com.uber.m3.tally.Scope;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.RouteStep;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.steps.ActionStepRunner;
import dev.agentfleet.workflows.steps.ApprovalGate;
import dev.agentfleet.workflows.steps.AuditFlush;
import dev.agentfleet.workflows.steps.ModelStepRunner;
import dev.agentfleet.workflows.steps.RouteStepRunner;
import io.temporal.workflow.Workflow;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Walks an agent definition's steps over one work item until an end step, using the reusable step
 * building blocks. A step that fails for good without an {@code onError} ends the run as failed,
 * with the error in its state; a run never executes more than the definition's {@code maxSteps}.
 */
public class AgentWorkflowImpl implements AgentWorkflow {

  private static final Logger log = Workflow.getLogger(AgentWorkflowImpl.class);

  private final RunContext ctx = new RunContext();
  private final ApprovalGate approvals = new ApprovalGate();
  private final RouteStepRunner router = new RouteStepRunner();

  @Override
  public RunState run(AgentRunInput input) {
    ctx.begin(input);
    AgentDefinition def = input.definition();
    Scope metrics = Workflow.getMetricsScope().tagged(Map.of("agent", def.name()));
    metrics.counter("fleet_runs_started").inc(1);
    log.info("run started: agent={} version={}", def.name(), input.definitionHash());
    String next = def.start();
    int executed = 0;
    while (next != null && !ctx.status().terminal()) {
      if (++executed > def.maxSteps()) {
        ctx.recordError(next, "StepLimit", "more than " + def.maxSteps() + " steps executed");
        ctx.finish(RunStatus.FAILED, "step limit of " + def.maxSteps() + " reached at " + next);
        break;
      }
      StepDef step = def.requireStep(next);
      ctx.enterStep(step.id(), step.purpose());
      next = execute(step);
      metrics
          .tagged(Map.of("kind", step.kind(), "outcome", next == null ? "stop" : "ok"))
          .counter("fleet_steps")
          .inc(1);
      if (next == null && !ctx.status().terminal()) {
        ctx.finish(RunStatus.FAILED, "step " + step.id() + " failed and declares no onError step");
      }
    }
    AuditFlush.flush(ctx);
    metrics
        .tagged(Map.of("status", ctx.status().wireName()))
        .counter("fleet_runs_completed")
        .inc(1);
    log.info("run ended: status={}", ctx.status().wireName());
    return ctx.snapshot();
  }

  private String execute(StepDef step) {
    return switch (step) {
      case ModelStep m -> ModelStepRunner.run(m, ctx);
      case RouteStep r -> router.run(r, ctx);
      case ApprovalStep a -> approvals.await(a, ctx);
      case ActionStep a -> ActionStepRunner.run(a, ctx);
      case EndStep e -> {
        ctx.recordStep(e.id(), "end", e.status().wireName(), e.reason(), ctx.now());
        ctx.finish(e.status(), e.reason());
        yield null;
      }
    };
  }

  @Override
  public RunState state() {
    return ctx.snapshot();
  }

  @Override
  public void decide(ApprovalDecision decision) {
    approvals.offer(decision, ctx);
  }
}
