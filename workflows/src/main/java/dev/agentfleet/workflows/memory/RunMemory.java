package dev.agentfleet.workflows.memory;

import dev.agentfleet.workflows.playbook.MemoryRemember;
import dev.agentfleet.workflows.routing.Templates;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.agentfleet.workflows.run.RunContext;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Leaves a finished run in the short-term memory when its agent declares {@code remember}: once per
 * run, when it ends in one of the declared statuses. The text and the outcome are rendered from the
 * declared templates only and the text is cut to its token budget, so nothing beyond what the
 * playbook names is stored.
 */
public final class RunMemory {

  /** The change id under which finished runs remember their case. */
  public static final String REMEMBER_CHANGE = "memory-remember";

  private static final Logger log = Workflow.getLogger(RunMemory.class);

  private RunMemory() {}

  /** Remembers the run's case if its definition asks for it; call once, when the run has ended. */
  public static void rememberAtEnd(RunContext ctx) {
    MemoryRemember remember = ctx.definition().remember();
    if (remember == null || !remember.statuses().contains(ctx.status())) {
      return;
    }
    if (Workflow.getVersion(REMEMBER_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    Map<String, Object> vars = variables(ctx);
    String text =
        ContextBudget.cutToTokens(
            Templates.render(remember.text(), vars).strip(), remember.maxTokens());
    if (text.isBlank()) {
      ctx.audit("memory", null, null, "nothing remembered: remember.text rendered empty");
      return;
    }
    Map<String, Object> outcome = new LinkedHashMap<>();
    remember
        .outcome()
        .forEach((name, template) -> outcome.put(name, Templates.value(template, vars)));
    RememberRequest request =
        new RememberRequest(
            IdempotencyKeys.remember(ctx.keyScope()),
            ctx.agent(),
            remember.namespace(),
            text,
            outcome,
            remember.ttlDuration());
    try {
      Remembered done =
          MemoryStubs.memory("remember the case in " + remember.namespace()).remember(request);
      ctx.audit(
          "memory",
          null,
          null,
          "remembered in "
              + remember.namespace()
              + " for "
              + remember.ttl()
              + (done.duplicate() ? " (already remembered)" : "")
              + (done.evicted() > 0 ? ", evicted " + done.evicted() : ""));
    } catch (ActivityFailure failure) {
      String why = MemoryStubs.describe(failure);
      log.warn("remembering the run failed; the run's result stands: {}", why);
      ctx.audit("memory", null, null, "not remembered: " + why);
    }
  }

  /** The run's variables, with {@code run.status} and {@code run.outcome} saying how it ended. */
  private static Map<String, Object> variables(RunContext ctx) {
    Map<String, Object> vars = new LinkedHashMap<>(ctx.variables());
    Map<String, Object> run = new LinkedHashMap<>();
    if (vars.get("run") instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> run.put(String.valueOf(k), v));
    }
    run.put("status", ctx.status().wireName());
    run.put("outcome", ctx.snapshot().outcome());
    vars.put("run", run);
    return vars;
  }
}
