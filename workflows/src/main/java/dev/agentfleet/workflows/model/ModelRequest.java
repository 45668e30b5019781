package dev.agentfleet.workflows.model;

import java.util.List;
import java.util.Map;

/**
 * One model call, carrying only what its step needs.
 *
 * @param idempotencyKey derived from the run and step, never from the attempt ({@link
 *     dev.agentfleet.workflows.run.IdempotencyKeys})
 * @param tier {@code small} or {@code large}
 * @param prompt the step's prompt, already rendered over the run state
 * @param outputSchema the JSON Schema (as JSON text) every output must satisfy
 * @param context named values the step declared (for example the ticket's subject and body), so
 *     providers that fill templates do not have to parse the prompt
 * @param examplesFile the classify step's examples when they live in a data file (then {@code
 *     examples} is empty): the execution plane reads the file, checks its hash and fits on it; null
 *     for inline examples and for calls recorded before data files existed
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
    Map<String, Object> context,
    ExamplesFile examplesFile) {

  /** A request whose examples, if any, are inline. */
  public ModelRequest(
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
    this(
        idempotencyKey,
        agent,
        stepId,
        tier,
        task,
        prompt,
        labels,
        examples,
        outputSchema,
        maxRepairs,
        context,
        null);
  }

  public ModelRequest {
    labels = labels == null ? List.of() : List.copyOf(labels);
    examples = examples == null ? List.of() : List.copyOf(examples);
    context = context == null ? Map.of() : context;
  }
}
