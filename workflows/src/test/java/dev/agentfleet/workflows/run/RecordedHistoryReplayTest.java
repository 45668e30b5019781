package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.audit.AuditAnchorWorkflowImpl;
import dev.agentfleet.workflows.batch.BatchWorkflowImpl;
import dev.agentfleet.workflows.definition.TrustedDefinitions;
import dev.agentfleet.workflows.playbook.CachedDefinitionChecks;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded histories of {@link AgentWorkflow}, of batches ({@link BatchWorkflowImpl}) and
 * of the audit anchor ({@link AuditAnchorWorkflowImpl}) against the current code. A change that
 * would break runs already in flight (a new activity call, a reordered step, a changed timer) fails
 * here instead of in production; guard such changes with {@code Workflow.getVersion}.
 */
class RecordedHistoryReplayTest {

  private static final Path HISTORIES = Path.of("src", "test", "resources", "histories");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(all).as("recorded histories in %s", HISTORIES).isNotEmpty();
      return all;
    }
  }

  @BeforeAll
  static void warmUp() {
    // Class loading on a cold, loaded machine can exceed the replayer's 1 s deadlock detector.
    WarmUp.run();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recorded_history_replays_against_current_code(Path history) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      // registered as the fleet's worker registers them: runs that name their definition by hash
      // read it from the shipped agents
      Worker worker = env.newWorker(TaskQueues.AGENTS);
      worker.registerWorkflowImplementationTypes(
          BatchWorkflowImpl.class, AuditAnchorWorkflowImpl.class);
      worker.registerWorkflowImplementationFactory(
          AgentWorkflow.class, () -> new AgentWorkflowImpl(SHIPPED));
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
    }
  }

  /** Every playbook shipped in agents/, trusted as a worker deployed with them trusts them. */
  private static final TrustedDefinitions SHIPPED = shipped();

  private static TrustedDefinitions shipped() {
    FakeDefinitionSource source = new FakeDefinitionSource();
    for (String name : List.of("support-triage", "content-ops", "lead-followup", "bank-support")) {
      source.trust(ShippedAgents.load(name));
    }
    return new TrustedDefinitions(List.of(source), false, new CachedDefinitionChecks(16));
  }
}
