package dev.agentfleet.starter.cli;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.admin.DecisionAcknowledgement;
import dev.agentfleet.starter.approvers.ApprovalSigner;
import dev.agentfleet.starter.approvers.Approver;
import dev.agentfleet.starter.approvers.Approvers;
import dev.agentfleet.starter.connection.TemporalConnection;
import dev.agentfleet.starter.local.ApprovalKeyFiles;
import dev.agentfleet.starter.runs.RunIds;
import dev.agentfleet.starter.runs.RunQueries;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.RunState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sends a signed human decision to a waiting run, as a named approver with the roles the approvers
 * file gives them, then reads the run's state back to tell whether the run accepted it. The
 * decision is signed with the approvers' key (created on first use when missing) over the run, the
 * waiting step and request, the decision, the approver and roles, the comment's hash and the time.
 * The run is the judge: a decision from the wrong role, for nothing pending, or whose signature the
 * workers do not trust is recorded there and not accepted.
 */
abstract class DecisionCommand implements Callable<Integer> {

  private static final long ACK_TIMEOUT_MILLIS = 10_000;

  private final FleetContext context;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "the waiting run: its workflow id or the record id it was started with")
  String workflowId;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "NAME",
      description = "who decides; must be listed in config/approvers.yaml")
  String approverName;

  @Option(
      names = "--json",
      description =
          "print how the run answered as JSON: workflowId, decision, approver, outcome (accepted,"
              + " ignored, unacknowledged), status, step, reason")
  boolean json;

  @Option(names = "--comment", paramLabel = "TEXT", description = "why, for the record")
  String comment;

  DecisionCommand(FleetContext context) {
    this.context = context;
  }

  /** {@link ApprovalDecision#APPROVE}, {@link ApprovalDecision#REJECT} or an edit. */
  abstract String decision();

  /** An edit's values; null for a plain approve or reject. */
  Map<String, Object> values() {
    return null;
  }

  @Override
  public Integer call() {
    Approver approver =
        Approvers.load(
                context.paths().approvers(), context.paths().show(context.paths().approvers()))
            .require(approverName);
    TemporalConnection temporal = context.connectedTemporal();
    workflowId = RunIds.of(temporal).resolve(workflowId);
    RunQueries queries = new RunQueries(temporal);
    RunState before = queries.state(workflowId);
    if (before.status() != null && before.status().terminal()) {
      throw new FleetException(
          "run "
              + workflowId
              + " has already ended ("
              + before.status().wireName()
              + ") — there is nothing to decide; see ./fleet status "
              + workflowId);
    }
    ApprovalRequest waiting = before.pendingApproval();
    if (waiting == null) {
      throw new FleetException(
          "run "
              + workflowId
              + " is not waiting for a decision (it is "
              + (before.status() == null ? "unknown" : before.status().wireName())
              + ") — see ./fleet pending");
    }
    ApprovalDecision signed =
        signer()
            .sign(
                workflowId,
                waiting,
                decision(),
                approver,
                comment,
                System.currentTimeMillis(),
                values());
    try {
      temporal.client().newWorkflowStub(AgentWorkflow.class, workflowId).decide(signed);
    } catch (RuntimeException e) {
      throw new FleetException(
          "could not send the decision to " + workflowId + ": " + temporal.explain(e));
    }
    return acknowledge(queries, before, approver);
  }

  /** The approvers' signer; its key pair is created here when this is the first decision. */
  private ApprovalSigner signer() {
    ApprovalKeyFiles keys = new ApprovalKeyFiles(context.paths(), context.env());
    keys.ensure()
        .ifPresent(
            keyId ->
                context
                    .err()
                    .println(
                        "created the approval signing key "
                            + context.paths().show(keys.signingKey())
                            + " (key id "
                            + keyId
                            + "); workers trust the public keys in "
                            + context.paths().show(keys.publicKeys())));
    return keys.signer();
  }

  private int acknowledge(RunQueries queries, RunState before, Approver approver) {
    DecisionAcknowledgement.Outcome outcome =
        DecisionAcknowledgement.await(
            () -> queries.state(workflowId),
            before,
            Duration.ofMillis(ACK_TIMEOUT_MILLIS),
            DecisionCommand::pause);
    if (json) {
      return printJson(outcome, approver);
    }
    return switch (outcome) {
      case DecisionAcknowledgement.Ignored ignored -> {
        context
            .err()
            .println(
                "the run ignored the decision: "
                    + ignored.signal().reason()
                    + " — see ./fleet status "
                    + workflowId);
        yield 1;
      }
      case DecisionAcknowledgement.Accepted accepted -> {
        RunState after = accepted.state();
        String verb =
            switch (decision()) {
              case ApprovalDecision.APPROVE -> "approved";
              case ApprovalDecision.EDIT ->
                  "approved with edits to " + String.join(", ", values().keySet()) + ",";
              default -> "rejected";
            };
        context
            .out()
            .println(
                verb
                    + " "
                    + workflowId
                    + " as "
                    + approver.name()
                    + " (roles: "
                    + String.join(", ", approver.roles())
                    + "); the run is now "
                    + (after.status() == null ? "unknown" : after.status().wireName())
                    + (after.currentStep() == null ? "" : " at step " + after.currentStep()));
        yield 0;
      }
      case DecisionAcknowledgement.Unacknowledged unacknowledged -> {
        context
            .err()
            .println(
                "the decision was sent but the run has not acted on it within 10 s — is a worker"
                    + " running? (./fleet up); check ./fleet status "
                    + workflowId);
        yield 1;
      }
    };
  }

  /** The {@code --json} answer: what was decided and how the run took it; exit 0 when accepted. */
  private int printJson(DecisionAcknowledgement.Outcome outcome, Approver approver) {
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("workflowId", workflowId);
    answer.put("decision", decision());
    answer.put("approver", approver.name());
    int code;
    switch (outcome) {
      case DecisionAcknowledgement.Accepted accepted -> {
        answer.put("outcome", "accepted");
        RunState after = accepted.state();
        answer.put("status", after.status() == null ? null : after.status().wireName());
        answer.put("step", after.currentStep());
        code = 0;
      }
      case DecisionAcknowledgement.Ignored ignored -> {
        answer.put("outcome", "ignored");
        answer.put("reason", ignored.signal().reason());
        code = 1;
      }
      case DecisionAcknowledgement.Unacknowledged unacknowledged -> {
        answer.put("outcome", "unacknowledged");
        answer.put("reason", "the run has not acted on the decision within 10 s");
        code = 1;
      }
    }
    context.printJson(answer);
    return code;
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException("interrupted");
    }
  }
}
