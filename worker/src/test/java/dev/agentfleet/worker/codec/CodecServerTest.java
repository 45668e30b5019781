package dev.agentfleet.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.agentfleet.workflows.codec.AesGcmPayloadCodec;
import dev.agentfleet.workflows.codec.PayloadKey;
import dev.agentfleet.workflows.codec.PayloadKeys;
import io.temporal.api.common.v1.Payload;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The codec endpoint over real HTTP on a loopback port, as the Web UI and the CLI call it. */
class CodecServerTest {

  private static final String TOKEN = "s3cret-token-for-tests-0123456789";
  private static final String UI = "http://localhost:8233";
  private static final String MARKER = "zelda.marker-7f3a@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final AesGcmPayloadCodec codec = new AesGcmPayloadCodec(ring(key("k1", 1)));
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private CodecServer server;

  @BeforeEach
  void start() throws Exception {
    server = new CodecServer(new InetSocketAddress("127.0.0.1", 0), codec, TOKEN, List.of(UI));
    logs.start();
    ((Logger) LoggerFactory.getLogger(CodecServer.class)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(CodecServer.class)).detachAppender(logs);
    server.close();
  }

  private static PayloadKey key(String id, int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return new PayloadKey(id, bytes);
  }

  private static PayloadKeys ring(PayloadKey... keys) {
    return new PayloadKeys(List.of(keys));
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A body as the Web UI sends it: metadata values and data in base64. */
  private static String plainBody(String text) {
    return "{\"payloads\":[{\"metadata\":{\"encoding\":\""
        + b64("json/plain")
        + "\"},\"data\":\""
        + b64("\"" + text + "\"")
        + "\"}]}";
  }

  private static String encryptedBody(Payload encrypted) throws Exception {
    return "{\"payloads\":[{\"metadata\":{"
        + String.join(
            ",",
            encrypted.getMetadataMap().entrySet().stream()
                .map(
                    e ->
                        "\""
                            + e.getKey()
                            + "\":\""
                            + Base64.getEncoder().encodeToString(e.getValue().toByteArray())
                            + "\"")
                .toList())
        + "},\"data\":\""
        + Base64.getEncoder().encodeToString(encrypted.getData().toByteArray())
        + "\"}]}";
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Payload encrypted(String text) {
    return codec
        .encode(
            List.of(
                Payload.newBuilder()
                    .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                    .setData(ByteString.copyFromUtf8("\"" + text + "\""))
                    .build()))
        .getFirst();
  }

  @Test
  void an_anonymous_request_is_refused_with_401_and_learns_nothing() throws Exception {
    HttpResponse<String> response = post("/decode", encryptedBody(encrypted(MARKER)));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"fleet-codec\"");
    assertThat(response.body()).doesNotContain(MARKER);
  }

  @Test
  void a_wrong_token_or_another_scheme_is_refused_with_401() throws Exception {
    String body = encryptedBody(encrypted(MARKER));

    HttpResponse<String> wrong = post("/decode", body, "Authorization", "Bearer " + TOKEN + "x");
    HttpResponse<String> basic =
        post("/decode", body, "Authorization", "Basic " + b64("admin:" + TOKEN));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");
    assertThat(wrong.body()).doesNotContain(MARKER);
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void the_web_ui_preflight_gets_cors_headers_without_a_token() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", UI)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(UI);
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("POST");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .containsIgnoringCase("authorization")
        .containsIgnoringCase("x-namespace")
        .containsIgnoringCase("content-type");
    assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
  }

  @Test
  void another_origin_gets_403_and_no_cors_headers_even_with_the_token() throws Exception {
    HttpResponse<String> response =
        post(
            "/decode",
            encryptedBody(encrypted(MARKER)),
            "Origin",
            "https://evil.example",
            "Authorization",
            "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(response.body()).doesNotContain(MARKER);
  }

  @Test
  void decode_with_the_token_returns_the_plaintext_payload() throws Exception {
    HttpResponse<String> response =
        post(
            "/decode",
            encryptedBody(encrypted(MARKER)),
            "Authorization",
            "Bearer " + TOKEN,
            "Origin",
            UI,
            "X-Namespace",
            "default",
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(UI);
    JsonNode payload = JSON.readTree(response.body()).path("payloads").get(0);
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.path("metadata").path("encoding").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo("json/plain");
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.path("data").asText()), StandardCharsets.UTF_8))
        .isEqualTo("\"" + MARKER + "\"");
  }

  @Test
  void encode_then_decode_round_trips_under_a_namespace_prefix() throws Exception {
    HttpResponse<String> encoded =
        post("/default/encode", plainBody(MARKER), "Authorization", "bearer " + TOKEN);

    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
    assertThat(encoded.body()).doesNotContain(b64("\"" + MARKER + "\""));
    JsonNode metadata = JSON.readTree(encoded.body()).path("payloads").get(0).path("metadata");
    assertThat(metadata.path("encoding").asText()).isEqualTo(b64("binary/encrypted"));
    assertThat(metadata.path("encryption-key-id").asText()).isEqualTo(b64("k1"));

    HttpResponse<String> decoded =
        post("/default/decode", encoded.body(), "Authorization", "Bearer " + TOKEN);

    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(decoded.body())).isEqualTo(JSON.readTree(plainBody(MARKER)));
  }

  @Test
  void a_payload_under_an_unknown_key_gets_422_naming_the_key() throws Exception {
    Payload foreign =
        new AesGcmPayloadCodec(ring(key("k-retired", 9)))
            .encode(List.of(Payload.newBuilder().setData(ByteString.copyFromUtf8("x")).build()))
            .getFirst();

    HttpResponse<String> response =
        post("/decode", encryptedBody(foreign), "Authorization", "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("key 'k-retired'");
  }

  @Test
  void malformed_bodies_unknown_paths_and_other_methods_are_refused() throws Exception {
    assertThat(post("/decode", "{not json", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(400);
    assertThat(post("/metrics", "{}", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(404);
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/decode"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void neither_payloads_nor_tokens_reach_the_log() throws Exception {
    post("/decode", encryptedBody(encrypted(MARKER)), "Authorization", "Bearer " + TOKEN);
    post("/decode", encryptedBody(encrypted(MARKER)), "Authorization", "Bearer wrong-" + TOKEN);
    post("/decode", encryptedBody(encrypted(MARKER)));

    assertThat(logs.list).as("refusals are logged").hasSizeGreaterThanOrEqualTo(2);
    for (ILoggingEvent event : logs.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(MARKER).doesNotContain(TOKEN);
    }
  }
}
