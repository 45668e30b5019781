package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.playbook.WaitStep;
import dev.agentfleet.workflows.run.DurableTimers;
import dev.agentfleet.workflows.run.RunContext;
import dev.agentfleet.workflows.run.RunEvent;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link WaitStep}: a durable timer, or a wait for an event with the timer as its deadline.
 * An event the run already received (before it reached this step) ends the wait at once, so a
 * "replied" that arrives during a follow-up sequence stops every later wait of the sequence. The
 * run shows status {@code waiting} meanwhile; the step's output says how the wait ended.
 */
public final class WaitStepRunner implements StepRunner<WaitStep> {

  /** Waits; the next step is {@code onSignal} when the event came, else {@code next}. */
  @Override
  public StepOutcome run(WaitStep step, RunContext ctx) {
    long started = ctx.now();
    Duration duration = Duration.parse(step.duration());
    ctx.setStatus(RunStatus.WAITING);
    Map<String, Object> output = new LinkedHashMap<>();
    String next;
    if (step.signal() == null) {
      Workflow.setCurrentDetails("Waiting **" + step.duration() + "**: " + step.id());
      DurableTimers.sleep(duration, step.id() + ": waits " + step.duration());
      output.put("timedOut", true);
      next = step.next();
    } else {
      Workflow.setCurrentDetails(
          "Waiting up to **"
              + step.duration()
              + "** for event **"
              + step.signal()
              + "**: "
              + step.id());
      boolean arrived =
          DurableTimers.await(
              duration,
              step.id() + ": waits up to " + step.duration() + " for event " + step.signal(),
              () -> ctx.event(step.signal()) != null);
      output.put("timedOut", !arrived);
      if (arrived) {
        RunEvent event = ctx.event(step.signal());
        output.put("event", event.name());
        output.put("data", event.data());
        output.put("sender", event.sender());
        output.put("receivedAt", event.receivedAt());
      }
      next = arrived ? step.onSignal() : step.next();
    }
    ctx.setStatus(RunStatus.RUNNING);
    ctx.recordOutput(step.id(), output);
    boolean timedOut = Boolean.TRUE.equals(output.get("timedOut"));
    ctx.recordStep(
        step.id(),
        "wait",
        timedOut ? "timed-out" : "event",
        timedOut ? step.duration() : step.signal(),
        started);
    return StepOutcome.next(next);
  }
}
