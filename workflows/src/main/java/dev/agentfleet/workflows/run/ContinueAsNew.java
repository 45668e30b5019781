package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * How an agent run continues as a new execution between steps, so long runs stay under Temporal's
 * history limits: when, and with what ({@link RunContext#continuation}).
 */
final class ContinueAsNew {

  private static final Logger log = Workflow.getLogger(ContinueAsNew.class);

  private ContinueAsNew() {}

  /**
   * True when this execution's history should start afresh: the server suggests it, or the history
   * holds more events than the definition allows.
   */
  static boolean due(AgentDefinition def) {
    WorkflowInfo info = Workflow.getInfo();
    return info.isContinueAsNewSuggested() || info.getHistoryLength() > def.maxHistoryEvents();
  }

  /**
   * Continues the run as a new execution of the same workflow id that starts at {@code next} with
   * the whole state carried over; the memo and the search attributes (with changes not yet
   * upserted) go along.
   */
  static void now(
      RunContext ctx, AgentRunInput input, DefinitionRef ref, String next, int executed) {
    // An update that took the decision the run goes on with still owes its caller the reply;
    // waiting for it adds no command.
    Workflow.await(Workflow::isEveryHandlerFinished);
    int continuations = input.continuation() == null ? 1 : input.continuation().continuations() + 1;
    log.info(
        "continuing as new: history={} events, next={}, continuation={}",
        Workflow.getInfo().getHistoryLength(),
        next,
        continuations);
    ctx.audit(
        "continue-as-new",
        next,
        null,
        "history of " + Workflow.getInfo().getHistoryLength() + " events");
    Map<String, Object> memo = new HashMap<>();
    String subject = Workflow.getMemo("subject", String.class, String.class);
    if (subject != null) {
      memo.put("subject", subject);
    }
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder()
            .setMemo(memo)
            .setTypedSearchAttributes(ctx.searchAttributesNow())
            .build(),
        ref == null
            ? new AgentRunInput(
                input.definition(),
                input.definitionHash(),
                input.item(),
                ctx.continuation(next, executed, continuations))
            : new AgentRunInput(
                null,
                ref.shortHash(),
                input.item(),
                ctx.continuation(next, executed, continuations),
                ref));
  }
}
