package dev.agentfleet.workflows.playbook;

/**
 * What a step does when it fails: how its activity is retried, then the one outcome that follows
 * when the retries are spent.
 *
 * @param retry the activity retry policy; null for the step kind's default
 * @param then the outcome once the retries are spent; null for the step kind's default
 * @param role who reviews an {@code escalate}d failure; {@link #DEFAULT_REVIEW_ROLE} when absent
 * @param alert where an {@code alert} goes and whether the run stops after it
 */
public record FailurePolicy(RetrySpec retry, FailureOutcome then, String role, AlertSpec alert) {

  /** The role that reviews an escalated failure when the policy names none. */
  public static final String DEFAULT_REVIEW_ROLE = "support";

  /** The role that reviews an escalated failure. */
  public String reviewRole() {
    return role == null || role.isBlank() ? DEFAULT_REVIEW_ROLE : role;
  }
}
