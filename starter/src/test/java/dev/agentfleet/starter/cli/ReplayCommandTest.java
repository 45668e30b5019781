package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet replay --file}: a recorded history replays, a tampered one names the divergence. */
class ReplayCommandTest {

  private static final Path HISTORY =
      Path.of("..", "workflows", "src", "test", "resources", "histories")
          .resolve("devserver-support-triage-auto-refund.json");

  @TempDir Path repo;

  @Test
  void recorded_history_replays_cleanly() throws Exception {
    CliHarness cli = new CliHarness(repo);

    int code = cli.fleet("replay", "--file", HISTORY.toString());

    assertThat(code).as(cli.stderr() + cli.stdout()).isZero();
    assertThat(cli.stdout()).contains("(AgentRun) replays cleanly: 44 events");
  }

  @Test
  void tampered_history_fails_with_the_first_divergence() throws Exception {
    // given the same history, where the action step's activity had another type
    ObjectMapper json = new ObjectMapper();
    Path tampered = tampered(json);
    CliHarness cli = new CliHarness(repo);

    // when it is replayed
    int code = cli.fleet("replay", "--file", tampered.toString());

    // then the replay fails and says where and what differs
    assertThat(code).isEqualTo(1);
    assertThat(cli.stdout())
        .contains("does not replay")
        .contains("event 23")
        .contains("expected value 'name: \"ActionExecute\"")
        .contains("actual value 'name: \"PaymentsRefundV2\"")
        .doesNotContain("WorkflowStateMachines");
  }

  @Test
  void json_says_the_verdict_and_the_divergence() throws Exception {
    ObjectMapper json = new ObjectMapper();
    CliHarness cli = new CliHarness(repo);

    assertThat(cli.fleet("replay", "--file", HISTORY.toString(), "--json")).isZero();
    JsonNode clean = json.readTree(cli.stdout());
    assertThat(clean.path("workflowType").asText()).isEqualTo("AgentRun");
    assertThat(clean.path("events").asInt()).isEqualTo(44);
    assertThat(clean.path("clean").asBoolean()).isTrue();
    assertThat(clean.path("divergence").isNull()).isTrue();

    Path tampered = tampered(json);
    assertThat(cli.fleet("replay", "--file", tampered.toString(), "--json")).isEqualTo(1);
    JsonNode broken = json.readTree(cli.stdout());
    assertThat(broken.path("clean").asBoolean()).isFalse();
    assertThat(broken.path("divergence").asText()).contains("event 23");
  }

  /** The recorded history where the action step's activity (event 23) had another type. */
  private Path tampered(ObjectMapper json) throws java.io.IOException {
    JsonNode history = json.readTree(HISTORY.toFile());
    for (JsonNode event : history.path("events")) {
      if (event.path("eventId").asText().equals("23")) {
        ((ObjectNode) event.path("activityTaskScheduledEventAttributes").path("activityType"))
            .put("name", "PaymentsRefundV2");
      }
    }
    Path tampered = repo.resolve("tampered.json");
    json.writeValue(tampered.toFile(), history);
    return tampered;
  }

  @Test
  void needs_a_run_or_a_file() throws Exception {
    CliHarness cli = new CliHarness(repo);

    assertThat(cli.fleet("replay")).isEqualTo(2);
    assertThat(cli.stderr()).contains("WORKFLOW_ID").contains("--file");
  }
}
