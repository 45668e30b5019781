package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.playbook.Playbook;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code lead-followup} playbook over a scripted score and fake connectors: a hot lead
 * is booked (through calendar timeouts and outages), confirmed and recorded once; any other lead
 * gets follow-ups on durable timers that a reply stops; a failed confirmation cancels the booking.
 */
class LeadFollowupWorkflowTest {

  private static final Playbook LEAD_FOLLOWUP = ShippedAgents.load("lead-followup");

  private final WorkflowTestHarness h = new WorkflowTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private AgentWorkflow lead(String id, String category, double confidence) {
    h.model.answer(
        "score",
        Map.of("category", category, "confidence", confidence, "reasons", List.of("scripted")));
    return ShippedAgents.start(
        h,
        LEAD_FOLLOWUP,
        id,
        Map.of(
            "email", "pat@example.com",
            "company", "Example Corp",
            "message", "We would like to talk to sales about a purchase."));
  }

  private List<String> effects(String workflowId) {
    return h.actions.effects.keySet().stream()
        .filter(k -> k.startsWith(workflowId + "/"))
        .map(k -> k.substring(workflowId.length() + 1))
        .toList();
  }

  private long attempts(String operation) {
    return h.actions.attempts.stream().filter(a -> a.operation().equals(operation)).count();
  }

