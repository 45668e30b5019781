package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded tool loop: the model proposes tool calls, each is checked by {@code policy} before the
 * execution plane runs it, until the model gives a final answer that satisfies {@code output} or a
 * limit is reached.
 *
 * @param goal a template: what the agent is asked to achieve
 * @param context the values the agent sees, each a template over the run state
 * @param tools the tools it may call; anything else it proposes is denied
 * @param policy rules over each proposed call, first match wins; a listed tool no rule matches is
 *     allowed
 * @param maxIterations the most model turns
 * @param maxTokens the most tokens, input and output, over all turns
 * @param maxCostUsd the most the loop may spend
 * @param output the JSON Schema of the final answer
 * @param execution only {@code activity} (the default): an agent step's turns heartbeat under a
 *     long timeout, which a local activity cannot do
 */
public record AgentStep(
    String id,
    String purpose,
    String tier,
    String goal,
    Map<String, String> context,
    List<AgentTool> tools,
    List<ToolPolicy> policy,
    Integer maxIterations,
    Long maxTokens,
    Double maxCostUsd,
    Map<String, Object> output,
    String next,
    String onError,
    FailurePolicy onFailure,
    @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution)
    implements StepDef {

  public static final int DEFAULT_MAX_ITERATIONS = 6;

  public AgentStep {
    context =
        context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    tools = tools == null ? List.of() : List.copyOf(tools);
    policy = policy == null ? List.of() : List.copyOf(policy);
    maxIterations = maxIterations == null ? DEFAULT_MAX_ITERATIONS : maxIterations;
    output = output == null ? Map.of() : output;
  }
}
