package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait, notify and map step kinds, and approvals with edits and an escalation chain. */
class StepKindsTest {

  private static final String INPUT =
      """
      input:
        - {name: id, type: string, required: true}
        - {name: from, type: string, required: true}
        - {name: subject, type: string, required: true}
        - {name: body, type: string, required: true}
      """;

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static Playbook playbook(String name, String steps) {
    return PlaybookParser.parse(
        "name: " + name + "\n" + INPUT + "steps:\n" + steps, name + ".yaml");
  }

  private static final String FOLLOW_UP =
      """
        - id: first_wait
          kind: wait
          duration: P2D
          signal: replied
          onSignal: replied
          next: nudge
        - id: nudge
          kind: notify
          channel: mail
          to: "{{input.from}}"
          subject: "Following up"
          body: "Did you see our offer?"
          next: second_wait
        - id: second_wait
          kind: wait
          duration: P3D
          signal: replied
          onSignal: replied
          next: gave_up
        - {id: replied, kind: end, status: completed, reason: replied}
        - {id: gave_up, kind: end, status: closed, reason: no reply}
      """;

  @Test
  void a_follow_up_sequence_runs_on_durable_timers_until_it_gives_up() {
    AgentWorkflow run = h.start("W-1", playbook("follow-up", FOLLOW_UP));
    RunState waiting = awaitState(run, s -> s.status() == RunStatus.WAITING);
    assertThat(waiting.currentStep()).isEqualTo("first_wait");

    h.env.sleep(Duration.ofDays(6));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.CLOSED);
    assertThat(h.actions.effects).containsKey(end.workflowId() + "/nudge");
    assertThat(end.outputs().get("second_wait")).containsEntry("timedOut", true);
    h.exportHistory(run, "follow-up-timers");
  }

  @Test
  void a_reply_stops_the_sequence_and_its_data_is_kept() {
    AgentWorkflow run = h.start("W-2", playbook("follow-up", FOLLOW_UP));
    awaitState(run, s -> s.status() == RunStatus.WAITING);
    h.env.sleep(Duration.ofDays(3));
    awaitState(run, s -> "second_wait".equals(s.currentStep()));

    run.event(new RunEvent("replied", Map.of("text", "yes, call me"), "crm-webhook", 0));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.outputs().get("second_wait"))
        .containsEntry("timedOut", false)
        .containsEntry("data", Map.of("text", "yes, call me"));
    assertThat(end.events()).extracting(RunEvent::sender).containsExactly("crm-webhook");
    h.exportHistory(run, "follow-up-replied");
  }

  @Test
  void an_event_that_came_before_the_wait_ends_it_at_once() {
    String steps =
        """
          - id: pause
            kind: wait
            duration: PT1H
            next: wait_reply
          - id: wait_reply
            kind: wait
            duration: P7D
            signal: replied
            onSignal: replied
            next: gave_up
          - {id: replied, kind: end, status: completed, reason: replied}
          - {id: gave_up, kind: end, status: closed, reason: no reply}
        """;
    AgentWorkflow run = h.start("W-3", playbook("early", steps));
    awaitState(run, s -> s.status() == RunStatus.WAITING);
    run.event(new RunEvent("replied", null, "mail", 0));
    h.env.sleep(Duration.ofHours(2));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void map_runs_each_item_with_bounded_concurrency_and_gathers_in_order() {
    String steps =
        """
          - id: publish
            kind: map
            items: [en, de, fr, es]
            as: lang
            concurrency: 2
            do:
              kind: action
              connector: publisher
              operation: publish
              params: {channel: blog, language: "{{lang}}", title: "{{input.subject}}", body: "{{input.body}}"}
            next: done
          - {id: done, kind: end, status: completed, reason: published}
        """;
    RunState end = h.result(h.start("M-1", playbook("fan-out", steps)));
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    Map<String, Object> out = end.outputs().get("publish");
    assertThat(out.get("items")).isEqualTo(List.of("en", "de", "fr", "es"));
    assertThat((List<?>) out.get("results")).hasSize(4);
    assertThat(h.actions.effects.values())
        .extracting(ActionRequest::idempotencyKey)
        .containsExactlyInAnyOrder(
            end.workflowId() + "/publish/0",
            end.workflowId() + "/publish/1",
            end.workflowId() + "/publish/2",
            end.workflowId() + "/publish/3");
    assertThat(h.actions.effects.get(end.workflowId() + "/publish/1").params())
        .containsEntry("language", "de");
  }

  @Test
  void map_dead_letters_when_an_item_fails_and_a_retry_acts_once_per_item() {
    String steps =
        """
          - id: translate
            kind: map
            items: [de, fr]
            as: lang
            do:
              kind: model
              tier: large
              task: draft
              prompt: "Translate into {{lang}}"
              output: {type: object, required: [text], properties: {text: {type: string}}}
            next: done
          - {id: done, kind: end, status: completed, reason: translated}
        """;
    h.model.violate("translate", "empty text");
    AgentWorkflow run = h.start("M-2", playbook("translate", steps));
    RunState parked = awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED);
    assertThat(parked.deadLetter().message()).contains("item 0 (de)");
    h.model.heal("translate").answer("translate", Map.of("text", "Hallo"));
    run.deadLetter(new DeadLetterAction(DeadLetterAction.RETRY, "ops", null));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.model.requests)
        .extracting(r -> r.idempotencyKey().substring(r.idempotencyKey().lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder("0", "1", "0", "1");
  }

  @Test
  void a_rollback_compensates_each_item_a_map_published() {
    String steps =
        """
          - id: publish
            kind: map
            items: [en, de]
            as: lang
            do:
              kind: action
              connector: publisher
              operation: publish
              params: {channel: blog, language: "{{lang}}", title: T, body: B}
              compensate:
                connector: publisher
                operation: unpublish
                params: {postId: "{{result.id}}"}
            next: announce
          - id: announce
            kind: action
            connector: mailer
            operation: send
            params: {to: editors@example.com}
            onFailure: {retry: {maxAttempts: 1}, then: compensate}
            next: done
          - {id: done, kind: end, status: completed, reason: published}
        """;
    h.actions.failAlways("send");
    RunState end = h.result(h.start("M-3", playbook("fan-out-undo", steps)));

    assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(end.rollbacks())
        .extracting(Rollback::idempotencyKey)
        .containsExactly(
            end.workflowId() + "/publish/1/compensate", end.workflowId() + "/publish/0/compensate");
    assertThat(h.actions.effects.get(end.workflowId() + "/publish/0/compensate").params())
        .containsEntry("postId", "id-publish");
  }

  private static final String EDITABLE =
      """
        - id: extract
          kind: model
          tier: small
          task: extract
          prompt: "{{input.body}}"
          output: {type: object, required: [amount], properties: {amount: {type: number}}}
          next: approve
        - id: approve
          kind: approval
          role: billing
          summary: "Refund {{steps.extract.amount}}"
          show: [extract]
          deadline: PT1H
          escalation:
            - {role: billing-lead, after: PT2H}
            - {role: finance}
          edit:
            step: extract
            schema: {type: object, properties: {amount: {type: number, minimum: 0}}}
          onApprove: refund
          onReject: declined
        - id: refund
          kind: action
          connector: payments
          operation: refund
          params: {amount: "{{steps.extract.amount}}", currency: USD}
          next: done
        - {id: done, kind: end, status: completed, reason: refunded}
        - {id: declined, kind: end, status: rejected, reason: declined}
      """;

  @Test
  void an_edit_overlays_the_proposal_and_the_action_uses_the_edited_value() {
    h.model.answer("extract", Map.of("amount", 120));
    AgentWorkflow run = h.start("E-1", playbook("editable", EDITABLE));
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    assertThat(waiting.pendingApproval().editable()).containsKey("properties");

    run.decide(
        h.approvals.signEdit(
            waiting.workflowId(),
            waiting.pendingApproval(),
            "carol",
            List.of("billing"),
            Map.of("amount", 80)));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo("edited"));
    assertThat(end.outputs().get("extract")).containsEntry("amount", 80);
    ActionRequest refund = h.actions.effects.get(end.workflowId() + "/refund");
    assertThat(refund.params()).containsEntry("amount", 80);
    assertThat(refund.attestation().isHuman()).isTrue();
    assertThat(refund.attestation().signature().decision()).isEqualTo("edit");
    assertThat(h.approvals.checks).last().satisfies(c -> assertThat(c.editSchema()).isNotNull());
  }

  @Test
  void the_escalation_chain_reaches_each_level_in_turn() {
    h.model.answer("extract", Map.of("amount", 120));
    AgentWorkflow run = h.start("E-2", playbook("editable", EDITABLE));
    awaitState(run, s -> s.pendingApproval() != null);

    h.env.sleep(Duration.ofMinutes(61));
    RunState first = awaitState(run, s -> s.pendingApproval().escalatedRoles().size() == 1);
    assertThat(first.pendingApproval().escalatedTo()).isEqualTo("billing-lead");

    h.env.sleep(Duration.ofMinutes(121));
    RunState second = awaitState(run, s -> s.pendingApproval().escalatedRoles().size() == 2);
    assertThat(second.pendingApproval().escalatedRoles())
        .containsExactly("billing-lead", "finance");

    run.decide(h.signed(run, "approve", "fiona", "finance"));
    assertThat(h.result(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.actions.attempts)
        .filteredOn(a -> a.operation().equals("notify"))
        .extracting(a -> a.params().get("to"))
        .containsExactly("role:billing-lead", "role:finance");
    h.exportHistory(run, "escalation-chain");
  }
}
