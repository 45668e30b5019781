package dev.agentfleet.workflows.playbook;

/**
 * One rule over a proposed tool call: when the CEL condition {@code when} holds (it reads {@code
 * tool.name}, {@code tool.args} and the run state), the call is allowed, needs an approval from
 * {@code role}, or is denied.
 *
 * @param decision {@code allow}, {@code approve} or {@code deny}
 */
public record ToolPolicy(String when, String decision, String role) {

  public static final String ALLOW = "allow";
  public static final String APPROVE = "approve";
  public static final String DENY = "deny";
}
