package dev.agentfleet.starter.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.run.RunStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import org.junit.jupiter.api.Test;

class RunListerTest {

  @Test
  void builds_the_visibility_query_from_the_filters() {
    assertThat(RunLister.query(null, null)).isEqualTo("WorkflowType = 'AgentRun'");
    assertThat(RunLister.query("support-triage", RunStatus.WAITING_APPROVAL))
        .isEqualTo(
            "WorkflowType = 'AgentRun' AND FleetAgent = 'support-triage'"
                + " AND FleetStatus = 'waiting-approval'");
  }

  @Test
  void lists_a_reset_or_continued_run_once_by_its_latest_execution() {
    record Execution(String workflowId, String runId) {}
    // given visibility's newest-first listing, where a reset run and a run that continued as new
    // each have an older execution under the same workflow id
    var newestFirst =
        java.util.stream.Stream.of(
            new Execution("support-triage/T-2", "reset-run"),
            new Execution("support-triage/T-1", "continued"),
            new Execution("support-triage/T-2", "original"),
            new Execution("support-triage/T-1", "first"),
            new Execution("support-triage/T-3", "only"));
    // then each run appears once, as its latest execution, and the limit counts runs
    assertThat(RunLister.latestPerWorkflow(newestFirst, Execution::workflowId, 10))
        .extracting(Execution::runId)
        .containsExactly("reset-run", "continued", "only");
    assertThat(
            RunLister.latestPerWorkflow(
                java.util.stream.Stream.of(
                    new Execution("a", "2"), new Execution("a", "1"), new Execution("b", "1")),
                Execution::workflowId,
                2))
        .extracting(Execution::runId)
        .containsExactly("2", "1");
  }

  @Test
  void refuses_an_agent_name_that_could_change_the_query() {
    assertThatThrownBy(() -> RunLister.query("x' OR 'a' = 'a", null))
        .isInstanceOf(FleetException.class)
        .extracting(e -> ((FleetException) e).exitCode())
        .isEqualTo(2);
  }

  @Test
  void shows_how_temporal_ended_a_run_the_workflow_could_not_record() {
    assertThat(
            RunLister.status(
                "running", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED))
        .isEqualTo("terminated");
    assertThat(
            RunLister.status(
                "running", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT))
        .isEqualTo("timed-out");
    assertThat(
            RunLister.status(
                "completed", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED))
        .isEqualTo("completed");
    assertThat(RunLister.status("failed", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED))
        .isEqualTo("failed");
    assertThat(
            RunLister.status(
                "waiting-approval", WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING))
        .isEqualTo("waiting-approval");
  }
}
