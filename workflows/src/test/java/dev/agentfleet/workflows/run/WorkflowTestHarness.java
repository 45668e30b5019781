package dev.agentfleet.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.approval.ApprovalDecision;
import dev.agentfleet.workflows.definition.DefinitionLibrary;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.definition.TrustedDefinitions;
import dev.agentfleet.workflows.playbook.CachedDefinitionChecks;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Starts the in-process test server with the fleet's search attributes and fake activities. */
final class WorkflowTestHarness implements AutoCloseable {

  static final Path PLAYBOOK = Path.of("..", "agents", "support-triage.yaml");

  final TestWorkflowEnvironment env;
  final FakeModelActivities model = new FakeModelActivities();
  final FakeActionActivities actions = new FakeActionActivities();
  final FakeAuditActivities audit = new FakeAuditActivities();
  final FakeApprovalActivities approvals = new FakeApprovalActivities();
  final FakeMemoryActivities memory = new FakeMemoryActivities();
  final ScriptedAgentActivities agent = new ScriptedAgentActivities();
  final FakeDefinitionSource definitions = new FakeDefinitionSource();
  final TrustedDefinitions trusted;
  final Playbook playbook;

  /**
   * Runs start with the search attributes of a client that names only the agent, the record and the
   * status, instead of the CLI's (which also name the definition and the first step).
   */
  boolean labelledByAnotherClient;

  /** A harness whose worker also runs definitions sent inline (a development worker). */
  WorkflowTestHarness() {
    this(true);
  }

  /**
   * @param trustLocal whether the worker runs definitions a client sends that it does not hold
   */
  WorkflowTestHarness(boolean trustLocal) {
    this(trustLocal, IdempotencyKeys.DEFAULT_NAMESPACE);
  }

  /**
   * @param trustLocal whether the worker runs definitions a client sends that it does not hold
   * @param namespace the Temporal namespace the runs and the worker are in
   */
  WorkflowTestHarness(boolean trustLocal, String namespace) {
    this(trustLocal, namespace, ModelQueues.OWN);
  }

