package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.agent.ToolCallPolicy;
import dev.agentfleet.workflows.approval.ProposedEffect;
import dev.agentfleet.workflows.playbook.AgentStep;
import dev.agentfleet.workflows.playbook.AgentTool;
import dev.agentfleet.workflows.playbook.ApprovalStep;
import dev.agentfleet.workflows.playbook.ToolPolicy;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.RunContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls one execution of an agent step was proposed, and the decision on each, made here
 * in the decision plane before anything acts: a tool the step does not list is denied, the step's
 * policy allows it, denies it, or asks a person to approve this one call first (through the run's
 * {@link ApprovalGate}). An approval is the run's human attestation for that call only: it is
 * withdrawn once the call ran. Keeps the {@code calls} list the step's output shows.
 */
final class ToolCalls {

  /** Runs an allowed or approved call with the attestation it carries; returns what it answered. */
  @FunctionalInterface
  interface Execution {
    String run(AgentTool tool, Attestation attestation, Map<String, Object> entry);
  }

  private static final int MAX_ARGS_IN_SUMMARY = 1_000;

  private final AgentStep step;
  private final RunContext ctx;
  private final ApprovalGate approvals;
  private final ToolCallPolicy policy;
  private final List<Map<String, Object>> calls = new ArrayList<>();
  private int iteration;
  private int approvalsAsked;

  ToolCalls(AgentStep step, RunContext ctx, ApprovalGate approvals, ToolCallPolicy policy) {
    this.step = step;
    this.ctx = ctx;
    this.approvals = approvals;
    this.policy = policy;
  }

  /** Decides a call proposed in turn {@code iteration} and returns what the model is told. */
  String decide(ToolCall call, int iteration, Execution execution) {
    this.iteration = iteration;
    ToolCallPolicy.Verdict verdict = policy.decide(step, call, ctx.variables());
    if (verdict.error()) {
      ctx.recordError(step.id(), "ToolPolicyError", verdict.reason());
    }
    return switch (verdict.decision()) {
      case ToolPolicy.ALLOW ->
          execution.run(verdict.tool(), ctx.attestation(), record(call, "allowed"));
      case ToolPolicy.APPROVE -> approveThenRun(call, verdict, execution);
      default -> deny(call, verdict);
    };
  }

  private String deny(ToolCall call, ToolCallPolicy.Verdict verdict) {
    Map<String, Object> entry = record(call, "denied");
    entry.put("outcome", verdict.reason());
    ctx.audit("tool-denied", step.id(), null, call.name() + ": " + verdict.reason());
    return verdict.tool() == null
        ? "denied: not an allowed tool"
        : "denied: the step's policy does not allow this call";
  }

  /** Opens an approval for this one call; runs it if a person approves. */
  private String approveThenRun(
      ToolCall call, ToolCallPolicy.Verdict verdict, Execution execution) {
    approvalsAsked++;
    String approvalId = step.id() + ":" + call.name() + "#" + approvalsAsked;
    Map<String, Object> entry = record(call, "approve");
    entry.put("approval", approvalId);
    entry.put("outcome", "waiting for " + verdict.role());
    publish(iteration);
    AgentTool tool = verdict.tool();
    ApprovalStep review =
        ApprovalGate.adHoc(
            approvalId,
            "Approve the agent's call to " + call.name(),
            verdict.role(),
            approvalSummary(call, tool),
            List.of(step.id()),
            "PT24H");
    Attestation before = ctx.attestation();
    ApprovalAnswer answer =
        approvals.await(
            review,
            ctx,
            tool == null
                ? null
                : ProposedEffect.of(tool.connector(), tool.operation(), call.args()));
    if (answer.goesAhead()) {
      entry.put("decision", "approved");
      try {
        return execution.run(tool, ctx.attestation(), entry);
      } finally {
        ctx.approvals().restoreHuman(before);
      }
    }
    String by = decidedBy(approvalId);
    entry.put("decision", "rejected");
    entry.put("outcome", "rejected by " + by);
    return "rejected by " + by;
  }

  /** Adds a call to the {@code calls} list and returns its entry, to complete later. */
  private Map<String, Object> record(ToolCall call, String decision) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("iteration", iteration);
    entry.put("name", call.name());
    entry.put("decision", decision);
    entry.put("outcome", null);
    calls.add(entry);
    return entry;
  }

  /** Shows the loop's progress in the run state while it runs (and after it failed). */
  void publish(int iterations) {
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("iterations", iterations);
    progress.put("toolCalls", calls.size());
    progress.put("calls", copy());
    ctx.recordOutput(step.id(), progress);
  }

  int count() {
    return calls.size();
  }

  /** Every proposed call with its decision and outcome, as the step's output shows it. */
  List<Map<String, Object>> copy() {
    List<Map<String, Object>> copy = new ArrayList<>();
    calls.forEach(c -> copy.add(new LinkedHashMap<>(c)));
    return copy;
  }

  private String approvalSummary(ToolCall call, AgentTool tool) {
    String args = AgentStepRunner.json(call.args());
    if (args.length() > MAX_ARGS_IN_SUMMARY) {
      args = args.substring(0, MAX_ARGS_IN_SUMMARY) + "…";
    }
    String text =
        "Agent step "
            + step.id()
            + " of "
            + ctx.agent()
            + " asks to call "
            + call.name()
            + " ("
            + tool.connector()
            + "."
            + tool.operation()
            + ") with "
            + args
            + ". Approve to run this one call; reject to tell the agent no.";
    // The arguments are the model's words: they must not render as templates over the run.
    return text.replace("{{", "{ {");
  }

  private String decidedBy(String approvalId) {
    List<ApprovalRecord> records = ctx.snapshot().approvals();
    for (int i = records.size() - 1; i >= 0; i--) {
      if (approvalId.equals(records.get(i).stepId())) {
        return records.get(i).decidedBy();
      }
    }
    return "an approver";
  }
}
