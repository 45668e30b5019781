package dev.agentfleet.workflows.agent;

import java.util.List;

/**
 * One message of an agent step's transcript after the opening goal: the model's turn (its tool call
 * proposals, or its final answer as text), or what came of one proposed call (its result, an error,
 * a denial or a rejection), which the model reads as the call's result.
 *
 * @param role {@link #ASSISTANT} or {@link #TOOL}
 * @param text the assistant's text, or the tool call's result as the model reads it
 * @param calls the assistant's proposed calls; empty for tool results and final answers
 * @param callId for a tool result, the id of the call it answers
 * @param toolName for a tool result, the tool the call named
 */
public record AgentMessage(
    String role, String text, List<ToolCall> calls, String callId, String toolName) {

  public static final String ASSISTANT = "assistant";
  public static final String TOOL = "tool";

  public AgentMessage {
    calls = calls == null ? List.of() : List.copyOf(calls);
  }

  /** The model's turn: its text (may be null) and the calls it proposed. */
  public static AgentMessage assistant(String text, List<ToolCall> calls) {
    return new AgentMessage(ASSISTANT, text, calls, null, null);
  }

  /** What came of a proposed call, as the model reads it. */
  public static AgentMessage toolResult(ToolCall call, String text) {
    return new AgentMessage(TOOL, text, List.of(), call.id(), call.name());
  }
}
