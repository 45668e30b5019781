package dev.agentfleet.workflows.model;

import java.util.List;
import java.util.Map;

/**
 * One model call, carrying only what its step needs.
 *
 * @param idempotencyKey derived from the run and step, never from the attempt
 * @param tier {@code small} or {@code large}
 * @param prompt the step's prompt, already rendered over the run state
 * @param outputSchema the JSON Schema (as JSON text) every output must satisfy
 * @param context named values the step declared (for example the ticket's subject and body), so
 *     providers that fill templates do not have to parse the prompt
 */
public record ModelRequest(
    String idempotencyKey,
    String agent,
    String stepId,
    String tier,
    ModelTask task,
    String prompt,
    List<String> labels,
    List<Example> examples,
    String outputSchema,
    int maxRepairs,
    Map<String, Object> context) {

  public ModelRequest {
    labels = labels == null ? List.of() : List.copyOf(labels);
    examples = examples == null ? List.of() : List.copyOf(examples);
    context = context == null ? Map.of() : context;
  }
}
