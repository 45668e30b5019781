package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.audit.AuditEntry;
import java.util.List;

/**
 * What a run carries into its next execution when it continues as new, so the new execution picks
 * up exactly where the old one stopped: the whole state, the step to run next and the bits of
 * bookkeeping the state does not show.
 *
 * @param state the run state at the moment it continued
 * @param nextStep the step the new execution runs first
 * @param stepsExecuted how many steps the run executed so far, for the {@code maxSteps} bound
 * @param continuations how many times the run continued as new before, this time included
 * @param auditSeq the last audit sequence number used, so audit entry ids stay unique
 * @param unflushedAudit audit entries recorded but not yet written
 * @param humanApproval the human approval given in the run, or null
 * @param ruleApproval the rule that granted an automatic approval in the run, or null
 * @param keyScope what names the run in its idempotency keys ({@link RunContext#keyScope()}), so
 *     every execution keeps the first one's; null from executions that predate it, whose keys were
 *     named by the workflow id alone
 */
public record Continuation(
    RunState state,
    String nextStep,
    int stepsExecuted,
    int continuations,
    int auditSeq,
    List<AuditEntry> unflushedAudit,
    Attestation humanApproval,
    Attestation ruleApproval,
    String keyScope) {

  public Continuation {
    unflushedAudit = unflushedAudit == null ? List.of() : List.copyOf(unflushedAudit);
  }
}
