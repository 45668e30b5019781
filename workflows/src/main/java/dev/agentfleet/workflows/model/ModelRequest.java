package dev.agentfleet.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.workflows.playbook.ModelStep;
import java.util.List;
import java.util.Map;

/**
 * One model call, carrying only what its step needs.
 *
 * <p>Null fields, empty lists and maps and a zero {@code maxRepairs} are left out of the JSON, so a
 * request by reference carries no trace of the parts it leaves to the definition; reading gives
 * them back as null, empty and zero.
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
 * @param definition the SHA-256 of the trusted definition the step comes from, when the request
 *     names its step by reference: then it carries only what the run decided (prompt, context,
 *     tier, key), and the step's fixed parts ({@code task}, {@code labels}, {@code examples},
 *     {@code examplesFile}, {@code outputSchema}, {@code maxRepairs}) are absent and read by the
 *     execution plane from that definition ({@link #withStep}). Null when the request carries them
 *     itself (definitions sent inline, {@code fleet eval}, calls recorded before references)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRequest(
    String idempotencyKey,
    String agent,
    String stepId,
    String tier,
    ModelTask task,
    String prompt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> labels,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Example> examples,
    String outputSchema,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxRepairs,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> context,
    ExamplesFile examplesFile,
    String definition) {

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
        null,
        null);
  }

  private static final ObjectWriter SCHEMA_WRITER = JsonMapper.builder().build().writer();

  public ModelRequest {
    labels = labels == null ? List.of() : List.copyOf(labels);
    examples = examples == null ? List.of() : List.copyOf(examples);
    context = context == null ? Map.of() : context;
  }

  /**
   * What the run decided for a call: its key, tier, prompt and context, without the step's fixed
   * parts. With a definition it is a request by reference; without one, complete it with {@link
   * #withStep}.
   *
   * @param definition the SHA-256 of the trusted definition (64 hex digits) whose step holds the
   *     rest; null when the request will carry it
   */
  public static ModelRequest decided(
      String idempotencyKey,
      String agent,
      String stepId,
      String tier,
      String prompt,
      Map<String, Object> context,
      String definition) {
    return new ModelRequest(
        idempotencyKey,
        agent,
        stepId,
        tier,
        null,
        prompt,
        List.of(),
        List.of(),
        null,
        0,
        context,
        null,
        definition);
  }

  /** Whether the step's fixed parts are left to the definition this request names. */
  @JsonIgnore
  public boolean byReference() {
    return definition != null && outputSchema == null;
  }

  /**
   * This request with its step's fixed parts filled in from {@code step} (the definition's step of
   * this id, or the inner step of the map of this id), as a request that carries them would have
   * had them. The definition stays named, for the record.
   */
  public ModelRequest withStep(ModelStep step) {
    return new ModelRequest(
        idempotencyKey,
        agent,
        stepId,
        tier,
        step.task(),
        prompt,
        step.labels(),
        step.examples().inline(),
        schemaText(step),
        step.maxRepairs(),
        context,
        step.examples().file(),
        definition);
  }

  private static String schemaText(ModelStep step) {
    try {
      return SCHEMA_WRITER.writeValueAsString(step.output());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("output schema of step " + step.id() + " is not JSON", e);
    }
  }
}
