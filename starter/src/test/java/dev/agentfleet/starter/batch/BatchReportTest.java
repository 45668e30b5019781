package dev.agentfleet.starter.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.batch.BatchProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReportTest {

  static BatchProgress finished() {
    // 300 records: 250 completed, 20 closed, 5 failed, 15 waiting for approval, 10 duplicates;
    // 100 s from start to end
    return new BatchProgress(
        "batch/cheap/0123456789ab",
        "cheap",
        "h1",
        "records.jsonl",
        300,
        0,
        0,
        15,
        0,
        0,
        250,
        0,
        20,
        5,
        0,
        10,
        2,
        3,
        null,
        50,
        1,
        1_000_000L,
        1_100_000L);
  }

  @Test
  void json_report_has_counts_by_outcome_rejected_lines_wall_time_and_rate() throws Exception {
    BatchReport report = BatchReport.of(finished(), List.of(new Rejection(7, "malformed JSON")), 0);

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report));

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "batchId",
            "agent",
            "definitionHash",
            "input",
            "status",
            "records",
            "outcomes",
            "pending",
            "running",
            "duplicates",
            "repeatedIds",
            "rejectedLines",
            "wallSeconds",
            "recordsPerSecond",
            "concurrency",
            "continuations");
    assertThat(json.get("status").asText()).isEqualTo("completed");
    assertThat(json.get("outcomes").get("completed").asInt()).isEqualTo(250);
    assertThat(json.get("outcomes").get("waiting-approval").asInt()).isEqualTo(15);
    assertThat(json.get("outcomes").get("rolled-back").asInt()).isZero();
    assertThat(json.get("rejectedLines").get(0).get("line").asInt()).isEqualTo(7);
    assertThat(json.get("wallSeconds").asDouble()).isEqualTo(100.0);
    assertThat(json.get("recordsPerSecond").asDouble()).isEqualTo(3.0);
  }

  @Test
  void a_running_batch_reports_its_wall_time_up_to_now() {
    BatchProgress p = finished();
    BatchProgress running =
        new BatchProgress(
            p.batchId(),
            p.agent(),
            p.definitionHash(),
            p.source(),
            300,
            100,
            50,
            0,
            0,
            0,
            150,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            50,
            0,
            1_000_000L,
            0);

    BatchReport report = BatchReport.of(running, List.of(), 1_050_000L);

    assertThat(report.status()).isEqualTo("running");
    assertThat(report.wallSeconds()).isEqualTo(50.0);
    assertThat(report.recordsPerSecond()).isEqualTo(3.0);
    assertThat(text(report)).contains("running for 50s · 100 pending · 50 running");
  }

  @Test
  void text_report_lists_outcomes_notes_rejected_lines_and_what_to_do_next() {
    List<Rejection> rejected = new ArrayList<>();
    for (int i = 1; i <= 53; i++) {
      rejected.add(new Rejection(i * 2, "bad line " + i));
    }

    String text = text(BatchReport.of(finished(), rejected, 0));

    assertThat(text)
        .contains("batch/cheap/0123456789ab · cheap over records.jsonl")
        .contains("300 records, done in 1m 40s · 3.0 records/s")
        .containsPattern("completed\\s+250")
        .containsPattern("waiting-approval\\s+15")
        .containsPattern("duplicates\\s+10   runs that existed before: not run again")
        .containsPattern("rejected lines\\s+53")
        .contains("  line 2: bad line 1")
        .contains("  line 100: bad line 50")
        .doesNotContain("line 102:")
        .contains("… and 3 more (--json lists all)")
        .contains("./fleet pending")
        .contains("./fleet runs --agent cheap --status failed")
        .doesNotContain("./fleet dlq");
  }

  private static String text(BatchReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
