package dev.agentfleet.workflows.run;

import static dev.agentfleet.workflows.run.WorkflowTestHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.agentfleet.workflows.playbook.CachedDefinitionChecks;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decision-quality meters as a run emits them through the SDK's metrics scope into Micrometer:
 * the worker's Prometheus endpoint shows exactly these, and the acceptance, edit and rollback rates
 * on the dashboard are ratios of them.
 */
class DecisionMetricsTest {

  private static final Playbook PLAYBOOK =
      PlaybookParser.parse(
          """
          name: decisions
          input:
            - {name: id, type: string, required: true}
            - {name: from, type: string, required: true}
            - {name: subject, type: string, required: true}
            - {name: body, type: string, required: true}
          steps:
            - id: extract
              kind: model
              tier: small
              task: extract
              prompt: "{{input.body}}"
              output: {type: object, required: [amount], properties: {amount: {type: number}}}
              next: approve
            - id: approve
              kind: approval
              role: billing
              summary: "Refund {{steps.extract.amount}}"
              show: [extract]
              deadline: PT1H
              edit:
                step: extract
                schema: {type: object, properties: {amount: {type: number, minimum: 0}}}
              onApprove: refund
              onReject: declined
            - id: refund
              kind: action
              connector: payments
              operation: refund
              params: {amount: "{{steps.extract.amount}}", currency: USD}
              compensate:
                connector: payments
                operation: reverse-refund
                params: {refundId: "{{steps.refund.id}}"}
              next: confirm
            - id: confirm
              kind: action
              connector: mailer
              operation: send
              params: {to: "{{input.from}}", body: "refunded"}
              onFailure: {retry: {maxAttempts: 1}, then: compensate}
              next: done
            - {id: done, kind: end, status: completed, reason: refunded}
            - {id: declined, kind: end, status: rejected, reason: declined}
          """,
          "decisions.yaml");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Scope scope =
      new RootScopeBuilder()
          .reporter(new MicrometerClientStatsReporter(registry))
          .reportEvery(com.uber.m3.util.Duration.ofMillis(10));
  private final TestWorkflowEnvironment env =
      TestWorkflowEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setMetricsScope(scope).build());
  private final FakeModelActivities model = new FakeModelActivities();
  private final FakeActionActivities actions = new FakeActionActivities();
  private final FakeApprovalActivities approvals = new FakeApprovalActivities();

  DecisionMetricsTest() {
    FleetSearchAttributes.ALL.forEach(
        (name, type) ->
            env.registerSearchAttribute(
                name,
                switch (type) {
                  case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
                  case "Double" -> IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE;
                  default -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
                }));
    Worker worker = env.newWorker(TaskQueues.AGENTS);
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        model,
        actions,
        new FakeAuditActivities(),
        approvals,
        new FakeMemoryActivities(),
        new ScriptedAgentActivities(),
        new CachedDefinitionChecks(16),
        new dev.agentfleet.workflows.definition.TrustedDefinitions(
            List.of(), true, new CachedDefinitionChecks(16)),
        new FixedRates());
    for (String queue : List.of(TaskQueues.MODEL_SMALL, TaskQueues.MODEL_LARGE)) {
      env.newWorker(queue).registerActivitiesImplementations(model);
    }
    env.start();
  }

  @AfterEach
  void close() throws Exception {
    env.close();
    scope.close();
  }

  @Test
  void counts_approvals_edits_rejections_rollbacks_and_the_time_each_decision_took() {
    // given three refunds waiting for a billing approver, and a mail server that is down, so a
    // refund that goes ahead is rolled back when its confirmation fails
    model.answer("extract", Map.of("amount", 120));
    actions.failAlways("send");
    AgentWorkflow approved = start("Q-1");
    AgentWorkflow edited = start("Q-2");
    AgentWorkflow rejected = start("Q-3");
    for (AgentWorkflow run : List.of(approved, edited, rejected)) {
      awaitState(run, s -> s.pendingApproval() != null);
    }

    // when a person decides each one half an hour later: as proposed, edited, rejected
    env.sleep(Duration.ofMinutes(30));
    approved.decide(signed(approved, "approve"));
    RunState waiting = awaitState(edited, s -> s.pendingApproval() != null);
    edited.decide(
        approvals.signEdit(
            waiting.workflowId(),
            waiting.pendingApproval(),
            "carol",
            List.of("billing"),
            Map.of("amount", 80)));
    rejected.decide(signed(rejected, "reject"));

    // then the runs end as the decisions say
    assertThat(result(approved).status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(result(edited).status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(result(rejected).status()).isEqualTo(RunStatus.REJECTED);

    // and the meters say one of each decision, two compensations, and half an hour to decide
    for (String decision : List.of("approved", "edited", "rejected")) {
      awaitCount(meters("fleet_approval_decisions").tag("decision", decision), 1);
    }
    awaitCount(meters("fleet_approval_decisions").tags("agent", "decisions", "role", "billing"), 3);
    Timer toDecision = meters("fleet_approval_decision_latency").timer();
    assertThat(toDecision).isNotNull();
    assertThat(meters("fleet_approval_decision_latency").timers())
        .allSatisfy(
            t -> {
              assertThat(t.count()).isEqualTo(1);
              assertThat(t.totalTime(TimeUnit.MINUTES)).isBetween(30.0, 31.0);
            });
    awaitCount(meters("fleet_rollbacks").tag("outcome", "ok"), 2);
    awaitCount(meters("fleet_runs_completed").tag("status", "rolled-back"), 2);
    awaitCount(meters("fleet_runs_completed").tag("status", "rejected"), 1);

    // and the step latency histogram has every step, labelled by kind and outcome
    assertThat(meters("fleet_step_latency").tags("kind", "approval").timers())
        .extracting(t -> t.getId().getTag("outcome"))
        .containsExactlyInAnyOrder("approved", "edited", "rejected");
    assertThat(meters("fleet_step_latency").tags("kind", "approval", "outcome", "approved").timer())
        .satisfies(t -> assertThat(t.totalTime(TimeUnit.MINUTES)).isBetween(30.0, 31.0));
    assertThat(meters("fleet_step_latency").tags("kind", "model").timer().count()).isEqualTo(3);

    // and no label names a run, a record, a person or an input
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue())
            .as("%s{%s}", meter.getId().getName(), tag.getKey())
            .doesNotContain("Q-")
            .doesNotContain("carol")
            .doesNotContain("alice")
            .doesNotContain("example.com");
      }
    }
  }

  private AgentWorkflow start(String recordId) {
    AgentWorkflow stub =
        env.getWorkflowClient()
            .newWorkflowStub(
                AgentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.forRecord(PLAYBOOK.definition().name(), recordId))
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkItem item =
        new WorkItem(
            recordId,
            Map.of(
                "id",
                recordId,
                "from",
                "customer@example.com",
                "subject",
                "Refund " + recordId,
                "body",
                "Please refund my order."));
    WorkflowClient.start(
        stub::run, new AgentRunInput(PLAYBOOK.definition(), PLAYBOOK.hash(), item));
    return stub;
  }

  private dev.agentfleet.workflows.approval.ApprovalDecision signed(
      AgentWorkflow run, String verdict) {
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    return approvals.sign(
        waiting.workflowId(),
        waiting.pendingApproval(),
        verdict,
        "alice",
        List.of("billing"),
        "checked");
  }

  private static RunState result(AgentWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(RunState.class);
  }

  private Search meters(String name) {
    return registry.find(name);
  }

  /**
   * Counters reach Micrometer on the scope's next report (every 10 ms here): waits for the expected
   * value within a deadline, then checks it.
   */
  private static void awaitCount(Search search, double expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count(search) != expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertThat(count(search)).as("counter %s", search).isEqualTo(expected);
  }

  private static double count(Search search) {
    return search.counters().stream().mapToDouble(Counter::count).sum();
  }
}
