package dev.agentfleet.workflows.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.audit.AuditActivities;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.blob.BlobRef;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.definition.TrustedDefinitions;
import dev.agentfleet.workflows.playbook.CachedDefinitionChecks;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.AgentWorkflowImpl;
import dev.agentfleet.workflows.run.FakeDefinitionSource;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WarmUp;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The in-process test server with the agent and batch workflows, chunks held in memory, and an
 * action connector that can hold its calls to show how many runs are in flight at once.
 */
final class BatchTestHarness implements AutoCloseable {

  /**
   * Routes each record by its {@code kind}: {@code approve} waits for a person, {@code wait} waits
   * for a {@code replied} event, {@code act} calls the mailer, {@code close} ends closed, anything
   * else ends completed.
   */
  static final String PLAYBOOK =
      """
      name: batch-test
      subjectField: subject
      input:
        - {name: id, type: string, required: true}
        - {name: kind, type: string, required: true}
        - {name: subject, type: string, required: false}
      steps:
        - id: triage
          kind: route
          purpose: Route by kind
          rules:
            - {name: needs_person, when: "input.kind == 'approve'", next: review}
            - {name: parks, when: "input.kind == 'wait'", next: hold}
            - {name: acts, when: "input.kind == 'act'", next: mail}
            - {name: spam, when: "input.kind == 'close'", next: closed}
          otherwise: done
        - id: review
          kind: approval
          purpose: A person decides
          role: support
          summary: "Decide {{input.id}}"
          deadline: P30D
          onApprove: done
          onReject: declined
        - id: hold
          kind: wait
          purpose: Wait for a reply
          duration: P30D
          signal: replied
          onSignal: done
          next: done
        - id: mail
          kind: action
          purpose: Mail the customer
          connector: mailer
          operation: send
          params: {to: "customer@example.com", subject: "{{input.id}}"}
          next: done
        - {id: done, kind: end, status: completed, purpose: Done, reason: done}
        - {id: declined, kind: end, status: rejected, purpose: Declined, reason: declined}
        - {id: closed, kind: end, status: closed, purpose: Closed, reason: spam}
      """;

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final Chunks chunks = new Chunks();
  final HeldActions actions = new HeldActions();
  final FakeDefinitionSource definitions = new FakeDefinitionSource();
  final Playbook playbook;

  BatchTestHarness() {
    warmUp();
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
    worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class, BatchWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        chunks,
        actions,
        new NoAudit(),
        new CachedDefinitionChecks(16),
        new TrustedDefinitions(List.of(definitions), false, new CachedDefinitionChecks(16)));
    env.start();
    playbook = PlaybookParser.parse(PLAYBOOK, "batch-test.yaml");
    definitions.trust(playbook);
  }

  /**
   * Loads what the first workflow tasks need before the worker polls, so a cold, loaded machine
   * does not trip the deadlock detector.
   */
  private static void warmUp() {
    WarmUp.run();
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;
    BatchInput input = new BatchInput(null, "h", "warm-up", List.of(), 1, 1, 0, 0, null, null);
    converter.fromPayload(
        converter.toPayload(input).orElseThrow(), BatchInput.class, BatchInput.class);
    ChunkFormat.decode(ChunkFormat.encode(List.of(record("w", "done"))));
  }

  WorkflowClient client() {
    return env.getWorkflowClient();
  }

  static WorkItem record(String id, String kind) {
    return new WorkItem(id, Map.of("id", id, "kind", kind, "subject", "Record " + id));
  }

  /** Records R-0.. of the kinds given, in order. */
  static List<WorkItem> records(String... kinds) {
    List<WorkItem> items = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) {
      items.add(record("R-" + i, kinds[i]));
    }
    return items;
  }

  /** The batch input over these records, in chunks of {@code chunkSize}. */
  BatchInput input(List<WorkItem> records, int chunkSize, int concurrency, int perExecution) {
    List<BatchChunk> refs = new ArrayList<>();
    for (int from = 0; from < records.size(); from += chunkSize) {
      refs.add(chunks.put(records.subList(from, Math.min(records.size(), from + chunkSize))));
    }
    return new BatchInput(
        null,
        playbook.hash(),
        "test.jsonl",
        refs,
        concurrency,
        perExecution,
        0,
        0,
        null,
        null,
        DefinitionRef.of(playbook),
        playbook.definition().start());
  }

  BatchWorkflow start(String name, BatchInput input) {
    BatchWorkflow batch =
        client()
            .newWorkflowStub(
                BatchWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(BatchIds.forInput("batch-test", name))
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkflowClient.start(batch::run, input);
    return batch;
  }

  BatchProgress result(BatchWorkflow batch) {
    try {
      return WorkflowStub.fromTyped(batch).getResult(60, TimeUnit.SECONDS, BatchProgress.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the batch did not end within 60 s", e);
    }
  }

  /** Starts a record's run as {@code fleet run} would, outside any batch. */
  AgentWorkflow runAlone(WorkItem item) {
    AgentWorkflow run =
        client()
            .newWorkflowStub(
                AgentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.forRecord("batch-test", item.id()))
                    .setTaskQueue(TaskQueues.AGENTS)
                    .build());
    WorkflowClient.start(run::run, AgentRunInput.byReference(DefinitionRef.of(playbook), item));
    return run;
  }

  AgentWorkflow run(String recordId) {
    return client()
        .newWorkflowStub(AgentWorkflow.class, WorkflowIds.forRecord("batch-test", recordId));
  }

  RunState state(String recordId) {
    return run(recordId).state();
  }

  /** Writes the workflow's history (the latest execution) for the replay guard. */
  void exportHistory(String workflowId, String runId, String name) {
    String json =
        (runId == null
                ? client().fetchHistory(workflowId)
                : client().fetchHistory(workflowId, runId))
            .toJson(true);
    try {
      Path dir = Path.of("target", "recorded-histories");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("never: %s", what).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    actions.releaseAll();
    env.close();
  }

  /** Chunk blobs held in memory, read as the activity reads them. */
  static final class Chunks implements BatchActivities {
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    BatchChunk put(List<WorkItem> items) {
      byte[] bytes = ChunkFormat.encode(items);
      String sha = sha256(bytes);
      blobs.put(sha, bytes);
      return new BatchChunk(
          BlobRef.ofSha256(sha, bytes.length, ChunkFormat.MEDIA_TYPE), items.size());
    }

    @Override
    public List<WorkItem> readChunk(BatchChunk chunk) {
      reads.incrementAndGet();
      return ChunkFormat.decode(blobs.get(chunk.blob().sha256()));
    }

    private static String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A mailer whose calls take {@link #holdMillis}, or wait for {@link #gate} when one is set, and
   * that records the most calls it saw in flight at once and every idempotency key it acted on.
   */
  static final class HeldActions implements ActionActivities {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Map<String, Integer> performed = new ConcurrentHashMap<>();
    volatile long holdMillis = 0;
    volatile CountDownLatch gate;

    @Override
    public ActionResult execute(ActionRequest request) {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        CountDownLatch g = gate;
        if (g != null) {
          g.await(30, TimeUnit.SECONDS);
        } else if (holdMillis > 0) {
          Thread.sleep(holdMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      performed.merge(request.idempotencyKey(), 1, Integer::sum);
      return new ActionResult(request.idempotencyKey(), false, Map.of("messageId", "m-1"));
    }

    void releaseAll() {
      CountDownLatch g = gate;
      if (g != null) {
        g.countDown();
      }
    }
  }

  /** The audit log is not what these tests are about. */
  static final class NoAudit implements AuditActivities {
    @Override
    public void append(List<AuditEntry> entries) {}
  }
}
