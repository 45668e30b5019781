package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large payloads on a real dev server, through the CLI: a 5 MB ticket body travels by reference
 * (claim check) so the run's history stays small, and a run whose history grows past its
 * definition's limit continues as new and keeps its state.
 */
class LargePayloadIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static WorkerJvm worker;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;

  @BeforeAll
  static void up() throws Exception {
    startFleet("large");
    worker = new WorkerJvm(home, server.address()).start();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  @AfterAll
  static void down() throws Exception {
    if (stubs != null) {
      stubs.shutdown();
    }
    if (worker != null) {
      worker.close();
    }
    stopFleet();
  }

  private static Path jsonl(String name, Map<String, Object> record) throws Exception {
    Path file = home.resolve(name);
    Files.writeString(file, JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static JsonNode awaitStatus(String workflowId, String... statuses) {
    List<String> wanted = List.of(statuses);
    return Await.until(
        workflowId + " in " + wanted,
        Duration.ofMinutes(3),
        () -> cli.run("status", workflowId, "--json").json(),
        s -> wanted.contains(s.path("status").asText()));
  }

  @Test
  void a_5_mb_ticket_body_runs_end_to_end_by_reference_and_the_history_stays_small()
      throws Exception {
    // given a ticket whose body is 5 MB, with a marker deep inside it
    String marker = "MARKER-deep-inside-the-body-" + System.nanoTime();
    StringBuilder body =
        new StringBuilder(
            "The blender from order A-55123 arrived broken, please refund $19.99. Thanks, Ana\n");
    String filler = "Here is the full log of my attempts to use it, line after line. ";
    while (body.length() < 3_000_000) {
      body.append(filler);
    }
    body.append(marker).append(' ');
    while (body.length() < 5_000_000) {
      body.append(filler);
    }
    Map<String, Object> ticket = new LinkedHashMap<>();
    ticket.put("id", "BIG-1");
    ticket.put("from", "ana@example.com");
    ticket.put("subject", "Broken blender, refund please");
    ticket.put("body", body.toString());

    // when it is run through the CLI
    Cli.Result run =
        cli.run(
            "run", "support-triage", "--input", jsonl("big.jsonl", ticket).toString(), "--json");

    // then it starts, is classified and extracted, and settles
    assertThat(run.exit()).as(run.err()).isZero();
    String workflowId = WorkflowIds.forRecord("support-triage", "BIG-1");
    assertThat(run.json().path("started"))
        .singleElement()
        .satisfies(s -> assertThat(s.path("workflowId").asText()).isEqualTo(workflowId));
    JsonNode state =
        awaitStatus(workflowId, "completed", "rejected", "closed", "failed", "waiting-approval");
    assertThat(state.path("status").asText()).isNotEqualTo("failed");
    assertThat(state.path("errors")).isEmpty();
    assertThat(state.path("category").asText()).as("classified").isNotBlank();
    assertThat(state.path("outputs").path("extract").path("orderId").asText())
        .as("the model activity read the body from the blob store")
        .isEqualTo("A-55123");
    assertThat(state.path("subject").asText()).isEqualTo("Broken blender, refund please");

    // and the body is in the blob store, once, named by its SHA-256
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Path blob = home.resolve("blobs").resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha);
    assertThat(blob).exists().hasSize(bytes.length);

    // and the run's history stays small and never holds the body
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    assertThat(history.getHistory().getSerializedSize()).isLessThan(200 * 1024);
    // payload data sits in the protobuf as raw bytes (in JSON it would be base64)
    String raw = history.getHistory().toByteString().toStringUtf8();
    assertThat(raw).contains("blob:sha256:" + sha).doesNotContain(marker);
    for (HistoryEvent event : history.getEvents()) {
      assertThat(event.getSerializedSize())
          .as("event %s (%s)", event.getEventId(), event.getEventType())
          .isLessThan(64 * 1024);
    }
  }

  @Test
  void a_run_whose_history_grows_past_its_limit_continues_as_new_and_keeps_its_state()
      throws Exception {
    // given the support-triage playbook with a tiny history limit, under another agent name
    Path agents = Files.createDirectories(home.resolve("agents-short-history"));
    String playbook =
        Files.readString(Repo.root().resolve("agents").resolve("support-triage.yaml"))
            .replaceFirst("(?m)^name: support-triage$", "name: short-history")
            .concat("\nmaxHistoryEvents: 20\n");
    Files.writeString(agents.resolve("short-history.yaml"), playbook);
    Cli shortHistory =
        new Cli(server.address(), home).withEnv("FLEET_AGENTS_DIR", agents.toString());
    // not deployed with the worker: published (signed with the release key) so the worker runs it
    awaitSandboxTables();
    ok(shortHistory.run("agents", "publish", "short-history"));
    Map<String, Object> ticket = new LinkedHashMap<>();
    ticket.put("id", "LONG-1");
    ticket.put("from", "tom@example.com");
    ticket.put("subject", "Refund for my TV");
    ticket.put(
        "body", "The TV from order A-40044 arrived smashed. I want a refund of 649.00 USD please.");

    // when it runs, waits for billing and alice approves while it continues
    Cli.Result run =
        shortHistory.run(
            "run", "short-history", "--input", jsonl("long.jsonl", ticket).toString(), "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    String workflowId = WorkflowIds.forRecord("short-history", "LONG-1");
    JsonNode waiting = awaitStatus(workflowId, "waiting-approval");
    assertThat(waiting.path("pendingApproval").path("role").asText()).isEqualTo("billing");
    Cli.Result approved = cli.run("approve", workflowId, "--as", "alice");
    assertThat(approved.exit()).as(approved.out() + approved.err()).isZero();
    JsonNode end = awaitStatus(workflowId, "completed", "failed", "rejected", "closed");

    // then it continued as new at least once and ended with its whole story
    assertThat(end.path("status").asText()).isEqualTo("completed");
    List<String> steps = new ArrayList<>();
    end.path("steps").forEach(s -> steps.add(s.path("stepId").asText()));
    assertThat(steps)
        .containsExactly(
            "classify",
            "extract",
            "triage",
            "billing_approval",
            "refund",
            "confirm_refund",
            "refunded");
    assertThat(end.path("outputs").path("extract").path("amount").asDouble()).isEqualTo(649.0);
    assertThat(end.path("approvals"))
        .singleElement()
        .satisfies(a -> assertThat(a.path("decidedBy").asText()).isEqualTo("alice"));
    assertThat(ledgerRows("SELECT amount FROM sandbox_payments WHERE amount = 649"))
        .as("refunded once, on alice's approval carried across executions")
        .hasSize(1);
    List<WorkflowExecutionMetadata> executions =
        Await.until(
            "the executions of " + workflowId + " in visibility",
            Duration.ofSeconds(30),
            () -> client.listExecutions("WorkflowId = '" + workflowId + "'").toList(),
            all ->
                all.stream()
                        .filter(
                            e ->
                                e.getStatus()
                                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
                        .count()
                    == 1);
    assertThat(executions).as("executions of %s", workflowId).hasSizeGreaterThan(1);
    WorkflowExecutionMetadata completed =
        executions.stream()
            .filter(
                e -> e.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
            .findFirst()
            .orElseThrow();
    assertThat(completed.getMemo("subject", String.class, String.class))
        .as("the memo goes along")
        .isEqualTo("Refund for my TV");
    assertThat(completed.getTypedSearchAttributes().get(FleetSearchAttributes.AGENT))
        .as("the search attributes go along")
        .isEqualTo("short-history");
    assertThat(completed.getTypedSearchAttributes().get(FleetSearchAttributes.RECORD_ID))
        .isEqualTo("LONG-1");
    for (WorkflowExecutionMetadata execution : executions) {
      List<HistoryEvent> events =
          client.fetchHistory(workflowId, execution.getExecution().getRunId()).getEvents();
      EventType last = events.get(events.size() - 1).getEventType();
      assertThat(last)
          .isIn(
              EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
              EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      assertThat(events.size()).as("events of one execution").isLessThan(60);
    }
  }
}
