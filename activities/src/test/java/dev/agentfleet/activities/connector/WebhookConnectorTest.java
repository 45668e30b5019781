package dev.agentfleet.activities.connector;

import static dev.agentfleet.activities.connector.Actions.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.agentfleet.activities.ledger.Ledger;
import dev.agentfleet.activities.ledger.LedgerRows;
import dev.agentfleet.workflows.action.ActionActivities;
import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.ActionResult;
import dev.agentfleet.workflows.action.Attestation;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

/** The webhook connector against a real HTTP server on loopback. */
class WebhookConnectorTest {

  /** One request as the server received it. */
  record Received(String path, String idempotencyKey, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Ledger ledger;
  private HttpServer server;
  private SandboxFaults faults;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();

  @BeforeEach
  void start() throws IOException {
    ledger = new Ledger(Ledger.sqliteUrl(dir));
    faults = new SandboxFaults(ledger, CLOCK, Duration.ZERO, () -> 0.5);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          Integer status = statuses.poll();
          byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
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

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private ActionActivitiesImpl actions(String configuredUrl) {
    ConnectorConfig config =
        new ConnectorConfig(null, Duration.ofSeconds(5), configuredUrl, List.of());
    return new ActionActivitiesImpl(
        ledger, ActionActivitiesImpl.defaultConnectors(config, CLOCK), faults, CLOCK);
  }

  private static ActionRequest post(Map<String, Object> params) {
    return new ActionRequest(
        "wf-hook/alert",
        "wf-hook",
        "rec-1",
        "content-pipeline",
        "alert",
        "webhook",
        "post",
        params,
        Attestation.none());
  }

  @Test
  void posts_to_the_configured_url_with_the_idempotency_key_once_however_often_retried() {
    ActionActivitiesImpl actions = actions(url("/hooks/secret-token"));
    ActionRequest alert = post(Map.of("subject", "Run failed", "body", "step publish timed out"));

    ActionResult first = actions.execute(alert);
    ActionResult retry = actions.execute(alert);

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(request.path()).isEqualTo("/hooks/secret-token");
    assertThat(request.idempotencyKey()).isEqualTo("wf-hook/alert");
    assertThat(request.body().path("text").asText())
        .isEqualTo("Run failed\n\nstep publish timed out");
    assertThat(request.body().path("subject").asText()).isEqualTo("Run failed");
    assertThat(request.body().path("workflowId").asText()).isEqualTo("wf-hook");
    assertThat(request.body().path("stepId").asText()).isEqualTo("alert");
    assertThat(first.result())
        .containsEntry("status", 200)
        .containsEntry("body", "ok")
        .containsEntry("host", "127.0.0.1");
    assertThat(retry.replayed()).isTrue();
    assertThat(LedgerRows.value(ledger, "SELECT detail FROM audit_log"))
        .contains("\"status\":200")
        .doesNotContain("secret-token");
  }

  @Test
  void a_url_in_the_params_wins_and_json_is_sent_as_it_is() {
    ActionActivitiesImpl actions = actions(url("/configured"));

    actions.execute(post(Map.of("url", url("/given"), "json", Map.of("event", "dead-letter"))));

    assertThat(received)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path()).isEqualTo("/given");
              assertThat(r.body()).isEqualTo(JSON.valueToTree(Map.of("event", "dead-letter")));
            });
  }

  @Test
  void a_5xx_is_retried_under_the_same_key_and_a_4xx_fails_for_good() {
    ActionActivitiesImpl actions = actions(url("/hooks"));
    statuses.add(503);

    ApplicationFailure unavailable =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(post(Map.of())));
    actions.execute(post(Map.of()));
    statuses.add(404);
    ApplicationFailure rejected =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                actions.execute(
                    new ActionRequest(
                        "wf-hook/other",
                        "wf-hook",
                        null,
                        null,
                        "other",
                        "webhook",
                        "post",
                        Map.of("url", url("/gone/secret")),
                        Attestation.none())));

    assertThat(unavailable.isNonRetryable()).isFalse();
    assertThat(unavailable.getType()).isEqualTo(SandboxFaults.UNAVAILABLE);
    assertThat(unavailable.getOriginalMessage()).contains("answered 503").doesNotContain("/hooks");
    assertThat(received)
        .extracting(Received::idempotencyKey)
        .containsExactly("wf-hook/alert", "wf-hook/alert", "wf-hook/other");
    assertThat(rejected.isNonRetryable()).isTrue();
    assertThat(rejected.getType()).isEqualTo(ActionActivities.INVALID_ACTION);
    assertThat(rejected.getOriginalMessage()).doesNotContain("secret");
  }

  @Test
  void an_injected_fault_fails_before_anything_is_sent() {
    ActionActivitiesImpl actions = actions(url("/hooks"));
    faults.set(new SandboxFault("webhook", "post", 1.0, 0, 0, null));

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> actions.execute(post(Map.of())));

    assertThat(failure.getType()).isEqualTo(SandboxFaults.UNAVAILABLE);
    assertThat(received).isEmpty();
    assertThat(LedgerRows.count(ledger, "ledger_actions")).isZero();

    faults.clear("webhook", "post");
    actions.execute(post(Map.of()));
    assertThat(received).hasSize(1);
  }

  @Test
  void without_any_url_or_with_a_bad_one_the_post_is_an_invalid_action() {
    ApplicationFailure none =
        catchThrowableOfType(ApplicationFailure.class, () -> actions(null).execute(post(Map.of())));
    ApplicationFailure bad =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> actions(null).execute(post(Map.of("url", "file:///etc/passwd"))));

    assertThat(none.isNonRetryable()).isTrue();
    assertThat(none.getOriginalMessage()).contains("FLEET_WEBHOOK_URL");
    assertThat(bad.getOriginalMessage()).contains("params.url must be an http or https URL");
  }
}
