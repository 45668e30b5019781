package dev.agentfleet.activities.policy;

import dev.agentfleet.activities.approval.ApprovalVerifier;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import dev.agentfleet.workflows.approval.ApprovalSignature;
import dev.agentfleet.workflows.approval.ProposedEffect;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What a guarded connector checks before it moves money, whatever the run (and the playbook it was
 * started with) decided: the amount has a currency the rates table knows, and the attestation and
 * the {@link EffectPolicy} both cover the effect, compared in the base currency.
 *
 * <ul>
 *   <li>A human attestation's signature must verify for this run. A bound (v3) signature must name
 *       this very effect (connector, operation, amount and currency), and the one role it was
 *       signed in must be allowed the amount. An older (v1, v2) signature binds no effect; one of
 *       its signed roles must be allowed the amount.
 *   <li>A rule attestation covers up to the policy's rule limit of the operation.
 *   <li>Anything else is refused.
 * </ul>
 *
 * A refusal is a non-retryable {@link ActionActivities#APPROVAL_REQUIRED} failure whose message
 * says why; the action activities write it to the audit log.
 */
public final class EffectGuard {

  private final MoneyPolicy money;
  private final ApprovalVerifier approvals;

  public EffectGuard(MoneyPolicy money, ApprovalVerifier approvals) {
    this.money = money;
    this.approvals = approvals;
  }

  /** The rates table amounts are converted with. */
  public MoneyPolicy money() {
    return money;
  }

  /**
   * Refuses the request unless its attestation and the policy cover moving {@code amount} in {@code
   * currency}.
   *
   * @param what names the effect in messages ({@code refund of 45 KWD})
   * @throws ApplicationFailure of type {@link ActionActivities#APPROVAL_REQUIRED}, non-retryable
   */
  public void authorize(ActionRequest request, BigDecimal amount, String currency, String what) {
    String target = request.connector() + "." + request.operation();
    Optional<String> unconvertible = money.currencies().problem(amount, currency);
    if (unconvertible.isPresent()) {
      throw refused(
          request, what + " cannot be checked against the limits: " + unconvertible.get());
    }
    BigDecimal inBase = money.currencies().toBase(amount, currency).orElseThrow();
    String described = what + inBase(inBase, currency);
    Attestation a = request.attestation() == null ? Attestation.none() : request.attestation();
    if (a.isHuman()) {
      approvals
          .humanAttestationProblem(a, request.workflowId())
          .ifPresent(
              problem -> {
                throw refused(request, described + " is not approved: " + problem);
              });
      ApprovalSignature signed = a.signature();
      List<String> roles = signed.bound() ? List.of(signed.role()) : signed.roles();
      if (signed.bound()) {
        effectMismatch(signed.effect(), target, amount, currency)
            .ifPresent(
                problem -> {
                  throw refused(
                      request,
                      described
                          + " is not what "
                          + a.principal()
                          + " approved at step "
                          + a.stepId()
                          + ": "
                          + problem);
                });
      }
      money
          .policy()
          .roleProblem(target, roles, inBase)
          .ifPresent(
              problem -> {
                throw refused(
                    request,
                    described
                        + " is not covered by "
                        + a.principal()
                        + "'s approval: "
                        + problem
                        + " (config/policies.yaml)");
              });
      return;
    }
    if (Attestation.RULE.equals(a.kind()) && a.principal() != null && !a.principal().isBlank()) {
      money
          .policy()
          .ruleProblem(target, inBase)
          .ifPresent(
              problem -> {
                throw refused(
                    request,
                    described
                        + " is "
                        + problem
                        + "; rule '"
                        + a.principal()
                        + "' cannot approve it, a human approval is required");
              });
      return;
    }
    throw refused(
        request,
        described
            + " has no approval (attestation kind '"
            + a.kind()
            + "'); "
            + ruleLimitText(target)
            + ", above that a human must approve");
  }

  private String ruleLimitText(String target) {
    EffectPolicy.Limits limits = money.policy().operations().get(target);
    return limits == null || limits.rules() == null
        ? "no rule may approve " + target
        : "a rule may approve up to "
            + limits.rules().toPlainString()
            + " "
            + money.policy().base();
  }

  private String inBase(BigDecimal inBase, String currency) {
    String base = money.currencies().base();
    if (base.equalsIgnoreCase(currency)) {
      return "";
    }
    return " ("
        + inBase.stripTrailingZeros().toPlainString()
        + " "
        + base
        + " at the rates of "
        + money.currencies().asOf()
        + ")";
  }

  /** Why a bound approval's effect is not the requested one; empty when it is. */
  static Optional<String> effectMismatch(
      ProposedEffect approved, String target, BigDecimal amount, String currency) {
    if (approved == null || approved.connector() == null) {
      return Optional.of("the approval led to no action, not to " + target);
    }
    if (!target.equals(approved.target())) {
      return Optional.of("the approval authorised " + approved + ", not " + target);
    }
    BigDecimal approvedAmount = ProposedEffect.decimal(approved.amount());
    if (approvedAmount == null || amount == null || approvedAmount.compareTo(amount) != 0) {
      return Optional.of(
          "the approval authorised an amount of "
              + (approved.amount() == null ? "none" : approved.amount())
              + ", the request moves "
              + (amount == null ? "none" : amount.toPlainString()));
    }
    if (approved.currency() == null || !approved.currency().equalsIgnoreCase(currency)) {
      return Optional.of(
          "the approval authorised "
              + approved.amount()
              + " "
              + (approved.currency() == null ? "(no currency)" : approved.currency())
              + ", the request is in "
              + currency);
    }
    return Optional.empty();
  }

  private static ApplicationFailure refused(ActionRequest request, String message) {
    return ApplicationFailure.newNonRetryableFailure(
        "step '" + request.stepId() + "': " + message, ActionActivities.APPROVAL_REQUIRED);
  }
}
