package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.starter.cli.DlqCommand.DeadLetteredRun;
import dev.agentfleet.workflows.run.DeadLetter;
import dev.agentfleet.workflows.run.DeadLetterAction;
import dev.agentfleet.workflows.run.RunEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet dlq} and {@code fleet signal} without a server: arguments, what they would send, and
 * how the dead-letter list reads. Listing and sending against a real server are tested in the it
 * module.
 */
class DlqAndSignalCommandTest {

  @TempDir Path repo;

  private CliHarness cli;

  @BeforeEach
  void noServer() throws IOException {
    cli = new CliHarness(repo);
    cli.env.remove("USER");
  }

  private FleetContext context(Map<String, String> env) {
    return new FleetContext(
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        env,
        false);
  }

  @Test
  void dlq_answers_need_a_workflow_id_and_only_know_retry_skip_and_abort() {
    assertThat(cli.fleet("dlq", "retry")).isEqualTo(2);
    assertThat(cli.stderr()).contains("WORKFLOW_ID").contains("--all");

    assertThat(cli.fleet("dlq", "retry", "agent/T-1", "--all", "--operator", "bob")).isEqualTo(2);
    assertThat(cli.stderr()).contains("WORKFLOW_ID").contains("--all");

    assertThat(cli.fleet("dlq", "retry", "agent/T-1", "--step", "sync", "--operator", "bob"))
        .isEqualTo(2);
    assertThat(cli.stderr()).contains("--agent and --step narrow --all only");

    assertThat(cli.fleet("dlq", "replay", "agent/T-1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("Unmatched argument");
  }

  @Test
  void a_dlq_answer_without_an_operator_is_refused_before_anything_is_sent() {
    assertThat(cli.fleet("dlq", "skip", "agent/T-1")).isEqualTo(2);

    assertThat(cli.stderr())
        .isEqualTo("error: say who answers: --operator NAME (USER is not set)\n")
        .doesNotContain("Temporal");
  }

  @Test
  void a_dlq_answer_carries_action_operator_and_reason() {
    DlqActionCommand retry = new DlqActionCommand.Retry(context(Map.of("USER", "alice")));
    retry.workflowId = "support-triage/T-1";
    retry.reason = "  the payments API is back ";

    assertThat(retry.signal())
        .isEqualTo(new DeadLetterAction("retry", "alice", "the payments API is back"));

    DlqActionCommand abort = new DlqActionCommand.Abort(context(Map.of("USER", "alice")));
    abort.workflowId = "support-triage/T-2";
    abort.operator = "bob";
    assertThat(abort.signal()).isEqualTo(new DeadLetterAction("abort", "bob", null));

    DlqActionCommand retryAll = new DlqActionCommand.Retry(context(Map.of("USER", "carol")));
    retryAll.all = true;
    retryAll.agent = "lead-followup";
    retryAll.step = "sync_crm";
    assertThat(retryAll.signal()).isEqualTo(new DeadLetterAction("retry", "carol", null));
  }

  @Test
  void dlq_without_a_server_is_one_line_that_says_run_fleet_up() {
    assertThat(cli.fleet("dlq", "--json")).isEqualTo(1);
    assertThat(cli.stdout()).isEmpty();
    assertThat(cli.stderr()).startsWith("error: cannot reach Temporal at").endsWith("up\n");

    assertThat(cli.fleet("dlq", "abort", "agent/T-1", "--operator", "bob")).isEqualTo(1);
    assertThat(cli.stderr()).startsWith("error: cannot reach Temporal at");

    assertThat(cli.fleet("dlq", "retry", "--all", "--operator", "bob")).isEqualTo(1);
    assertThat(cli.stderr()).startsWith("error: cannot reach Temporal at");
  }

  @Test
  void a_dead_lettered_run_reads_as_step_error_and_since_when() {
    DeadLetteredRun run =
        DlqCommand.row(
            "support-triage/T-1",
            "support-triage",
            new DeadLetter("refund", "ConnectorUnavailable", "payments: 503", 1_767_323_045_000L));

    assertThat(run)
        .isEqualTo(
            new DeadLetteredRun(
                "support-triage/T-1",
                "support-triage",
                "refund",
                "ConnectorUnavailable",
                "payments: 503",
                "2026-01-02T03:04:05Z"));

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DlqCommand.print(
        List.of(run),
        new PrintStream(text, true, StandardCharsets.UTF_8),
        Instant.parse("2026-01-02T06:04:05Z"));

    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("WORKFLOW ID         AGENT           STEP    ERROR")
        .contains(
            "support-triage/T-1  support-triage  refund  ConnectorUnavailable: payments: 503 "
                + " 2026-01-02T03:04:05Z (3 h ago)")
        .contains("./fleet dlq retry WORKFLOW_ID");
  }

  @Test
  void an_empty_dead_letter_queue_says_so() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DlqCommand.print(List.of(), new PrintStream(text, true, StandardCharsets.UTF_8), Instant.EPOCH);

    assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("no run is dead-lettered\n");
  }

  @Test
  void a_run_that_moved_on_while_listed_is_shown_without_a_step() {
    assertThat(DlqCommand.row("a/1", "a", null).message())
        .isEqualTo("no longer dead-lettered (answered just now?)");
  }

  @Test
  void signal_sends_name_data_and_sender() {
    SignalCommand signal = new SignalCommand(context(Map.of("USER", "carol")));
    signal.workflowId = "support-triage/T-1";
    signal.name = "replied";
    signal.data = "{\"text\": \"thanks\", \"rating\": 5}";

    RunEvent event = signal.event();

    assertThat(event.name()).isEqualTo("replied");
    assertThat(event.sender()).isEqualTo("carol");
    assertThat(event.data()).containsEntry("text", "thanks").containsEntry("rating", 5);
  }

  @Test
  void signal_data_must_be_a_json_object_and_the_name_a_plain_word() {
    assertThat(cli.fleet("signal", "agent/T-1", "replied", "--data", "[1, 2]")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--data must be a JSON object").contains("got [1, 2]");

    assertThat(cli.fleet("signal", "agent/T-1", "replied", "--data", "{oops")).isEqualTo(2);
    assertThat(cli.stderr()).startsWith("error: --data is not JSON:");

    assertThat(cli.fleet("signal", "agent/T-1", "re plied")).isEqualTo(2);
    assertThat(cli.stderr()).contains("'re plied' is not an event name");

    assertThat(cli.fleet("signal", "agent/T-1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("NAME");
  }

  @Test
  void a_signal_without_sender_or_user_comes_from_the_cli_and_without_data_carries_none() {
    SignalCommand signal = new SignalCommand(context(Map.of()));
    signal.workflowId = "a/1";
    signal.name = "replied";

    assertThat(signal.event().sender()).isEqualTo("fleet-cli");
    assertThat(signal.event().data()).isEmpty();
    assertThatThrownBy(() -> SignalCommand.data("\"text\""))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.exitCode()).isEqualTo(FleetCommand.USAGE));
  }

  @Test
  void a_signal_without_a_server_is_one_line_that_says_run_fleet_up() {
    assertThat(cli.fleet("signal", "agent/T-1", "replied", "--sender", "crm")).isEqualTo(1);
    assertThat(cli.stderr()).startsWith("error: cannot reach Temporal at");
  }
}
