package dev.agentfleet.workflows.agent;

import java.util.List;
import java.util.Map;

/**
 * One model turn of an agent step's tool loop.
 *
 * @param idempotencyKey {@code workflowId/stepId/iteration} ({@link
 *     dev.agentfleet.workflows.run.IdempotencyKeys}): the same turn of the same run always has the
 *     same key, whichever attempt sends it
 * @param iteration the turn's number within the step, from 1
 * @param goal the step's goal, rendered over the run state
 * @param context the values the agent sees, each rendered over the run state (a large value may be
 *     a blob reference the execution plane resolves)
 * @param tools the tools the model may propose
 * @param transcript the turns so far: the model's proposals and what came of each
 * @param outputSchema the JSON Schema (as JSON text) the final answer must satisfy
 */
public record AgentTurnRequest(
    String idempotencyKey,
    String workflowId,
    String agent,
    String stepId,
    String tier,
    int iteration,
    String goal,
    Map<String, Object> context,
    List<ToolSpec> tools,
    List<AgentMessage> transcript,
    String outputSchema) {

  public AgentTurnRequest {
    context = context == null ? Map.of() : context;
    tools = tools == null ? List.of() : List.copyOf(tools);
    transcript = transcript == null ? List.of() : List.copyOf(transcript);
  }
}