  @Test
  void a_confidently_hot_lead_gets_a_call_booked_confirmed_and_recorded_once() {
    RunState end = h.result(lead("L-1", "hot", 0.92));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.category()).isEqualTo("hot");
    String id = end.workflowId();
    assertThat(effects(id)).containsExactlyInAnyOrder("enrich", "book", "confirm", "sync_booked");
    assertThat(h.actions.effects.get(id + "/book").params())
        .containsEntry("email", "pat@example.com")
        .containsEntry("slot", "next");
    assertThat(h.actions.effects.get(id + "/sync_booked").params())
        .containsEntry("status", "meeting-booked");
    assertThat(end.decisions())
        .filteredOn(d -> d.stepId().equals("qualify"))
        .singleElement()
        .satisfies(d -> assertThat(d.rule()).isEqualTo("hot_and_confident"));
  }

  @Test
  void a_calendar_timeout_is_retried_and_the_call_is_booked_once() {
    // the calendar booked, but the answer was lost: the retry must find the booking, not book again
    h.actions.failFirst("book", 1);
    RunState end = h.result(lead("L-2", "hot", 0.92));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(attempts("book")).isEqualTo(2);
    assertThat(effects(end.workflowId())).containsOnlyOnce("book");
  }

  @Test
  void a_calendar_that_stays_down_escalates_to_sales_and_books_once_after_approval() {
    h.actions.failAlways("book");
    AgentWorkflow run = lead("L-3", "hot", 0.92);

    RunState review = awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    assertThat(review.pendingApproval().stepId()).isEqualTo("book:review");
    assertThat(review.pendingApproval().role()).isEqualTo("sales");
    assertThat(review.pendingApproval().summary()).contains("failed for good");
    assertThat(effects(review.workflowId())).doesNotContain("book", "confirm");

    h.actions.recover("book");
    run.decide(h.signed(run, "approve", "sam", "sales"));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(effects(end.workflowId())).containsOnlyOnce("book", "confirm", "sync_booked");
  }

  @Test
  void a_rejected_calendar_review_ends_the_run_without_a_booking_or_a_mail() {
    h.actions.failAlways("book");
    AgentWorkflow run = lead("L-4", "hot", 0.92);
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);

    run.decide(h.signed(run, "reject", "sam", "sales"));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.FAILED);
    assertThat(effects(end.workflowId())).containsExactly("enrich");
  }

  @Test
  void a_confirmation_that_cannot_be_sent_cancels_the_booking() {
    h.actions.failAlways("send");
    RunState end = h.result(lead("L-5", "hot", 0.92));

    assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(end.rollbacks())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stepId()).isEqualTo("book");
              assertThat(r.connector() + "." + r.operation()).isEqualTo("calendar.cancel");
              assertThat(r.outcome()).isEqualTo("ok");
            });
    assertThat(effects(end.workflowId()))
        .containsExactlyInAnyOrder("enrich", "book", "book/compensate");
    assertThat(effects(end.workflowId())).doesNotContain("sync_booked");
  }

  @Test
  void a_crm_sync_that_fails_is_dead_lettered_and_a_retry_records_it_once() {
    h.actions.failAlways("update");
    AgentWorkflow run = lead("L-6", "hot", 0.92);
    RunState parked = awaitState(run, s -> s.status() == RunStatus.DEAD_LETTERED);
    assertThat(parked.deadLetter().stepId()).isEqualTo("sync_booked");

    h.actions.recover("update");
    run.deadLetter(new DeadLetterAction(DeadLetterAction.RETRY, "ops", "CRM is back"));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(effects(end.workflowId())).containsOnlyOnce("book", "sync_booked");
  }

  @Test
  void a_cold_lead_gets_two_follow_ups_on_durable_timers_then_sales_is_told() {
    AgentWorkflow run = lead("L-7", "cold", 0.88);
    RunState first = awaitState(run, s -> "wait_first".equals(s.currentStep()));
    assertThat(first.status()).isEqualTo(RunStatus.WAITING);
    assertThat(effects(first.workflowId())).containsExactlyInAnyOrder("enrich", "first_touch");

    h.env.sleep(Duration.ofDays(2).plusMinutes(1));
    RunState second = awaitState(run, s -> "wait_second".equals(s.currentStep()));
    assertThat(effects(second.workflowId())).contains("second_touch");
    assertThat(effects(second.workflowId())).doesNotContain("tell_sales_no_reply");

    h.env.sleep(Duration.ofDays(4).plusMinutes(1));
    RunState end = h.result(run);
    assertThat(end.status()).isEqualTo(RunStatus.CLOSED);
    assertThat(effects(end.workflowId()))
        .containsExactlyInAnyOrder(
            "enrich", "first_touch", "second_touch", "tell_sales_no_reply", "sync_no_reply");
    assertThat(h.actions.effects.get(end.workflowId() + "/sync_no_reply").params())
        .containsEntry("status", "nurture");
    h.exportHistory(run, "lead-followup-no-reply");
  }

  @Test
  void a_reply_stops_the_follow_up_sequence_and_is_recorded() {
    AgentWorkflow run = lead("L-8", "warm", 0.9);
    awaitState(run, s -> "wait_first".equals(s.currentStep()));
    h.env.sleep(Duration.ofDays(2).plusMinutes(1));
    awaitState(run, s -> "wait_second".equals(s.currentStep()));

    run.event(new RunEvent("replied", Map.of("text", "Yes, call me"), "crm-webhook", 0));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.outputs().get("wait_second")).containsEntry("timedOut", false);
    List<String> done = effects(end.workflowId());
    assertThat(done).contains("tell_sales_replied", "sync_replied");
    assertThat(done).doesNotContain("tell_sales_no_reply", "sync_no_reply", "book");
    assertThat(h.actions.effects.get(end.workflowId() + "/sync_replied").params())
        .containsEntry("status", "replied");
    // the Web UI shows what each durable timer waits for; the reply cancelled the second one
    WorkflowExecutionHistory history = h.env.getWorkflowClient().fetchHistory(end.workflowId());
    assertThat(
            history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
                .map(
                    e ->
                        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                            e.getUserMetadata().getSummary(), String.class, String.class)))
        .allMatch(
            summary -> summary.matches("wait_(first|second): waits up to P\\w+ for event replied"))
        .hasSize(2);
    assertThat(history.getEvents())
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_CANCELED)
        .hasSize(1);
    h.exportHistory(run, "lead-followup-replied");
  }

  @Test
  void a_reply_during_the_first_wait_skips_the_second_follow_up() {
    AgentWorkflow run = lead("L-9", "cold", 0.8);
    awaitState(run, s -> "wait_first".equals(s.currentStep()));

    run.event(new RunEvent("replied", null, "mail", 0));
    RunState end = h.result(run);

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(effects(end.workflowId())).doesNotContain("second_touch");
  }

  @Test
  void a_hot_score_with_low_confidence_gets_follow_ups_not_a_call() {
    AgentWorkflow run = lead("L-10", "hot", 0.41);
    RunState waiting = awaitState(run, s -> "wait_first".equals(s.currentStep()));

    assertThat(waiting.decisions())
        .filteredOn(d -> d.stepId().equals("qualify"))
        .singleElement()
        .satisfies(d -> assertThat(d.rule()).isEqualTo("otherwise"));
    assertThat(effects(waiting.workflowId())).doesNotContain("book");
  }

  @Test
  void a_score_that_breaks_its_contract_is_skipped_and_the_lead_is_followed_up() {
    h.model.violate("score", "category 'very hot' is not one of hot, warm, cold");
    AgentWorkflow run =
        ShippedAgents.start(
            h,
            LEAD_FOLLOWUP,
            "L-11",
            Map.of("email", "pat@example.com", "message", "Call me about a purchase"));
    RunState waiting = awaitState(run, s -> "wait_first".equals(s.currentStep()));

    assertThat(waiting.errors()).extracting(RunError::stepId).containsExactly("score");
    assertThat(waiting.steps())
        .anySatisfy(s -> assertThat(s.stepId() + "=" + s.outcome()).isEqualTo("score=skipped"));
    assertThat(waiting.outputs()).doesNotContainKey("score");
    assertThat(effects(waiting.workflowId())).doesNotContain("book");
  }

  @Test
  void a_crm_outage_during_enrichment_is_skipped_and_the_lead_still_scored() {
    h.actions.failAlways("get");
    RunState end = h.result(lead("L-12", "hot", 0.95));

    assertThat(end.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(end.steps())
        .anySatisfy(s -> assertThat(s.stepId() + "=" + s.outcome()).isEqualTo("enrich=skipped"));
    ActionRequest booking = h.actions.effects.get(end.workflowId() + "/book");
    assertThat(booking.params()).doesNotContainKey("leadId").containsEntry("slot", "next");
  }
}
