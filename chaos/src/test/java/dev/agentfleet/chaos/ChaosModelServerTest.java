package dev.agentfleet.chaos;

import static dev.agentfleet.chaos.ChaosClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.activities.model.ContractValidator;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos server over real HTTP: LangChain4j's {@link OpenAiChatModel} (no retries, a short
 * timeout) meets each fault as a caller of a real endpoint would, and raw HTTP sees the headers,
 * bodies and counts.
 */
class ChaosModelServerTest {

  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

  private ChaosModelServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private OpenAiChatModel start(ChaosSettings settings) {
    server = ChaosModelServer.start(settings);
    return ChaosClient.chatModel(server, CLIENT_TIMEOUT);
  }

  private static ChatResponse classify(OpenAiChatModel model, String text) {
    return model.chat(
        ChatRequest.builder()
            .messages(
                SystemMessage.from(
                    "Classify. The answer must satisfy this JSON Schema:\n"
                        + ChaosClient.SCHEMA
                        + "\nAnswer with one JSON object only."),
                UserMessage.from(
                    "Classify this ticket.\n\nContext (JSON):\n"
                        + ChaosClient.JSON.createObjectNode().put("text", text)))
            .build());
  }

  private static Throwable failureOf(OpenAiChatModel model) {
    Throwable failure = catchThrowable(() -> classify(model, "x"));
    assertThat(failure).as("the call must fail").isNotNull();
    return failure;
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + e, e);
  }

  @Test
  void answers_healthily_with_content_that_satisfies_the_schema_and_counts_tokens() {
    OpenAiChatModel model = start(ChaosSettings.none());

    ChatResponse response = classify(model, "I want a refund");

    JsonNode answer = json(response.aiMessage().text());
    assertThat(new ContractValidator().validate(ChaosClient.SCHEMA, answer)).isEmpty();
    assertThat(answer.path("category").asText())
        .as("the label the context names")
        .isEqualTo("refund");
    assertThat(answer.path("confidence").asDouble()).isEqualTo(0.9);
    assertThat(response.tokenUsage().inputTokenCount()).isPositive();
    assertThat(response.tokenUsage().outputTokenCount()).isPositive();
    assertThat(response.modelName()).isEqualTo("gpt-4o-mini");
    assertThat(server.stats()).isEqualTo(new ChaosStats(1, 0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void throttles_with_429_a_retry_after_header_and_an_openai_error_body() throws Exception {
    OpenAiChatModel model =
        start(
            ChaosSettings.none()
                .withRate(Fault.THROTTLED_429, 1)
                .withRetryAfter(Duration.ofMillis(2_500)));

    HttpResponse<String> raw =
        ChaosClient.http()
            .send(
                ChaosClient.post(server, ChaosClient.body("hi")),
                HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(429);
    assertThat(raw.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(json(raw.body()).path("error").path("code").asText())
        .isEqualTo("rate_limit_exceeded");
    assertThat(json(raw.body()).path("error").path("message").asText()).contains("Rate limit");

    assertThat(cause(failureOf(model), HttpException.class).statusCode()).isEqualTo(429);
    assertThat(server.stats().throttled429()).isEqualTo(2);
  }

  @Test
  void fails_with_500_and_503_as_http_errors() {
    OpenAiChatModel failing = start(ChaosSettings.none().withRate(Fault.ERROR_500, 1));
    assertThat(cause(failureOf(failing), HttpException.class).statusCode()).isEqualTo(500);
    assertThat(server.stats().error500()).isEqualTo(1);
    server.close();

    OpenAiChatModel overloaded = start(ChaosSettings.none().withRate(Fault.UNAVAILABLE_503, 1));
    assertThat(cause(failureOf(overloaded), HttpException.class).statusCode()).isEqualTo(503);
    assertThat(server.stats().unavailable503()).isEqualTo(1);
  }

  @Test
  void holds_the_connection_until_the_client_times_out() {
    server =
        ChaosModelServer.start(
            ChaosSettings.none().withRate(Fault.TIMEOUT, 1).withHang(Duration.ofSeconds(10)));
    OpenAiChatModel model = ChaosClient.chatModel(server, Duration.ofMillis(500));

    long started = System.nanoTime();
    Throwable failure = failureOf(model);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(cause(failure, HttpTimeoutException.class)).isNotNull();
    assertThat(waited).as("the client gave up, the server did not answer").isBetween(400L, 5_000L);
    assertThat(server.stats().timeout()).isEqualTo(1);
  }

  @Test
  void resets_the_connection_so_the_client_sees_an_io_error() {
    OpenAiChatModel model = start(ChaosSettings.none().withRate(Fault.RESET, 1));

    Throwable failure = failureOf(model);

    assertThat(cause(failure, SocketException.class)).hasMessageContaining("reset");
    assertThat(server.stats().reset()).isEqualTo(1);
  }

  @Test
  void answers_200_with_bodies_no_json_parser_reads() throws Exception {
    OpenAiChatModel model = start(ChaosSettings.none().withRate(Fault.MALFORMED, 1));

    for (int i = 0; i < 3; i++) {
      assertThat(cause(failureOf(model), JsonProcessingException.class)).isNotNull();
    }
    HttpResponse<String> raw =
        ChaosClient.http()
            .send(
                ChaosClient.post(server, ChaosClient.body("hi")),
                HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(catchThrowable(() -> ChaosClient.JSON.readTree(raw.body())))
        .isInstanceOf(JsonProcessingException.class);
    assertThat(server.stats().malformed()).isEqualTo(4);
  }

  @Test
  void answers_with_json_that_breaks_the_schema_for_a_contract_fault() {
    OpenAiChatModel model = start(ChaosSettings.none().withRate(Fault.CONTRACT, 1));

    ChatResponse response = classify(model, "I want a refund");

    JsonNode answer = json(response.aiMessage().text());
    assertThat(answer.isObject()).isTrue();
    assertThat(new ContractValidator().validate(ChaosClient.SCHEMA, answer))
        .as("violations of " + answer)
        .isNotEmpty();
    assertThat(server.stats().contract()).isEqualTo(1);
  }

  @Test
  void calls_a_tool_the_request_did_not_offer() {
    OpenAiChatModel model = start(ChaosSettings.none().withRate(Fault.DISALLOWED_TOOL, 1));
    ToolSpecification lookup =
        ToolSpecification.builder()
            .name("lookup_order")
            .description("Look an order up")
            .parameters(JsonObjectSchema.builder().addStringProperty("orderId").build())
            .build();

    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Where is order A-1?"))
                .toolSpecifications(lookup)
                .build());

    List<ToolExecutionRequest> calls = response.aiMessage().toolExecutionRequests();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).name()).isNotEqualTo("lookup_order").isEqualTo("chaos_unlisted_tool");
    assertThat(server.stats().disallowedTool()).isEqualTo(1);
  }

  @Test
  void waits_the_configured_latency_before_answering() {
    OpenAiChatModel model =
        start(ChaosSettings.none().withLatency(Latency.fixed(Duration.ofMillis(300))));

    long started = System.nanoTime();
    classify(model, "hello");

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(300);
  }

  @Test
  void every_answer_is_counted_under_the_outcome_the_client_saw() throws Exception {
    server =
        ChaosModelServer.start(
            ChaosSettings.parse(
                "429=0.1,500=0.1,503=0.1,malformed=0.1,contract=0.1,tool=0.1,seed=3"));
    HttpClient http = ChaosClient.http();
    int requests = 400;
    Map<String, Integer> seen = new java.util.HashMap<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response =
          http.send(
              ChaosClient.post(server, ChaosClient.body("ticket " + i)),
              HttpResponse.BodyHandlers.ofString());
      seen.merge(outcome(response), 1, Integer::sum);
    }

    ChaosStats stats = server.stats();
    assertThat(stats.total()).isEqualTo(requests);
    assertThat(seen)
        .containsEntry("ok", (int) stats.ok())
        .containsEntry("429", (int) stats.throttled429())
        .containsEntry("500", (int) stats.error500())
        .containsEntry("503", (int) stats.unavailable503())
        .containsEntry("malformed", (int) stats.malformed())
        .containsEntry("contract", (int) stats.contract())
        .containsEntry("tool", (int) stats.disallowedTool());
    // 60% faults, a tenth of the requests each: 40 expected, 4 sigma is about 24
    for (Fault fault : List.of(Fault.THROTTLED_429, Fault.CONTRACT, Fault.DISALLOWED_TOOL)) {
      assertThat(stats.count(fault)).as(fault.key()).isBetween(16L, 64L);
    }
    assertThat(stats.ok()).isBetween(120L, 200L);
  }

  private static String outcome(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return Integer.toString(response.statusCode());
    }
    JsonNode body;
    try {
      body = ChaosClient.JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      return "malformed";
    }
    JsonNode message = body.path("choices").path(0).path("message");
    if (message.has("tool_calls")) {
      return "tool";
    }
    JsonNode answer = json(message.path("content").asText());
    return new ContractValidator().validate(ChaosClient.SCHEMA, answer).isEmpty()
        ? "ok"
        : "contract";
  }

  @Test
  void answers_a_thousand_slow_requests_at_once() throws Exception {
    server =
        ChaosModelServer.start(
            ChaosSettings.none().withLatency(Latency.fixed(Duration.ofSeconds(2))));
    HttpClient http = ChaosClient.http();
    int requests = 1_000;

    long started = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      responses.add(
          http.sendAsync(
              ChaosClient.post(server, ChaosClient.body("slow " + i)),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(responses).allMatch(r -> r.join().statusCode() == 200);
    assertThat(server.stats().ok()).isEqualTo(requests);
    assertThat(elapsed).as("served side by side, not one after another").isLessThan(20_000);
  }

  @Test
  void lists_models_and_shows_its_spec_and_counts() throws Exception {
    server = ChaosModelServer.start(ChaosSettings.parse("503=0.25,seed=9"));

    HttpResponse<String> models = ChaosClient.get(server, "/v1/models");
    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(json(models.body()).path("data").findValuesAsText("id"))
        .contains("gpt-4o-mini", "gpt-4o");

    HttpResponse<String> state = ChaosClient.get(server, "/chaos");
    assertThat(json(state.body()).path("spec").asText()).isEqualTo("latency=none,503=0.25,seed=9");
    assertThat(json(state.body()).path("baseUrl").asText()).isEqualTo(server.baseUrl());
    assertThat(json(state.body()).path("stats").path("ok").asLong()).isZero();

    assertThat(ChaosClient.get(server, "/v2/nothing").statusCode()).isEqualTo(404);
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
  }

  @Test
  void refuses_a_body_that_is_not_a_chat_request_without_counting_it() throws Exception {
    server = ChaosModelServer.start(ChaosSettings.faults(1.0));

    HttpResponse<String> response =
        ChaosClient.http()
            .send(
                ChaosClient.post(server, "{\"messages\":[]}"),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("error").path("message").asText())
        .contains("'messages' must be a non-empty array");
    assertThat(server.stats().total()).isZero();
  }
}
