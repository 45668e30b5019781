package dev.agentfleet.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.codec.EncryptedDataConverter;
import dev.agentfleet.workflows.codec.PayloadKey;
import dev.agentfleet.workflows.codec.PayloadKeys;
import dev.agentfleet.workflows.definition.DefinitionRef;
import dev.agentfleet.workflows.run.AgentRunInput;
import dev.agentfleet.workflows.run.WorkItem;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker with payload encryption on refuses a run whose input reached it in plaintext (a client
 * without the key), with a clear non-retryable failure, and runs one a client encrypted.
 */
class PlaintextInputsTest {

  /** A stand-in for the agent workflow: takes a run input and answers with its agent. */
  @WorkflowInterface
  public interface InputEcho {
    @WorkflowMethod
    String echo(AgentRunInput input);
  }

  public static class InputEchoImpl implements InputEcho {
    @Override
    public String echo(AgentRunInput input) {
      return input.agent();
    }
  }

  private static final String QUEUE = "plaintext-inputs-test";

  private TestWorkflowEnvironment env;
  private PlaintextInputs plaintext;
  private WorkflowClientOptions encrypting;

  @BeforeEach
  void start() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    PayloadKeys keys = new PayloadKeys(List.of(new PayloadKey("k1", key)));
    plaintext = new PlaintextInputs();
    encrypting =
        WorkflowClientOptions.newBuilder()
            .setDataConverter(plaintext.tracking(EncryptedDataConverter.of(keys)))
            .build();
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(encrypting)
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(plaintext.guard())
                        .build())
                .build());
    env.newWorker(QUEUE).registerWorkflowImplementationTypes(InputEchoImpl.class);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static AgentRunInput input() {
    return AgentRunInput.byReference(
        new DefinitionRef("support-triage", "ab".repeat(32), "subject"),
        new WorkItem("T-1", Map.of("id", "T-1", "subject", "a customer's words")));
  }

  private static InputEcho stub(WorkflowClient client, String id) {
    return client.newWorkflowStub(
        InputEcho.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
  }

  @Test
  void an_encrypted_input_runs() {
    assertThat(stub(env.getWorkflowClient(), "enc-1").echo(input())).isEqualTo("support-triage");
    assertThat(plaintext.pending()).isZero();
  }

  @Test
  void a_plaintext_input_is_refused_with_a_clear_error() {
    WorkflowClient plainClient =
        WorkflowClient.newInstance(
            env.getWorkflowServiceStubs(),
            WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).build());

    // the client without the key sees the failure's type; its message is encrypted like the rest
    assertThatThrownBy(() -> stub(plainClient, "plain-1").echo(input()))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(PlaintextInputs.FAILURE_TYPE);
              assertThat(f.isNonRetryable()).isTrue();
            });
    // and whoever holds the key (the fleet CLI) reads what to fix
    assertThatThrownBy(
            () -> env.getWorkflowClient().newUntypedWorkflowStub("plain-1").getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getOriginalMessage())
                  .contains("this fleet encrypts payloads")
                  .contains("plain-1")
                  .contains("arrived in plaintext");
            });
    assertThat(plaintext.pending()).isZero();
  }
}
