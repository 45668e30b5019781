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
import dev.agentfleet.starter.runs.RunUpdates;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.RunReply;
import dev.agentfleet.workflows.run.RunState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sends a signed human decision to a waiting run, as a named approver with the roles the approvers
 * file gives them, as the run's {@code decision} update, and prints the run's answer from the same
 * call: "accepted" with where the run is now, or "refused because ..." (exit code {@value
 * FleetCommand#REFUSED}). The decision is signed with the approvers' key (created on first use when
 * missing) over the run, the waiting step and request, the decision, the approver and roles, the
 * comment's hash and the time. The run is the judge: a decision from the wrong role, for nothing
 * pending, or whose signature the workers do not trust is refused. A run whose worker predates the
 * update gets the {@code decide} signal instead, and its state is read back as before.
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
              + " refused, unacknowledged), via (update, or signal for a run whose worker predates"
              + " updates), message, status, step, reason")
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
    RunUpdates.Answer answer =
        RunUpdates.of(temporal, Duration.ofMillis(ACK_TIMEOUT_MILLIS)).decide(workflowId, signed);
    return switch (answer) {
      case RunUpdates.Accepted accepted -> accepted(accepted.reply(), approver);
      case RunUpdates.Refused refused -> refused(refused.reason(), approver, "update");
      case RunUpdates.SentAsSignal signal -> {
        context
            .err()
            .println(
                "the worker of "
                    + workflowId
                    + " predates decision updates: sent the decide signal instead; reading the"
                    + " run back");
        yield acknowledge(queries, before, approver);
      }
      case RunUpdates.Unanswered unanswered ->
          unanswered(
              "the run has not answered within "
                  + unanswered.waited().toSeconds()
                  + " s — is a worker running? (./fleet up); the run may still answer it when one"
                  + " polls; check ./fleet status "
                  + workflowId,
              "update",
              approver);
    };
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

  /** Reads the run back after the decide signal (a worker without the update), as before. */
  private int acknowledge(RunQueries queries, RunState before, Approver approver) {
    DecisionAcknowledgement.Outcome outcome =
        DecisionAcknowledgement.await(
            () -> queries.state(workflowId),
            before,
            Duration.ofMillis(ACK_TIMEOUT_MILLIS),
            DecisionCommand::pause);
    return switch (outcome) {
      case DecisionAcknowledgement.Ignored ignored ->
          refused(ignored.signal().reason(), approver, "signal");
      case DecisionAcknowledgement.Accepted accepted -> {
        RunState after = accepted.state();
        String where = where(after.status() == null ? null : after.status().wireName(), after);
        if (json) {
          yield printJson("accepted", "signal", approver, null, after, 0);
        }
        context.out().println(verb() + " " + workflowId + " as " + roles(approver) + where);
        yield 0;
      }
      case DecisionAcknowledgement.Unacknowledged unacknowledged ->
          unanswered(
              "the decision was sent but the run has not acted on it within "
                  + ACK_TIMEOUT_MILLIS / 1000
                  + " s — is a worker running? (./fleet up); check ./fleet status "
                  + workflowId,
              "signal",
              approver);
    };
  }

  /** Reports a run that has not answered: exit code 1. */
  private int unanswered(String reason, String via, Approver approver) {
    if (json) {
      return printJson("unacknowledged", via, approver, reason, null, FleetException.ERROR);
    }
    context.err().println(reason);
    return FleetException.ERROR;
  }

  private int accepted(RunReply reply, Approver approver) {
    if (json) {
      Map<String, Object> answer = answer("accepted", "update", approver);
      answer.put("message", reply.message());
      answer.put("status", reply.status() == null ? null : reply.status().wireName());
      answer.put("step", reply.step());
      context.printJson(answer);
      return 0;
    }
    context
        .out()
        .println(
            "accepted: "
                + verb()
                + " "
                + workflowId
                + " as "
                + roles(approver)
                + where(reply.status() == null ? null : reply.status().wireName(), reply.step()));
    return 0;
  }

  private int refused(String reason, Approver approver, String via) {
    if (json) {
      return printJson("refused", via, approver, reason, null, FleetCommand.REFUSED);
    }
    context.err().println("refused because " + reason + " — see ./fleet status " + workflowId);
    return FleetCommand.REFUSED;
  }

  private String verb() {
    return switch (decision()) {
      case ApprovalDecision.APPROVE -> "approved";
      case ApprovalDecision.EDIT ->
          "approved with edits to " + String.join(", ", values().keySet()) + ",";
      default -> "rejected";
    };
  }

  private static String roles(Approver approver) {
    return approver.name() + " (roles: " + String.join(", ", approver.roles()) + ")";
  }

  private static String where(String status, RunState after) {
    return where(status, after.currentStep());
  }

  private static String where(String status, String step) {
    return "; the run is now "
        + (status == null ? "unknown" : status)
        + (step == null ? "" : " at step " + step);
  }

  private Map<String, Object> answer(String outcome, String via, Approver approver) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflowId", workflowId);
    answer.put("decision", decision());
    answer.put("approver", approver.name());
    answer.put("outcome", outcome);
    answer.put("via", via);
    return answer;
  }

  /**
   * The {@code --json} answer of the signal path, or of a refusal or silence; returns {@code code}.
   */
  private int printJson(
      String outcome, String via, Approver approver, String reason, RunState after, int code) {
    Map<String, Object> answer = answer(outcome, via, approver);
    if (reason != null) {
      answer.put("reason", reason);
    }
    if (after != null) {
      answer.put("status", after.status() == null ? null : after.status().wireName());
      answer.put("step", after.currentStep());
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
