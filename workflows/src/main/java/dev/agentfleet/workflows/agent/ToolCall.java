package dev.agentfleet.workflows.agent;

import java.util.Map;

/**
 * A tool call the model proposed. It is only a proposal: the workflow decides whether it runs.
 *
 * @param id the model's id for the call, which its result refers to
 * @param args the arguments as the model wrote them; never trusted, never an attestation
 */
public record ToolCall(String id, String name, Map<String, Object> args) {

  public ToolCall {
    args = args == null ? Map.of() : args;
  }
}
