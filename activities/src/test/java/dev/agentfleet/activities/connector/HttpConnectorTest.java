package dev.agentfleet.activities.connector;

import static dev.agentfleet.activities.connector.Actions.CLOCK;
import static dev.agentfleet.activities.connector.Actions.HUMAN;
import static dev.agentfleet.activities.connector.Actions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.agentfleet.activities.ledger.ActionLedger;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpConnectorTest {

  /** One request as the endpoint received it. */
  record Received(String idempotencyKey, String contentType, String body) {}

  @TempDir Path dir;
  private Ledger ledger;
  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();

  @BeforeEach
  void start() throws IOException {
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/actions",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  body));
          Integer status = statuses.poll();
          byte[] answer = "  {\"accepted\":true}\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    ledger.close();
  }

  private ActionActivitiesImpl actionsPostingTo(String url) {
    ConnectorConfig config = new ConnectorConfig(url, Duration.ofSeconds(5));
    return new ActionActivitiesImpl(
        ledger, ActionActivitiesImpl.defaultConnectors(config, CLOCK), CLOCK);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions";
  }

  private static ActionRequest post() {
    return request("wf-http", "http", "post", Map.of("ticket", "T-1", "priority", 2), HUMAN);
  }

  @Test
  void posts_json_with_the_idempotency_key_header_and_records_the_answer() throws Exception {
    ActionActivitiesImpl actions = actionsPostingTo(url());

    ActionResult result = actions.execute(post());
    ActionResult retry = actions.execute(post());

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(request.idempotencyKey()).isEqualTo("wf-http/act");
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode json = new ObjectMapper().readTree(request.body());
    assertThat(json.path("workflowId").asText()).isEqualTo("wf-http");
    assertThat(json.path("stepId").asText()).isEqualTo("act");
    assertThat(json.path("params").path("ticket").asText()).isEqualTo("T-1");
    assertThat(json.path("params").path("priority").asInt()).isEqualTo(2);
    assertThat(result.result())
        .containsEntry("status", 200)
        .containsEntry("body", "{\"accepted\":true}");
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.result()).isEqualTo(result.result());
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log"))
        .contains("\"status\":200")
        .doesNotContain("accepted");
  }

  @Test
  void a_503_is_retryable_and_the_retry_completes_the_same_claim() {
    ActionActivitiesImpl actions = actionsPostingTo(url());
    statuses.add(503);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(post()));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(HttpConnector.UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).contains("answered 503");
    assertThat(status()).isEqualTo(ActionLedger.CLAIMED);

    ActionResult retry = actions.execute(post());

    assertThat(retry.replayed()).isFalse();
    assertThat(status()).isEqualTo(ActionLedger.COMPLETED);
    assertThat(received)
        .extracting(Received::idempotencyKey)
        .containsExactly("wf-http/act", "wf-http/act");
  }

  @Test
  void a_429_is_retryable_but_a_400_is_an_invalid_action() {
    ActionActivitiesImpl actions = actionsPostingTo(url());
    statuses.add(429);
    statuses.add(400);

    ApplicationFailure tooMany =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(post()));
    ApplicationFailure rejected =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(post()));

    assertThat(tooMany.isNonRetryable()).isFalse();
    assertThat(rejected.isNonRetryable()).isTrue();
    assertThat(rejected.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(rejected.getOriginalMessage()).contains("answered 400");
  }

  @Test
  void an_unreachable_endpoint_is_retryable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> actionsPostingTo("http://127.0.0.1:" + closedPort + "/x").execute(post()));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(HttpConnector.UNAVAILABLE);
  }

  @Test
  void without_a_configured_url_the_action_fails_for_good_and_says_what_to_set() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> actionsPostingTo(null).execute(post()));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(failure.getOriginalMessage()).contains("FLEET_HTTP_CONNECTOR_URL");
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isZero();
  }

  private String status() {
    return LedgerRows.value(ledger, "SELECT status FROM ledger_actions");
  }
}
