package dev.agentfleet.starter.cli;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import picocli.CommandLine.Command;

/** {@code fleet approve ID --as NAME}. */
@Command(name = "approve", description = "Approve what a waiting run proposes, as NAME.")
final class ApproveCommand extends DecisionCommand {

  ApproveCommand(FleetContext context) {
    super(context);
  }

  @Override
  String decision() {
    return ApprovalDecision.APPROVE;
  }
}
