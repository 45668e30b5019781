package dev.agentfleet.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.starter.local.PayloadKeyFiles;
import dev.agentfleet.workflows.codec.AesGcmPayloadCodec;
import dev.agentfleet.workflows.codec.PayloadKeys;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.playbook.Playbook;
import dev.agentfleet.workflows.playbook.PlaybookParser;
import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.AgentWorkflow;
import dev.agentfleet.workflows.run.RunState;
import dev.agentfleet.workflows.run.TaskQueues;
import dev.agentfleet.workflows.run.WorkItem;
import dev.agentfleet.workflows.run.WorkflowIds;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payload encryption on a real dev server: a worker JVM and the CLI share one key file (created by
 * the code {@code ./fleet up} runs); a ticket's body, subject and sender never appear in the raw
 * history, memo or visibility records, while {@code fleet status} and the Temporal CLI through the
 * worker's codec endpoint read them back. After a key rotation, runs written under the old key
 * still answer.
 */
class EncryptedHistoryIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static WorkerJvm worker;
  private static int codecPort;
  private static String token;
  private static Path keyFile;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient rawClient;

  @BeforeAll
  static void up() throws Exception {
    startFleet("encrypted");
    Map<String, String> env =
        Map.of(
            "FLEET_REPO", Repo.root().toString(),
            "FLEET_HOME", home.toString(),
            "FLEET_ENCRYPT_PAYLOADS", "true");
    assertThat(new PayloadKeyFiles(FleetPaths.from(env), env).ensure()).hasSize(2);
    keyFile = home.resolve("keys/payload.keys");
    token = Files.readString(home.resolve("keys/codec.token")).strip();
    cli.withEnv("FLEET_ENCRYPT_PAYLOADS", "true");
    startWorker();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    rawClient =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  private static void startWorker() throws IOException {
    codecPort = Ports.free();
    worker =
        new WorkerJvm(home, server.address())
            .withEnv("FLEET_ENCRYPT_PAYLOADS", "true")
            .withEnv("FLEET_CODEC_PORT", String.valueOf(codecPort))
            .start();
  }

  @AfterAll
  static void down() throws Exception {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (worker != null) {
      worker.close();
    }
    stopFleet();
  }

  /** One ticket whose subject, sender and body carry markers found nowhere else. */
  private record Ticket(String id, String subject, String from, String body) {
    static Ticket unique(String prefix) {
      String marker = UUID.randomUUID().toString().replace("-", "");
      return new Ticket(
          prefix + "-" + marker.substring(0, 6),
          "Refund for kettle subj" + marker,
          "ines.m" + marker + "@example.org",
          "Hi, the kettle from order A-10423 arrived with a cracked lid. Case body"
              + marker
              + ". I paid $24.99 and would like a refund please.");
    }

    String workflowId() {
      return WorkflowIds.forRecord("support-triage", id);
    }

    List<String> secrets() {
      return List.of(subject, from, body, body.substring(body.indexOf("Case body")));
    }

    String json() {
      return "{\"id\":\""
          + id
          + "\",\"from\":\""
          + from
          + "\",\"subject\":\""
          + subject
          + "\",\"body\":\""
          + body
          + "\"}";
    }
  }

  private static JsonNode runToSettled(Ticket ticket) throws IOException {
    Path input = Files.createTempFile(home, "ticket-", ".jsonl");
    Files.writeString(input, ticket.json() + "\n");
    Cli.Result started = cli.run("run", "support-triage", "--input", input.toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.json().path("started")).hasSize(1);
    return Await.until(
        ticket.id() + " settled",
        Duration.ofMinutes(2),
        () -> cli.run("status", ticket.workflowId(), "--json").json(),
        s -> SETTLED.contains(s.path("status").asText()));
  }

  private static String bytes(com.google.protobuf.MessageLite message) {
    return new String(message.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  private static String utf8(com.google.protobuf.MessageLite message) {
    return new String(message.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void history_memo_and_visibility_hold_no_plaintext_and_fleet_status_reads_the_run()
      throws Exception {
    Ticket ticket = Ticket.unique("ENC");

    JsonNode state = runToSettled(ticket);

    // fleet status decrypts: the run reads normally
    assertThat(state.path("subject").asText()).isEqualTo(ticket.subject());
    assertThat(state.path("category").asText()).isNotBlank();
    JsonNode listed = cli.run("runs", "--agent", "support-triage", "--json").json();
    assertThat(listed.findValuesAsText("workflowId")).contains(ticket.workflowId());

    // the raw history, as the server stores it, holds none of the ticket's personal data
    WorkflowExecutionHistory history = rawClient.fetchHistory(ticket.workflowId());
    String raw = bytes(history.getHistory()) + utf8(history.getHistory());
    String described =
        bytes(
            stubs
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(
                            WorkflowExecution.newBuilder().setWorkflowId(ticket.workflowId()))
                        .build()));
    String visibility =
        bytes(
            stubs
                .blockingStub()
                .listWorkflowExecutions(
                    ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("default")
                        .setQuery("WorkflowId = '" + ticket.workflowId() + "'")
                        .build()));
    for (String secret : ticket.secrets()) {
      assertThat(raw).as("history").doesNotContain(secret);
      assertThat(described).as("describe (memo)").doesNotContain(secret);
      assertThat(visibility).as("visibility (memo)").doesNotContain(secret);
    }

    assertThat(raw)
        .as("search attributes stay plain, so the scan does see plaintext where there is some")
        .contains("\"" + ticket.id() + "\"");

    // ...because it is there encrypted: every payload of the start event, memo included, is
    // ciphertext under the key file's key, and decrypting it gives the ticket back
    WorkflowExecutionStartedEventAttributes start =
        history.getEvents().getFirst().getWorkflowExecutionStartedEventAttributes();
    List<Payload> startPayloads = new ArrayList<>(start.getInput().getPayloadsList());
    startPayloads.addAll(start.getMemo().getFieldsMap().values());
    startPayloads.add(history.getEvents().getFirst().getUserMetadata().getSummary());
    assertThat(startPayloads)
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(AesGcmPayloadCodec::isEncrypted);
    AesGcmPayloadCodec codec =
        new AesGcmPayloadCodec(PayloadKeys.parse(Files.readString(keyFile), keyFile.toString()));
    String decrypted =
        codec.decode(startPayloads).stream()
            .map(p -> p.getData().toStringUtf8())
            .reduce("", String::concat);
    assertThat(decrypted).contains(ticket.body(), ticket.from(), ticket.subject());
    for (HistoryEvent event : history.getEvents()) {
      if (event.hasActivityTaskScheduledEventAttributes()) {
        assertThat(event.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList())
            .allMatch(AesGcmPayloadCodec::isEncrypted);
      }
    }

    // the Temporal CLI shows ciphertext without the codec endpoint, plaintext through it
    String plainShow = temporalShow(ticket.workflowId());
    for (String secret : ticket.secrets()) {
      assertThat(plainShow).doesNotContain(secret);
    }
    assertThat(plainShow).contains(b64("binary/encrypted"));
    String decodedShow =
        temporalShow(
            ticket.workflowId(),
            "--codec-endpoint",
            "http://127.0.0.1:" + codecPort,
            "--codec-auth",
            "Bearer " + token);
    JsonNode shownInput =
        JSON.readTree(decodedShow)
            .path("events")
            .get(0)
            .path("workflowExecutionStartedEventAttributes")
            .path("input")
            .path("payloads")
            .get(0);
    assertThat(new String(Base64.getDecoder().decode(shownInput.path("data").asText()), UTF_8))
        .contains(ticket.from())
        .contains(ticket.body());
    assertThat(shownInput.path("metadata").path("encoding").asText()).isEqualTo(b64("json/plain"));

    // a CLI without the key (another home, the same fleet's ledger) cannot read the run, says why
    Cli keyless =
        new Cli(server.address(), Files.createTempDirectory(home, "elsewhere"))
            .withEnv("FLEET_LEDGER_URL", "jdbc:sqlite:" + home.resolve("ledger.db"));
    Cli.Result refused = keyless.run("status", ticket.workflowId(), "--json");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("encrypted").contains("FLEET_ENCRYPT_PAYLOADS");
  }

  @Test
  void a_cli_not_told_to_encrypt_encrypts_and_a_plaintext_start_is_refused_by_the_worker()
      throws Exception {
    // a CLI whose environment says nothing of encryption (no FLEET_ENCRYPT_PAYLOADS)
    Cli untold = new Cli(server.address(), home);
    Ticket ticket = Ticket.unique("UNTOLD");
    Path input = Files.createTempFile(home, "ticket-", ".jsonl");
    Files.writeString(input, ticket.json() + "\n");
    ok(untold.run("run", "support-triage", "--input", input.toString(), "--json"));

    // encrypts all the same: the workers declared encryption in the fleet's ledger
    Await.until(
        ticket.id() + " settled",
        Duration.ofMinutes(2),
        () -> untold.run("status", ticket.workflowId(), "--json").json(),
        s -> SETTLED.contains(s.path("status").asText()));
    Payload startInput =
        rawClient
            .fetchHistory(ticket.workflowId())
            .getEvents()
            .getFirst()
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0);
    assertThat(AesGcmPayloadCodec.isEncrypted(startInput)).isTrue();

    // a client that starts a run in plaintext anyway gets it refused by the worker, before any step
    Playbook playbook =
        PlaybookParser.parse(
            Files.readString(Repo.root().resolve("agents/support-triage.yaml")), "support-triage");
    String plainId = WorkflowIds.forRecord("support-triage", "PLAIN-1");
    AgentWorkflow plain =
        rawClient.newWorkflowStub(
            AgentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(plainId)
                .setTaskQueue(TaskQueues.AGENTS)
                .build());
    WorkflowClient.start(
        plain::run,
        AgentRunInput.byReference(
            DefinitionRef.of(playbook),
            new WorkItem(
                "PLAIN-1",
                Map.of(
                    "id", "PLAIN-1",
                    "from", "p@example.org",
                    "subject", "plain",
                    "body", "A plaintext ticket."))));
    assertThatThrownBy(
            () -> WorkflowStub.fromTyped(plain).getResult(60, TimeUnit.SECONDS, RunState.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("PlaintextInput"));
    assertThat(rawClient.fetchHistory(plainId).getEvents())
        .noneMatch(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .noneMatch(HistoryEvent::hasMarkerRecordedEventAttributes);
  }

  @Test
  void after_a_key_rotation_old_runs_still_answer_and_new_ones_use_the_new_key() throws Exception {
    Ticket before = Ticket.unique("ROT");
    runToSettled(before);
    String oldKey = PayloadKeys.parse(Files.readString(keyFile), "f").active().id();

    // rotate: append a new key, restart the worker (the CLI reads the file on every command)
    byte[] material = new byte[32];
    new java.security.SecureRandom().nextBytes(material);
    String newKey = "rotated-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(
        keyFile,
        newKey + " " + Base64.getEncoder().encodeToString(material) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    worker.close();
    startWorker();

    Ticket after = Ticket.unique("ROT");
    JsonNode afterState = runToSettled(after);

    // the restarted worker replays the old run's history, written under the old key
    JsonNode beforeState = cli.run("status", before.workflowId(), "--json").json();
    assertThat(beforeState.path("subject").asText()).isEqualTo(before.subject());
    assertThat(afterState.path("subject").asText()).isEqualTo(after.subject());
    assertThat(keyIdOfInput(before.workflowId())).isEqualTo(oldKey);
    assertThat(keyIdOfInput(after.workflowId())).isEqualTo(newKey);
  }

  private static String keyIdOfInput(String workflowId) {
    Payload input =
        rawClient
            .fetchHistory(workflowId)
            .getEvents()
            .getFirst()
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0);
    return input.getMetadataOrThrow(AesGcmPayloadCodec.METADATA_KEY_ID).toStringUtf8();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code temporal workflow show --output json}, as an operator would run it. */
  private static String temporalShow(String workflowId, String... extra) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                TemporalDevServer.cli().toString(),
                "workflow",
                "show",
                "--address",
                server.address(),
                "--namespace",
                "default",
                "--workflow-id",
                workflowId,
                "--output",
                "json"));
    command.addAll(List.of(extra));
    // The CLI gives each call a short deadline; on a loaded machine one call can miss it. Such a
    // transient timeout is retried (bounded); any other failure fails the test at once.
    String text = "";
    int exit = -1;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path out = Files.createTempFile(home, "show-", ".json");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("temporal workflow show ends").isTrue();
      text = Files.readString(out);
      exit = process.exitValue();
      if (exit == 0 || !text.contains("context deadline exceeded")) {
        break;
      }
    }
    assertThat(exit).as(text).isZero();
    return text;
  }
}
