package dev.agentfleet.workflows.agent;

import dev.agentfleet.workflows.model.ModelResponse;
import java.util.List;
import java.util.Map;

/**
 * What one model turn came to: tool calls to consider, or a final answer that satisfied the step's
 * output schema, with the turn's account.
 *
 * @param toolCalls the proposed calls; empty when the turn gave the final answer
 * @param answer the validated final answer; null while the model still proposes calls
 * @param text the model's text with its proposals, or its final answer as written
 * @param transcript with a final answer: the reference map of the whole transcript when it was too
 *     large to travel inline and was moved to the blob store; otherwise null
 * @param repairs how many repair rounds the turn took to give a valid answer
 */
public record AgentTurn(
    List<ToolCall> toolCalls,
    Map<String, Object> answer,
    String text,
    Map<String, Object> transcript,
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    double costUsd,
    int repairs,
    long latencyMillis) {

  public AgentTurn {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * What the turn cost, as a model call is accounted (no output of its own): provider, model,
   * tokens, cost, repairs and latency.
   */
  public ModelResponse spend() {
    return new ModelResponse(
        Map.of(), provider, model, inputTokens, outputTokens, costUsd, repairs, latencyMillis);
  }

  /** True when the turn gave the final answer. */
  public boolean hasAnswer() {
    return answer != null;
  }

  /** The same turn with its answer and transcript reference replaced (by the claim check). */
  public AgentTurn withAnswer(Map<String, Object> newAnswer, Map<String, Object> transcriptRef) {
    return new AgentTurn(
        toolCalls,
        newAnswer,
        text,
        transcriptRef,
        provider,
        model,
        inputTokens,
        outputTokens,
        costUsd,
        repairs,
        latencyMillis);
  }
}
