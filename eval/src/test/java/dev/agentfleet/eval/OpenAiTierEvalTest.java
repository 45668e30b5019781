package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The openai tier's self-reported confidence is measured like any other: eval runs the real
 * OpenAI-compatible provider (against a fake endpoint whose model says "refund, 0.99" to every
 * ticket) and the report shows how badly that confidence is calibrated.
 */
class OpenAiTierEvalTest {

  @TempDir Path home;

  @Test
  void an_overconfident_models_calibration_error_and_missing_threshold_are_reported()
      throws Exception {
    // The first eight demo tickets: two refunds among them, so "refund" is right 2 times in 8.
    List<String> eight =
        Files.readAllLines(ShippedPlaybooks.REPO.resolve("examples/labelled-tickets.jsonl"))
            .subList(0, 8);
    Path file = home.resolve("eight.jsonl");
    Files.write(file, eight);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (FakeOpenAiServer openAi = new FakeOpenAiServer()) {
      code =
          EvalMain.run(
              new String[] {"support-triage", "--labelled", file.toString(), "--json"},
              InputStream.nullInputStream(),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Map.of(
                  "FLEET_REPO", ShippedPlaybooks.REPO.toString(),
                  "FLEET_HOME", home.resolve("fleet").toString(),
                  "FLEET_MODEL_PROVIDER", "openai",
                  "FLEET_OPENAI_BASE_URL", openAi.baseUrl(),
                  "FLEET_OPENAI_API_KEY", "test-key-not-secret"));
      assertThat(openAi.calls.get()).isGreaterThanOrEqualTo(16);
    }

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(report.get("accuracy").asDouble()).isCloseTo(0.25, within(1e-9));
    // Every proposal sits in the top bin at 0.99 while 25% are right: ECE = 0.99 - 0.25.
    assertThat(report.get("ece").asDouble()).isCloseTo(0.74, within(1e-9));
    assertThat(report.get("threshold").get("confidence").isNull()).isTrue();
    assertThat(report.get("threshold").get("coverage").asDouble()).isZero();
  }
}
