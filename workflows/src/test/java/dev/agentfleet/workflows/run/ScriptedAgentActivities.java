package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolCall;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A unit-test fake of the agent plane: it plays back a script of turns (tool call proposals, then a
 * final answer) whatever the transcript says, and keeps every request and the queue it came on.
 * Each turn reports 200 input and 50 output tokens costing $0.001.
 */
final class ScriptedAgentActivities implements AgentActivities {

  static final long INPUT_TOKENS = 200;
  static final long OUTPUT_TOKENS = 50;
  static final double COST_USD = 0.001;

  final List<AgentTurnRequest> requests = new CopyOnWriteArrayList<>();
  final List<String> taskQueues = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<AgentTurn> script = new ConcurrentLinkedDeque<>();
  private volatile AgentTurn forever;

  /** Scripts a turn that proposes these calls. */
  ScriptedAgentActivities proposes(ToolCall... calls) {
    script.add(turn(List.of(calls), null));
    return this;
  }

  /** Scripts a turn that gives this final answer. */
  ScriptedAgentActivities answers(Map<String, Object> answer) {
    script.add(turn(List.of(), answer));
    return this;
  }

  /** Once the script is played, every further turn proposes this call again. */
  ScriptedAgentActivities keepsProposing(ToolCall call) {
    forever = turn(List.of(call), null);
    return this;
  }

  static ToolCall call(String id, String name, Map<String, Object> args) {
    return new ToolCall(id, name, args);
  }

  @Override
  public AgentTurn turn(AgentTurnRequest request) {
    requests.add(request);
    taskQueues.add(Activity.getExecutionContext().getInfo().getActivityTaskQueue());
    AgentTurn next = script.poll();
    if (next == null) {
      next = forever;
    }
    if (next == null) {
      throw new IllegalStateException("no scripted turn left for " + request.idempotencyKey());
    }
    return next;
  }

  private static AgentTurn turn(List<ToolCall> calls, Map<String, Object> answer) {
    return new AgentTurn(
        calls, answer, null, null, "fake", "scripted", INPUT_TOKENS, OUTPUT_TOKENS, COST_USD, 0, 5);
  }
}
