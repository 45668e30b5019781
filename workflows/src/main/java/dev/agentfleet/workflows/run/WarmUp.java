package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.routing.CelRules;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;

/**
 * Loads and initialises what a workflow task needs the first time (Jackson's record handling, the
 * playbook records, the CEL compiler and runtime) before a worker polls. Without it the first
 * workflow task of a fresh JVM can spend over a second in class loading and trip Temporal's
 * deadlock detector, which then retries the task. Call it once at start; it has no effect on state.
 */
public final class WarmUp {

  private static final String PLAYBOOK =
      """
      name: warm-up
      input: [{name: id, type: string, required: true}]
      steps:
        - {id: decide, kind: route, rules: [{name: r, when: "has(input.id) && input.id != ''", next: done}], otherwise: done}
        - {id: done, kind: end, status: completed}
      """;

  private WarmUp() {}

  /** Exercises parsing, rule evaluation and payload conversion once. */
  public static void run() {
    Playbook playbook = PlaybookParser.parse(PLAYBOOK, "warm-up");
    PlaybookParser.problems(playbook.definition(), "warm-up");
    new CelRules().test("has(input.id) && input.id != ''", Map.of("input", Map.of("id", "w")));
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;
    AgentRunInput input =
        new AgentRunInput(
            playbook.definition(), playbook.hash(), new WorkItem("w", Map.of("id", "w")));
    converter.fromPayload(
        converter.toPayload(input).orElseThrow(), AgentRunInput.class, AgentRunInput.class);
  }
}
