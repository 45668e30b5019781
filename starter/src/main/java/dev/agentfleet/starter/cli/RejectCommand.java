package dev.agentfleet.starter.cli;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import picocli.CommandLine.Command;

/** {@code fleet reject ID --as NAME}. */
@Command(name = "reject", description = "Reject what a waiting run proposes, as NAME.")
final class RejectCommand extends DecisionCommand {

  RejectCommand(FleetContext context) {
    super(context);
  }

  @Override
  String decision() {
    return ApprovalDecision.REJECT;
  }
}
