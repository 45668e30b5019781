package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example leads end to end on a real dev server, through the CLI: the hot leads are booked once
 * each and recorded in the CRM, the others wait in their follow-up sequence until a reply arrives
 * ({@code fleet signal}); a calendar that keeps timing out is retried, then escalated to sales, and
 * books once after the fault is cleared and a salesperson approves.
 */
class LeadFollowupIT extends FleetItBase {

  /** The example leads the offline classifier scores hot, confidently. */
  private static final Set<String> HOT = Set.of("L-2001", "L-2002", "L-2005", "L-2008");

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("lead-followup");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  private static Map<String, String> statusByRecord() {
    Map<String, String> statuses = new HashMap<>();
    for (JsonNode run : cli.run("runs", "--agent", "lead-followup", "--json").json()) {
      statuses.put(run.path("recordId").asText(), run.path("status").asText());
    }
    return statuses;
  }

  @Test
  void hot_leads_are_booked_once_and_a_reply_stops_a_follow_up_sequence() throws Exception {
    Cli.Result valid = cli.run("agents", "validate", "lead-followup");
    assertThat(valid.exit()).as(valid.out() + valid.err()).isZero();
    Cli.Result started =
        cli.run("run", "lead-followup", "--input", example("leads.jsonl").toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.json().path("started")).hasSize(8);

    Map<String, String> settled =
        Await.until(
            "hot leads booked, the others waiting for a reply",
            Duration.ofSeconds(90),
            LeadFollowupIT::statusByRecord,
            s ->
                s.size() == 8
                    && s.entrySet().stream()
                        .allMatch(
                            e ->
                                e.getValue()
                                    .equals(HOT.contains(e.getKey()) ? "completed" : "waiting")));
    assertThat(settled).hasSize(8);

    List<List<String>> bookings =
        ledgerRows("SELECT workflow_id, status FROM sandbox_bookings ORDER BY workflow_id");
    assertThat(bookings)
        .as("one booking per hot lead")
        .containsExactlyInAnyOrder(
            List.of("lead-followup/L-2001", "booked"),
            List.of("lead-followup/L-2002", "booked"),
            List.of("lead-followup/L-2005", "booked"),
            List.of("lead-followup/L-2008", "booked"));
    assertThat(crmStatus("ada@analytical-engines.example")).isEqualTo("meeting-booked");

    String waiting = "lead-followup/L-2003";
    JsonNode before = cli.run("status", waiting, "--json").json();
    assertThat(before.path("currentStep").asText()).isEqualTo("wait_first");

    Cli.Result signalled =
        cli.run(
            "signal", waiting, "replied", "--data", "{\"text\":\"Yes, let us talk\"}", "--json");
    assertThat(signalled.exit()).as(signalled.out() + signalled.err()).isZero();
    assertThat(signalled.json().path("event").asText()).isEqualTo("replied");
    assertThat(signalled.json().path("data").path("text").asText()).isEqualTo("Yes, let us talk");
    JsonNode after =
        Await.until(
            "the reply to stop the sequence",
            Duration.ofSeconds(30),
            () -> cli.run("status", waiting, "--json").json(),
            s -> s.path("status").asText().equals("completed"));
    assertThat(after.path("outputs").path("wait_first").path("timedOut").asBoolean()).isFalse();
    assertThat(crmStatus("alan@bletchley-labs.example")).isEqualTo("replied");
    assertThat(
            ledgerRows(
                "SELECT COUNT(*) FROM sandbox_mail WHERE workflow_id = '"
                    + waiting
                    + "'"
                    + " AND to_address NOT LIKE 'role:%'"))
        .as("one follow-up mail before the reply, none after")
        .containsExactly(List.of("1"));
    assertThat(statusByRecord().get("L-2004")).isEqualTo("waiting");

    calendarTimeoutsAreRetriedThenEscalatedAndBookOnceAfterApproval();
  }

  private void calendarTimeoutsAreRetriedThenEscalatedAndBookOnceAfterApproval() throws Exception {
    Cli.Result fault = cli.run("sandbox", "fault", "calendar.book", "--timeout-rate", "1");
    assertThat(fault.exit()).as(fault.err()).isZero();
    waitOutFaultCache();
    Path lead = home.resolve("hot-lead.jsonl");
    Files.writeString(
        lead,
        "{\"id\": \"L-2100\", \"email\": \"ops@fast-movers.example\", \"company\": \"Fast Movers\","
            + " \"message\": \"Budget is approved, please have sales call me about pricing for 80"
            + " seats this week.\"}\n");
    assertThat(cli.run("run", "lead-followup", "--input", lead.toString()).exit()).isZero();
    String workflowId = "lead-followup/L-2100";

    JsonNode review =
        Await.until(
            "the booking to be escalated to sales after its retries",
            Duration.ofSeconds(60),
            () -> cli.run("status", workflowId, "--json").json(),
            s -> s.path("pendingApproval").path("stepId").asText().equals("book:review"));
    assertThat(review.path("pendingApproval").path("role").asText()).isEqualTo("sales");
    assertThat(review.path("errors").toString()).contains("ConnectorTimeout");
    assertThat(
            ledgerRows("SELECT * FROM sandbox_bookings WHERE workflow_id = '" + workflowId + "'"))
        .as("a timed-out call books nothing")
        .isEmpty();

    assertThat(cli.run("sandbox", "clear", "calendar.book").exit()).isZero();
    waitOutFaultCache();
    Cli.Result approved = cli.run("approve", workflowId, "--as", "sam", "--comment", "calendar ok");
    assertThat(approved.exit()).as(approved.err()).isZero();
    Await.until(
        "the approved retry to book",
        Duration.ofSeconds(30),
        () -> cli.run("status", workflowId, "--json").json(),
        s -> s.path("status").asText().equals("completed"));
    assertThat(
            ledgerRows(
                "SELECT status FROM sandbox_bookings WHERE workflow_id = '" + workflowId + "'"))
        .containsExactly(List.of("booked"));
  }

  private static String crmStatus(String email) throws Exception {
    List<List<String>> rows =
        ledgerRows("SELECT status FROM sandbox_crm_leads WHERE email = '" + email + "'");
    assertThat(rows).as("the CRM's lead %s", email).hasSize(1);
    return rows.get(0).get(0);
  }
}
