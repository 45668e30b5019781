package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.run.CostAccount;
import dev.agentfleet.workflows.run.Decision;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet status} in text: the record's own words, the proposal, and why the run is here. */
class StatusCommandTest {

  private static RunState waiting() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("id", "T-77");
    input.put("subject", "App crashes\u001b[31m");
    input.put("body", "line\n".repeat(20));
    Map<String, Object> proposal = new LinkedHashMap<>();
    proposal.put("classify", Map.of("category", "technical"));
    proposal.put("draft_reply", Map.of("reply", "Hello Tom,\nreinstalling fixes it.\nRegards"));
    ApprovalRequest request =
        new ApprovalRequest(
            "support_approval",
            "support",
            null,
            "Reply to Tom",
            proposal,
            0.55,
            List.of(),
            0.001,
            1,
            2,
            List.of(),
            Map.of("type", "object"));
    return new RunState(
        "support-triage/T-77",
        "support-triage",
        "hash",
        "T-77",
        "App crashes",
        RunStatus.WAITING_APPROVAL,
        "support_approval",
        "technical",
        0.55,
        Map.of(),
        List.of(),
        List.of(
            new Decision(
                "reply_gate",
                "otherwise",
                null,
                "support_approval",
                1,
                Map.of("steps.classify.confidence", 0.55))),
        List.of(),
        request,
        List.of(),
        List.of(),
        List.of(),
        CostAccount.ZERO,
        null,
        null,
        List.of(),
        List.of(),
        input);
  }

  private static String print(RunState state, boolean full) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StatusCommand.print(state, new PrintStream(bytes, true, StandardCharsets.UTF_8), full);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shows_the_record_the_proposal_and_what_the_routing_rule_saw() {
    String text = print(waiting(), false);

    assertThat(text).contains("Record\n").contains("  subject    App crashes\\u001b[31m");
    assertThat(text).doesNotContain("\u001b");
    assertThat(text).contains("  … (100 characters in 20 lines; --full shows all)");
    assertThat(text)
        .contains("  proposal")
        .contains(
            "    draft_reply\n      reply\n        Hello Tom,\n        reinstalling fixes it.");
    assertThat(text).contains("steps.classify.confidence=0.55");
    assertThat(text).contains("--set-file FIELD=PATH");
  }

  @Test
  void full_prints_long_texts_whole() {
    String text = print(waiting(), true);
    assertThat(text.split("\n", -1)).filteredOn(l -> l.equals("    line")).hasSize(20);
  }

  @Test
  void approve_set_file_reads_the_edited_reply_as_utf8_text(@TempDir Path dir) throws Exception {
    Path reply = Files.writeString(dir.resolve("reply.txt"), "Grüße,\r\nthe team\r\n");
    ApproveCommand approve = new ApproveCommand(null);
    approve.fileEdits.add("reply=" + reply);

    assertThat(approve.decision()).isEqualTo("edit");
    assertThat(approve.values()).containsExactly(Map.entry("reply", "Grüße,\nthe team"));
  }
}
