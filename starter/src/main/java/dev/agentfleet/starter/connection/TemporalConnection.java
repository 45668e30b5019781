package dev.agentfleet.starter.connection;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.codec.AesGcmPayloadCodec;
import dev.agentfleet.workflows.codec.EncryptedDataConverter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one place the CLI connects to Temporal. The connection comes from the standard client profile
 * ({@code temporal.toml}, {@code TEMPORAL_PROFILE}) and the {@code TEMPORAL_*} environment, exactly
 * as other Temporal tools read them; without either it is {@code 127.0.0.1:7233}, namespace {@code
 * default}. Stubs are created lazily, so commands that never talk to Temporal never open a channel.
 */
public final class TemporalConnection implements AutoCloseable {

  /** The frontend address used when no profile or environment names one. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final WorkflowServiceStubsOptions stubsOptions;
  private final WorkflowClientOptions clientOptions;
  private final String address;
  private final String namespace;
  private final Optional<PayloadKeyFile> keyFile;
  private WorkflowServiceStubs stubs;
  private OperatorServiceStubs operator;
  private WorkflowClient client;

  private TemporalConnection(ClientConfigProfile profile, Optional<PayloadKeyFile> keyFile) {
    this.address = blankToDefault(profile.getAddress(), DEFAULT_ADDRESS);
    this.namespace = blankToDefault(profile.getNamespace(), "default");
    this.stubsOptions =
        WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions())
            .setTarget(address)
            .build();
    this.clientOptions =
        WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
            .setNamespace(namespace)
            .build();
    this.keyFile = keyFile;
  }

  /**
   * Reads the profile with {@code env} standing in for the process environment, so tests can point
   * the CLI at another server.
   */
  public static TemporalConnection fromEnvironment(Map<String, String> env) {
    Optional<PayloadKeyFile> configured = PayloadKeyFile.configured(env);
    // Encryption is the deployment's: when the workers declared it, encrypt whatever env says.
    Optional<PayloadKeyFile> keyFile =
        configured.isPresent() ? configured : DeploymentEncryption.requiredKeyFile(env);
    try {
      return new TemporalConnection(
          ClientConfigProfile.load(
              LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build()),
          keyFile);
    } catch (IOException | RuntimeException e) {
      throw new FleetException(
          "cannot load the Temporal client profile: "
              + e.getMessage()
              + " — check TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE and the TEMPORAL_* variables");
    }
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  /** The host of the frontend address. */
  public String host() {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The port of the frontend address; 7233 when it names none. */
  public int port() {
    int colon = address.lastIndexOf(':');
    if (colon < 0 || address.endsWith("]")) {
      return 7233;
    }
    try {
      return Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new FleetException("TEMPORAL_ADDRESS '" + address + "' has no valid port");
    }
  }

  /** True when the frontend is on this machine, where {@code ./fleet up} may start it. */
  public boolean isLocal() {
    return switch (host()) {
      case "127.0.0.1", "localhost", "::1", "0.0.0.0" -> true;
      default -> false;
    };
  }

  public synchronized WorkflowServiceStubs stubs() {
    if (stubs == null) {
      stubs = WorkflowServiceStubs.newServiceStubs(stubsOptions);
    }
    return stubs;
  }

  public synchronized OperatorServiceStubs operator() {
    if (operator == null) {
      operator =
          OperatorServiceStubs.newServiceStubs(
              OperatorServiceStubsOptions.newBuilder(stubsOptions).validateAndBuildWithDefaults());
    }
    return operator;
  }

  /**
   * The workflow client. With payload encryption on, it encrypts what it sends (inputs, signals,
   * memo) and decrypts what it reads (query results, history) with the same key file as the worker;
   * the key file is read here, on first use, so {@code up} can create it first.
   */
  public synchronized WorkflowClient client() {
    if (client == null) {
      WorkflowClientOptions options =
          keyFile
              .map(
                  file ->
                      WorkflowClientOptions.newBuilder(clientOptions)
                          .setDataConverter(EncryptedDataConverter.of(file.load()))
                          .build())
              .orElse(clientOptions);
      client = WorkflowClient.newInstance(stubs(), ClientTracing.traced(options, System.getenv()));
    }
    return client;
  }

  /** The payload key file this connection encrypts with; empty when encryption is off. */
  public Optional<PayloadKeyFile> payloadKeyFile() {
    return keyFile;
  }

  /**
   * Checks, within a few seconds, that the frontend answers and the namespace exists, so a command
   * fails at once with a message instead of waiting out the SDK's retries.
   */
  public void requireReachable() {
    Problem problem = probe();
    if (problem != null) {
      throw new FleetException(problem.message());
    }
  }

  /** Whether the frontend answers for the namespace now. */
  public boolean answers() {
    return probe() == null;
  }

  private record Problem(String message) {}

  private Problem probe() {
    try {
      stubs()
          .blockingStub()
          .withDeadlineAfter(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      return null;
    } catch (StatusRuntimeException e) {
      return new Problem(explain(e));
    }
  }

  /**
   * One line for any failure of a Temporal call: the gRPC status in its cause chain explained, else
   * the innermost message.
   */
  public String explain(Throwable failure) {
    for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
      if (keyFile.isEmpty()
          && c.getMessage() != null
          && c.getMessage().contains(AesGcmPayloadCodec.ENCODING)) {
        return "the run's data is encrypted and this CLI has no payload key — set"
            + " FLEET_ENCRYPT_PAYLOADS=true or FLEET_PAYLOAD_KEYS as the worker has them";
      }
    }
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof StatusRuntimeException status) {
        return explain(status);
      }
      if (cause.getCause() == null || cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    String message = cause == null ? null : cause.getMessage();
    return message == null ? failure.getClass().getSimpleName() : message;
  }

  /** One line for a gRPC failure, saying what to do about it. */
  public String explain(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED ->
          "cannot reach Temporal at " + address + " — run ./fleet up";
      case NOT_FOUND ->
          "namespace '"
              + namespace
              + "' does not exist at "
              + address
              + " — create it (temporal operator namespace create "
              + namespace
              + ") or set TEMPORAL_NAMESPACE";
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          "Temporal at "
              + address
              + " refused the credentials ("
              + e.getStatus().getDescription()
              + ") — check TEMPORAL_API_KEY and the TLS settings of your profile";
      default -> {
        String description = String.valueOf(e.getStatus().getDescription());
        String hint =
            description.toLowerCase(java.util.Locale.ROOT).contains("search attribute")
                ? " — run ./fleet up to register the fleet's search attributes"
                : "";
        yield "Temporal at " + address + " answered " + code + ": " + description + hint;
      }
    };
  }

  @Override
  public synchronized void close() {
    if (operator != null) {
      operator.shutdownNow();
    }
    if (stubs != null) {
      stubs.shutdownNow();
      stubs.awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
