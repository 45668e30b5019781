package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.AdminTestServer.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.approval.ApprovalKeys;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.ApprovalRecord;
import dev.agentfleet.workflows.run.CostAccount;
import dev.agentfleet.workflows.run.Decision;
import dev.agentfleet.workflows.run.RunError;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approver's full picture over real HTTP: the record's own text (escaped, long text folded),
 * what the model extracted, the rules that routed the run with the values they saw, and the drafted
 * reply in a text area whose correction is sent as a signed edit.
 */
class ApproverPictureTest {

  static final String ID = "support-triage/T-77";
  static final String PATH = "/runs/support-triage%2FT-77";
  static final String DRAFT = "Thanks for writing! Reinstalling the app should fix the crash.";

  private AdminTestServer admin;

  @BeforeEach
  void start() throws Exception {
    admin = new AdminTestServer();
    admin.runs.put(waitingForSupport());
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  /** A ticket waiting for support with a drafted reply the approver may edit. */
  static RunState waitingForSupport() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("id", "T-77");
    input.put("from", "tom@example.co.uk");
    input.put("subject", "App crashes <b>on startup</b>");
    input.put("body", "Since the update the app crashes.\n" + "It says: <script>x()</script>\n");
    input.put("log", "line of a long crash log\n".repeat(60));
    Map<String, Object> classify = Map.of("category", "technical", "confidence", 0.55);
    Map<String, Object> draft = Map.of("reply", DRAFT, "tone", "friendly");
    Map<String, Object> proposal = new LinkedHashMap<>();
    proposal.put("classify", classify);
    proposal.put("draft_reply", draft);
    Map<String, Object> editable =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("reply", Map.of("type", "string", "minLength", 20, "maxLength", 4000)));
    ApprovalRequest request =
        new ApprovalRequest(
            "support_approval",
            "support",
            null,
            "Reply to tom@example.co.uk about the crash",
            proposal,
            0.55,
            List.of(),
            0.001,
            T0,
            T0 + 86_400_000L,
            List.of(),
            editable);
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("steps.classify.confidence", 0.55);
    List<Decision> decisions =
        List.of(
            new Decision(
                "triage",
                "otherwise",
                null,
                "draft_reply",
                T0 - 2000,
                Map.of("steps.classify.category", "technical")),
            new Decision("reply_gate", "otherwise", null, "support_approval", T0 - 1000, seen));
    Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    outputs.put("classify", classify);
    outputs.put("draft_reply", draft);
    return new RunState(
        ID,
        "support-triage",
        "hash",
        "T-77",
        "App crashes",
        RunStatus.WAITING_APPROVAL,
        "support_approval",
        "technical",
        0.55,
        outputs,
        List.of(),
        decisions,
        List.of(
            new ApprovalRecord(
                "support_approval", "support", "pending", null, null, T0, T0 + 1, 0, false)),
        request,
        List.of(),
        List.of(),
        List.of(),
        new CostAccount(2, 100, 50, 0.001, 0, 30),
        null,
        null,
        List.of(),
        List.of(),
        input);
  }

  @Test
  void the_queue_card_shows_the_records_text_escaped_and_long_text_folded() throws Exception {
    String queue = admin.signedIn("bob").get("/").body();

    assertThat(queue)
        .contains("App crashes &lt;b&gt;on startup&lt;/b&gt;")
        .contains("It says: &lt;script&gt;x()&lt;/script&gt;")
        .doesNotContain("<script>")
        .doesNotContain("<b>on startup");
    assertThat(queue).contains("<details class=\"fold\">").contains("1500 characters, show all");
  }

  @Test
  void the_card_shows_the_extracted_fields_and_the_rules_with_the_values_they_saw()
      throws Exception {
    String queue = admin.signedIn("bob").get("/").body();

    assertThat(queue).contains("What the model found").contains("technical").contains("friendly");
    assertThat(queue)
        .contains("Why it is here")
        .contains("<strong>reply_gate</strong>: no rule held")
        .contains("steps.classify.confidence = 0.55")
        .contains("steps.classify.category = technical");
    assertThat(queue).doesNotContain("class=\"json\"");
  }

  @Test
  void a_run_that_fell_back_to_a_person_says_which_step_failed_and_how() {
    String html =
        ApproverPicture.why(
            List.of(),
            List.of(
                new RunError("extract", "ContractViolation", "amount <b>must</b> be a number", 1)));

    assertThat(html)
        .contains("<strong>extract</strong>: failed with <code>ContractViolation</code>")
        .contains("amount &lt;b&gt;must&lt;/b&gt; be a number");
  }

  @Test
  void the_drafted_reply_is_an_editable_text_area_shown_once() throws Exception {
    String page = admin.signedIn("bob").get(PATH).body();

    assertThat(page)
        .contains("The proposed reply")
        .contains("<textarea class=\"draft\" rows=\"10\" maxlength=\"20000\" name=\"value.reply\">")
        .contains(DRAFT + "</textarea>");
    assertThat(page.split(java.util.regex.Pattern.quote(DRAFT), -1)).hasSize(2);
  }

  @Test
  void a_corrected_reply_is_sent_as_a_signed_edit_and_counted_as_edited() throws Exception {
    AdminHttp bob = admin.signedIn("bob");
    String corrected = "Sorry about that!\r\nVersion 2.4.1 fixes the crash on startup.";

    HttpResponse<String> posted =
        bob.postForm(
            PATH + "/decision",
            Map.of(
                "csrf",
                bob.csrf(),
                "decision",
                "edit",
                "value.reply",
                corrected,
                "stepId",
                "support_approval",
                "requestedAt",
                Long.toString(T0)));

    assertThat(posted.statusCode()).isEqualTo(303);
    assertThat(admin.runs.sent).hasSize(1);
    ApprovalDecision sent = admin.runs.sent.get(0).decision();
    assertThat(sent.decision()).isEqualTo(ApprovalDecision.EDIT);
    assertThat(sent.values())
        .containsExactly(
            Map.entry("reply", "Sorry about that!\nVersion 2.4.1 fixes the crash on startup."));
    assertThat(
            ApprovalKeys.verify(
                admin.keys.getPublic(),
                sent.statementFor(ID, "support_approval", T0),
                sent.signature()))
        .isTrue();
    String after = bob.get(PATH).body();
    assertThat(after).contains("approved with edits " + ID + " as bob");
    assertThat(after).contains("<td>edited</td>");
  }

  @Test
  void an_unchanged_draft_posted_as_an_edit_is_not_sent() throws Exception {
    AdminHttp bob = admin.signedIn("bob");

    bob.postForm(
        PATH + "/decision",
        Map.of("csrf", bob.csrf(), "decision", "edit", "value.reply", DRAFT + "\r\n"));

    assertThat(admin.runs.sent).isEmpty();
    assertThat(bob.get(PATH).body()).contains("nothing in the proposal was changed");
  }

  @Test
  void the_run_api_carries_the_record_and_the_values_the_rules_saw() throws Exception {
    JsonNode run =
        new ObjectMapper()
            .readTree(admin.signedIn("bob").get("/api/runs/" + "support-triage%2FT-77").body());

    assertThat(run.path("input").path("from").asText()).isEqualTo("tom@example.co.uk");
    assertThat(
            run.path("decisions").get(1).path("seen").path("steps.classify.confidence").asDouble())
        .isEqualTo(0.55);
    JsonNode pending =
        new ObjectMapper().readTree(admin.signedIn("bob").get("/api/pending").body()).path("items");
    assertThat(pending.get(0).path("input").path("subject").asText())
        .isEqualTo("App crashes <b>on startup</b>");
  }
}
