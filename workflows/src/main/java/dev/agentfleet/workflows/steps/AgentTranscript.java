package dev.agentfleet.workflows.steps;

import dev.agentfleet.workflows.agent.AgentMessage;
import dev.agentfleet.workflows.agent.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversation of one execution of an agent step: what the model said and proposed each turn,
 * and what each proposed call answered, cut to {@value #MAX_RESULT_CHARS} characters (the model
 * reads it, and the history keeps it).
 */
final class AgentTranscript {

  /** The longest tool result the model reads (and the history keeps), in characters. */
  static final int MAX_RESULT_CHARS = 16_000;

  private final List<AgentMessage> messages = new ArrayList<>();

  /** The messages so far, as the next turn sends them. */
  List<AgentMessage> messages() {
    return messages;
  }

  void assistant(String text, List<ToolCall> calls) {
    messages.add(AgentMessage.assistant(text, calls));
  }

  void toolResult(ToolCall call, String result) {
    messages.add(AgentMessage.toolResult(call, bounded(result)));
  }

  /** The transcript as the step's output shows it. */
  List<Map<String, Object>> data() {
    List<Map<String, Object>> data = new ArrayList<>();
    for (AgentMessage m : messages) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", m.role());
      if (m.toolName() != null) {
        message.put("tool", m.toolName());
        message.put("callId", m.callId());
      }
      if (m.text() != null) {
        message.put("text", m.text());
      }
      if (!m.calls().isEmpty()) {
        List<Map<String, Object>> proposed = new ArrayList<>();
        for (ToolCall c : m.calls()) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("id", c.id());
          p.put("name", c.name());
          p.put("args", c.args());
          proposed.add(p);
        }
        message.put("calls", proposed);
      }
      data.add(message);
    }
    return data;
  }

  private static String bounded(String text) {
    if (text == null || text.length() <= MAX_RESULT_CHARS) {
      return text;
    }
    return text.substring(0, MAX_RESULT_CHARS)
        + "\n[…cut: "
        + (text.length() - MAX_RESULT_CHARS)
        + " more characters]";
  }
}
