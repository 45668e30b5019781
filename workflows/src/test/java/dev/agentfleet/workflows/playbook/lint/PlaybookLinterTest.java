package dev.agentfleet.workflows.playbook.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.playbook.StepDef;
import dev.agentfleet.workflows.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that need a word of explanation, each on a small playbook. */
class PlaybookLinterTest {

  private static final String DRAFT_LOOP =
      """
      name: loop
      steps:
        - id: draft
          kind: model
          tier: large
          task: draft
          output: {type: object, properties: {ok: {type: boolean}}}
          next: check
        - id: check
          kind: route
          rules: [{name: good, when: "steps.draft.ok", next: done}]
          otherwise: %s
        - {id: review, kind: approval, role: editor, deadline: PT1H, onApprove: done, onReject: draft}
        - {id: done, kind: end, status: completed}
      """;

  @Test
  void a_loop_of_model_and_route_steps_is_refused_at_the_edge_that_closes_it() {
    LintResult result = PlaybookParser.check(DRAFT_LOOP.formatted("draft"), "loop.yaml");

    assertThat(result.messages())
        .anyMatch(m -> m.startsWith("loop.yaml:12:16: step 'check'.otherwise: the loop draft"))
        .anyMatch(m -> m.contains("step 'review'.id: no route from the start step 'draft'"));
  }

  @Test
  void a_loop_through_an_approval_is_held_by_a_person() {
    LintResult result = PlaybookParser.check(DRAFT_LOOP.formatted("review"), "loop.yaml");

    assertThat(result.messages()).isEmpty();
  }

  @Test
  void an_explicit_max_steps_accepts_a_loop_as_meant() {
    LintResult result =
        PlaybookParser.check(
            "maxSteps: 12\n" + DRAFT_LOOP.formatted("draft").replace("review, kind", "x, kind"),
            "loop.yaml");

    assertThat(result.messages()).noneMatch(m -> m.contains("the loop"));
  }

  @Test
  void the_record_validators_problems_carry_line_and_column_too() {
    String text =
        """
        name: a
        steps:
          - {id: ask, kind: approval, role: billing, deadline: 1 day, onApprove: done, onReject: done}
          - {id: done, kind: end, status: completed}
        """;

    LintResult result = PlaybookParser.check(text, "a.yaml");

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.text("a.yaml"))
                  .startsWith("a.yaml:3:56: step 'ask'.deadline: expected an ISO-8601 duration");
              assertThat(p.path()).isEqualTo("steps[0].deadline");
            });
  }

  @Test
  void map_and_agent_steps_are_checked_inside() {
    String text =
        """
        name: fan-out
        input: [{name: languages, type: string, required: true}]
        steps:
          - id: translate
            kind: map
            items: "{{input.languages}}"
            as: lang
            do:
              kind: model
              tier: large
              task: draft
              prompt: "Translate into {{lang}}"
              output: {type: object, properties: {text: {type: strin}}}
            next: resolve
          - id: resolve
            kind: agent
            tier: large
            goal: "Use {{steps.translate.results}} and {{steps.translate.texts}}"
            tools:
              - {name: lookup, connector: crm, operation: get, parameters: {type: object}}
            policy:
              - {when: "tool.name == 'lookup' && tool.arguments.id == ''", decision: deny}
              - {when: "tool.name ==", decision: deny}
            output: {type: object}
            next: done
          - {id: done, kind: end, status: completed}
        """;

    LintResult result = PlaybookParser.check(text, "f.yaml");

    assertThat(result.messages())
        .containsExactly(
            "f.yaml:13:56: step 'translate'.do.output.properties.text.type: unknown type 'strin':"
                + " expected one of array, boolean, integer, null, number, object, string",
            "f.yaml:18:11: step 'resolve'.goal: reads steps.translate.texts, but the output schema"
                + " of step 'translate' declares no 'texts' there (it declares results, items)",
            "f.yaml:22:16: step 'resolve'.policy[0].when: reads tool.arguments, but a tool call has"
                + " only name, args",
            "f.yaml:23:16: step 'resolve'.policy[1].when: CEL does not compile: at 1:13 of the"
                + " expression: mismatched input '<EOF>' expecting {'[', '{', '(',"
                + " '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING,"
                + " BYTES, IDENTIFIER}");
  }

  @Test
  void a_key_given_twice_is_refused_because_yaml_keeps_only_the_last() {
    String text =
        """
        name: twice
        steps:
          - id: done
            kind: end
            status: completed
            status: failed
        """;

    assertThat(PlaybookParser.check(text, "t.yaml").messages())
        .containsExactly(
            "t.yaml:6:5: step 'done'.status: given twice in the same mapping (lines 5 and 6); a"
                + " YAML reader keeps only the last, so keep one");
  }

  @Test
  void a_bound_definition_is_checked_without_its_text() {
    AgentDefinition valid =
        PlaybookParser.parse(DRAFT_LOOP.formatted("review"), "loop.yaml").definition();
    assertThat(PlaybookParser.problems(valid, "run input")).isEmpty();

    List<StepDef> steps = new ArrayList<>(valid.steps());
    steps.set(3, new EndStep("finished", "Done", RunStatus.COMPLETED, null));
    AgentDefinition broken =
        new AgentDefinition(valid.name(), null, valid.input(), null, null, valid.maxSteps(), steps);

    assertThat(PlaybookParser.problems(broken, "run input"))
        .contains(
            "run input: step 'check'.rules['good'].next: no step is called 'done'",
            "run input: step 'finished'.id: no route from the start step 'draft' leads here, so"
                + " this step never runs; route to it or remove it");
  }

  @Test
  void a_valid_playbook_gives_its_version_and_graph() {
    LintResult result = PlaybookParser.check(DRAFT_LOOP.formatted("review"), "loop.yaml");

    assertThat(result.valid()).isTrue();
    assertThat(result.playbook().hash()).hasSize(12);
    assertThat(result.graph().start()).isEqualTo("draft");
    assertThat(result.graph().from("check"))
        .extracting(StepGraph.Edge::label)
        .containsExactly("rule good", "otherwise");
    assertThat(result.graph().from("review"))
        .extracting(StepGraph.Edge::label)
        .containsExactly("approve", "reject");
  }
}
