package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentfleet.workflows.model.ModelTask;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks a model tier for a structured output that must satisfy {@code output}, a JSON Schema.
 *
 * @param tier the model tier ({@code small} or {@code large}), never a vendor
 * @param task what kind of answer is wanted; the offline provider picks its method from it
 * @param prompt a template over the run state ({@code {{input.body}}}, {@code {{steps.x.y}}})
 * @param context the named values the step may see, each a template over the run state; the model
 *     call receives these and nothing else of the run
 * @param labels the closed set of labels for a {@code classify} task
 * @param examples labelled examples a classifier is fitted on: inline, or a data file by reference
 * @param output the JSON Schema every output must satisfy before it is passed forward
 * @param maxRepairs how many times the model is asked to repair an output that broke the contract
 * @param onError the step to go to when the model fails for good (usually a human review)
 * @param next the step that follows a valid output
 * @param memory the step's opt-in to recalling similar past cases; null when it recalls none
 * @param contextTokens the budget of the context the model call receives, in estimated tokens (four
 *     characters a token); {@link #DEFAULT_CONTEXT_TOKENS} when absent
 * @param onFailure the retry policy and the outcome once it is spent; null for the defaults
 * @param execution {@code local} to run the model call as a local activity (short and safe to
 *     repeat); null (or {@code activity}) for a normal activity
 */
public record ModelStep(
    String id,
    String purpose,
    String tier,
    ModelTask task,
    String prompt,
    Map<String, String> context,
    List<String> labels,
    Examples examples,
    Map<String, Object> output,
    Integer maxRepairs,
    String onError,
    String next,
    MemoryRecall memory,
    Integer contextTokens,
    FailurePolicy onFailure,
    @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution)
    implements StepDef {

  /** The context budget of a step that declares none, in estimated tokens. */
  public static final int DEFAULT_CONTEXT_TOKENS = 2000;

  public ModelStep {
    // Declaration order is kept: the context budget cuts values in a stable, readable order.
    context =
        context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    contextTokens = contextTokens == null ? DEFAULT_CONTEXT_TOKENS : contextTokens;
    labels = labels == null ? List.of() : List.copyOf(labels);
    examples = examples == null ? Examples.NONE : examples;
    output = output == null ? Map.of() : output;
    maxRepairs = maxRepairs == null ? 2 : maxRepairs;
  }
}
