package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A messy input file: malformed lines, wrong types, blank lines, a duplicate id, non-Latin scripts,
 * emoji, an empty body, a body of several MB and a prompt injection asking for a large refund.
 * Every valid record becomes one run (the several-MB body too: it travels by reference through the
 * blob store), every bad line one rejection with its number, and no refund above the limit happens
 * without a person.
 */
class MessyInputIT extends FleetItBase {

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("messy");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void messy_file_gives_one_run_per_valid_record_and_one_rejection_per_bad_line() throws Exception {
    Cli.Result result =
        cli.run(
            "run",
            "support-triage",
            "--input",
            example("messy-tickets.jsonl").toString(),
            "--json");

    assertThat(result.exit()).isEqualTo(3);
    JsonNode json = result.json();
    List<String> started = new ArrayList<>();
    json.path("started").forEach(s -> started.add(s.path("recordId").asText()));
    assertThat(started).containsExactlyInAnyOrder("M-1", "M-5", "M-6", "M-7", "M-8", "M-9", "M-10");
    List<Integer> lines = new ArrayList<>();
    json.path("rejected").forEach(r -> lines.add(r.path("line").asInt()));
    assertThat(lines).as("line 12, a 4.6 MB body, is accepted").containsExactly(2, 5, 6, 7, 14, 15);
    json.path("rejected").forEach(r -> assertThat(r.path("error").asText()).isNotBlank());
    assertThat(json.path("duplicates"))
        .singleElement()
        .satisfies(d -> assertThat(d.path("recordId").asText()).isEqualTo("M-1"));

    awaitSettled(7, Duration.ofMinutes(3));
    JsonNode big =
        cli.run("status", WorkflowIds.forRecord("support-triage", "M-8"), "--json").json();
    assertThat(big.path("category").asText())
        .as("the several-MB ticket was classified")
        .isNotBlank();
    assertThat(big.path("errors")).isEmpty();
    JsonNode injection =
        cli.run("status", WorkflowIds.forRecord("support-triage", "M-9"), "--json").json();
    assertThat(injection.path("status").asText()).isEqualTo("waiting-approval");
    assertThat(injection.path("actions")).isEmpty();
    DemoEndToEndIT.assertNoRefundAboveLimitWithoutHuman();
    assertThat(ledgerRows("SELECT amount FROM sandbox_payments WHERE amount > 50")).isEmpty();
  }
}