  /**
   * @param trustLocal whether the worker runs definitions a client sends that it does not hold
   * @param namespace the Temporal namespace the runs and the worker are in
   * @param modelQueues where the worker's runs place their model calls
   */
  WorkflowTestHarness(boolean trustLocal, String namespace, ModelQueues modelQueues) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder().setNamespace(namespace).build())
                .build());
    FleetSearchAttributes.ALL.forEach(
        (name, type) ->
            env.registerSearchAttribute(
                name,
                switch (type) {
                  case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
                  case "Double" -> IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE;
                  default -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
                }));
    trusted =
        new TrustedDefinitions(List.of(definitions), trustLocal, new CachedDefinitionChecks(16));
    model.readingStepsFrom(trusted);
    Worker worker = env.newWorker(TaskQueues.AGENTS);
    // as the fleet's worker registers it: runs read their trusted definition by hash
    worker.registerWorkflowImplementationTypes(FailureProbeImpl.class);
    worker.registerWorkflowImplementationFactory(
        AgentWorkflow.class, () -> new AgentWorkflowImpl(trusted, modelQueues));
    worker.registerActivitiesImplementations(
        model,
        actions,
        audit,
        approvals,
        memory,
        agent,
        new CachedDefinitionChecks(16),
        trusted,
        new FixedRates());
    for (String modelQueue : List.of(TaskQueues.MODEL_SMALL, TaskQueues.MODEL_LARGE)) {
      env.newWorker(modelQueue).registerActivitiesImplementations(model, agent);
    }
    env.start();
    try {
      playbook =
          PlaybookParser.parse(
              Files.readString(PLAYBOOK, StandardCharsets.UTF_8), PLAYBOOK.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Scripts a ticket the model classifies and extracts as given. */
  WorkflowTestHarness ticket(String category, double confidence, Map<String, Object> extracted) {
    model.answer(
        "classify",
        Map.of("category", category, "confidence", confidence, "reasons", List.of("scripted")));
    model.answer("extract", extracted);
    model.answer("draft_reply", Map.of("reply", "Thanks for writing, here is what we will do."));
    return this;
  }

  AgentWorkflow start(String recordId) {
    return start(recordId, playbook);
  }

  /**
   * Starts a support-triage run, by reference to its trusted definition, for a ticket the model
   * reads as a 24.99 USD refund with confidence 0.91 (a small refund: no approval on the way).
   */
  AgentWorkflow smallRefund(String recordId) {
    definitions.trust(playbook);
    ticket("refund", 0.91, usdRefund("A-1", 24.99, "Customer asks about an order."));
    return start(recordId, playbook, true);
  }

  /**
   * Starts a support-triage run for a ticket asking a 649 USD refund for a broken TV, and waits
   * until it waits on its billing approval.
   */
  AgentWorkflow waitingForBilling(String recordId) {
    ticket("refund", 0.97, usdRefund("A-30017", 649.0, "A TV arrived broken."));
    AgentWorkflow run = start(recordId);
    assertThat(awaitWaiting(run).pendingApproval().stepId()).isEqualTo("billing_approval");
    return run;
  }

  /** What the model extracts from a ticket asking a refund in USD, of normal urgency. */
  static Map<String, Object> usdRefund(String orderId, double amount, String summary) {
    Map<String, Object> extracted = new HashMap<>();
    extracted.put("orderId", orderId);
    extracted.put("amount", amount);
    extracted.put("currency", "USD");
    extracted.put("urgency", "normal");
    extracted.put("summary", summary);
    return extracted;
  }

  /**
   * A playbook named {@code name} over the example tickets' fields ({@code id}, {@code from},
   * {@code subject}, {@code body}) with {@code steps}, the YAML of its step list.
   */
  static Playbook ticketPlaybook(String name, String steps) {
    String yaml =
        "name: "
            + name
            + "\ninput:\n"
            + "  - {name: id, type: string, required: true}\n"
            + "  - {name: from, type: string, required: true}\n"
            + "  - {name: subject, type: string, required: true}\n"
            + "  - {name: body, type: string, required: true}\n"
            + "steps:\n"
            + steps.stripIndent().indent(2);
    return PlaybookParser.parse(yaml, name + ".yaml");
  }

  /**
   * Starts a run of another playbook (a variant of the support-triage one, say): by reference to
   * its hash, the worker trusting it, when it was parsed from text; else with the definition
   * inline.
   */
  AgentWorkflow start(String recordId, Playbook playbook) {
    if (playbook.sha256() == null) {
      return start(recordId, playbook, false);
    }
    definitions.trust(playbook);
    return start(recordId, playbook, true);
  }

  /** Starts a run naming the playbook by hash ({@code byReference}), else carrying it inline. */
  AgentWorkflow start(String recordId, Playbook playbook, boolean byReference) {
    String workflowId = WorkflowIds.forRecord(playbook.definition().name(), recordId);
    WorkItem item =
        new WorkItem(
            recordId,
            Map.of(
                "id",
                recordId,
                "from",
                "customer@example.com",
                "subject",
                "Ticket " + recordId,
                "body",
                "Please help with my order."));
    AgentWorkflow stub =
        client()
            .newWorkflowStub(
                AgentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TaskQueues.AGENTS)
                    // as the CLI starts runs: with the search attributes a run starts with
                    .setTypedSearchAttributes(
                        labelledByAnotherClient
                            ? RunLabels.atStart(playbook.definition().name(), item)
                            : RunLabels.atStart(playbook, item))
                    .build());
    WorkflowClient.start(
        stub::run,
        byReference
            ? AgentRunInput.byReference(DefinitionRef.of(playbook), item)
            : new AgentRunInput(playbook.definition(), playbook.hash(), item));
    return stub;
  }

  RunState result(AgentWorkflow stub) {
    return io.temporal.client.WorkflowStub.fromTyped(stub).getResult(RunState.class);
  }

  /** The history of a run, as the server holds it. */
  WorkflowExecutionHistory history(AgentWorkflow run) {
    return client().fetchHistory(WorkflowStub.fromTyped(run).getExecution().getWorkflowId());
  }

  /** The model calls a history scheduled (their {@code ModelComplete} events), in order. */
  static List<ActivityTaskScheduledEventAttributes> modelCalls(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .filter(a -> a.getActivityType().getName().equals("ModelComplete"))
        .toList();
  }

  /** Replays a history on a worker that reads definitions by hash from this harness's sources. */
  void replay(WorkflowExecutionHistory history) throws Exception {
    replay(history, trusted);
  }

  /** Replays a history on a worker registered as the fleet's is, with this definition library. */
  static void replay(WorkflowExecutionHistory history, DefinitionLibrary library) throws Exception {
    try (TestWorkflowEnvironment replayEnv = TestWorkflowEnvironment.newInstance()) {
      Worker worker = replayEnv.newWorker(TaskQueues.AGENTS);
      worker.registerWorkflowImplementationFactory(
          AgentWorkflow.class, () -> new AgentWorkflowImpl(library));
      WorkflowReplayer.replayWorkflowExecution(history, worker);
    }
  }

  /**
   * Writes the run's history to {@code target/recorded-histories/NAME.json}. Copy a file into
   * {@code src/test/resources/histories/} to keep it as a replay guard.
   */
  void exportHistory(AgentWorkflow stub, String name) {
    String workflowId =
        io.temporal.client.WorkflowStub.fromTyped(stub).getExecution().getWorkflowId();
    String json = client().fetchHistory(workflowId).toJson(true);
    try {
      Path dir = Path.of("target", "recorded-histories");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls the state query until it satisfies the condition, or fails after a deadline. */
  static RunState awaitState(AgentWorkflow stub, Predicate<RunState> condition) {
    return awaitState(stub::state, condition);
  }

  /** Polls a state query until it satisfies the condition, or fails after a deadline. */
  static RunState awaitState(Supplier<RunState> query, Predicate<RunState> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    RunState state = query.get();
    while (!condition.test(state)) {
      assertThat(System.nanoTime()).as("state never matched; last: %s", state).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      state = query.get();
    }
    return state;
  }

  static RunState awaitWaiting(AgentWorkflow stub) {
    return awaitState(stub, s -> s.status() == RunStatus.WAITING_APPROVAL);
  }

  /** An unsigned decision, as a raw signal would carry it: the run refuses it. */
  static ApprovalDecision decision(String verdict, String approver, String... roles) {
    return new ApprovalDecision(null, verdict, approver, List.of(roles), "checked");
  }

  /**
   * A decision signed as the CLI signs it, for the request the run waits on now (waits for the run
   * to wait first).
   */
  ApprovalDecision signed(AgentWorkflow run, String verdict, String approver, String... roles) {
    RunState waiting = awaitState(run, s -> s.pendingApproval() != null);
    return approvals.sign(
        waiting.workflowId(),
        waiting.pendingApproval(),
        verdict,
        approver,
        List.of(roles),
        "checked");
  }

  @Override
  public void close() {
    env.close();
  }
}
