package dev.agentfleet.workflows.memory;

import dev.agentfleet.workflows.playbook.MemoryRecall;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Builds the context a model step's call receives: the fields the step declares and nothing else of
 * the run, the similar cases recalled from memory when the step opts in, all within the step's
 * token budget ({@link ContextBudget}).
 */
public final class StepContext {

  /** The change id under which model steps with {@code memory} recall similar cases. */
  public static final String RECALL_CHANGE = "memory-recall";

  private static final Logger log = Workflow.getLogger(StepContext.class);

  private StepContext() {}

  /**
   * The context for the model call and a note for the step's record.
   *
   * @param note empty when the context fitted and the step recalls nothing; otherwise what was
   *     recalled and what the budget cut, starting with a space
   */
  public record Prepared(Map<String, Object> values, String note) {}

  /** Renders the step's declared context over the run's variables, recalls, and fits the budget. */
  public static Prepared prepare(ModelStep step, RunContext ctx, Map<String, Object> vars) {
    Map<String, Object> fields = declared(step, vars);
    List<String> notes = new ArrayList<>();
    List<Map<String, Object>> cases = null;
    MemoryRecall memory = step.memory();
    if (memory != null && Workflow.getVersion(RECALL_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      cases = recall(step, ctx, vars, notes);
    }
    ContextBudget.Fitted fitted = ContextBudget.fit(fields, cases, step.contextTokens());
    if (!fitted.cuts().isEmpty()) {
      notes.add(fitted.summary());
    }
    return new Prepared(fitted.values(), notes.isEmpty() ? "" : " " + String.join("; ", notes));
  }

  /**
   * The step's declared context rendered over the variables, before any recall or budget cut.
   * Outside a run ({@code fleet eval}) the context is {@code ContextBudget.fit(declared(...), null,
   * step.contextTokens())}: what a run sends when the step recalls nothing.
   */
  public static Map<String, Object> declared(ModelStep step, Map<String, Object> vars) {
    Map<String, Object> fields = new LinkedHashMap<>();
    step.context().forEach((name, template) -> fields.put(name, Templates.value(template, vars)));
    return fields;
  }

  private static List<Map<String, Object>> recall(
      ModelStep step, RunContext ctx, Map<String, Object> vars, List<String> notes) {
    MemoryRecall memory = step.memory();
    String query = ContextBudget.cutToTokens(queryText(step, vars), step.contextTokens());
    if (query.isBlank()) {
      notes.add("memory: nothing to search with");
      return List.of();
    }
    List<Recollection> found;
    try {
      found =
          MemoryStubs.memory(step.id() + ": recall similar cases from " + memory.namespace())
              .recall(
                  new RecallRequest(
                      ctx.agent(),
                      memory.namespace(),
                      query,
                      memory.recall(),
                      memory.minSimilarity()));
    } catch (ActivityFailure failure) {
      String why = MemoryStubs.describe(failure);
      log.warn("memory recall failed, the step goes on without it: {}", why);
      notes.add("memory unavailable (" + why + ")");
      return List.of();
    }
    List<Map<String, Object>> cases = new ArrayList<>();
    List<String> similarities = new ArrayList<>();
    for (Recollection r : found) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("summary", r.text());
      c.put("outcome", r.outcome());
      cases.add(c);
      similarities.add(String.format(Locale.ROOT, "%.2f", r.similarity()));
    }
    notes.add(
        "memory: recalled "
            + cases.size()
            + " similar cases from "
            + memory.namespace()
            + (similarities.isEmpty() ? "" : " " + similarities));
    return cases;
  }

  /** The query template when the step has one, else its declared context values as text. */
  private static String queryText(ModelStep step, Map<String, Object> vars) {
    if (step.memory().query() != null) {
      return Templates.render(step.memory().query(), vars).strip();
    }
    List<String> parts = new ArrayList<>();
    for (String template : step.context().values()) {
      String text = Templates.render(template, vars).strip();
      if (!text.isEmpty()) {
        parts.add(text);
      }
    }
    return String.join("\n", parts);
  }
}
