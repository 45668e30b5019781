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

  private record Ran(int code, JsonNode report, String err) {}

  private Ran eval(FakeOpenAiServer openAi, Path file, Map<String, String> more, String... options)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "FLEET_REPO", ShippedPlaybooks.REPO.toString(),
                "FLEET_HOME", home.resolve("fleet").toString(),
                "FLEET_MODEL_PROVIDER", "openai",
                "FLEET_OPENAI_BASE_URL", openAi.baseUrl(),
                "FLEET_OPENAI_API_KEY", "test-key-not-secret"));
    env.putAll(more);
    List<String> args =
        new java.util.ArrayList<>(
            List.of("support-triage", "--labelled", file.toString(), "--json"));
    args.addAll(List.of(options));
    int code =
        EvalMain.run(
            args.toArray(String[]::new),
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    String errText = err.toString(StandardCharsets.UTF_8);
    return new Ran(
        code,
        code == 0 ? new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)) : null,
        errText);
  }

  @Test
  void an_overconfident_models_calibration_is_reported_and_a_fitted_calibration_corrects_it()
      throws Exception {
    // The first eight demo tickets: two refunds among them, so "refund" is right 2 times in 8.
    List<String> eight =
        Files.readAllLines(ShippedPlaybooks.REPO.resolve("examples/labelled-tickets.jsonl"))
            .subList(0, 8);
    Path file = home.resolve("eight.jsonl");
    Files.write(file, eight);
    Path calibrations = Files.createDirectories(home.resolve("calibration"));
    Path fitted = calibrations.resolve("support-triage.classify.json");
    try (FakeOpenAiServer openAi = new FakeOpenAiServer()) {
      Ran raw = eval(openAi, file, Map.of(), "--fit-calibration", fitted.toString());
      assertThat(openAi.calls.get()).isGreaterThanOrEqualTo(16);
      assertThat(raw.code()).as(raw.err()).isZero();
      assertThat(raw.report().get("accuracy").asDouble()).isCloseTo(0.25, within(1e-9));
      // Every proposal sits in the top bin at 0.99 while 25% are right: ECE = 0.99 - 0.25.
      assertThat(raw.report().get("ece").asDouble()).isCloseTo(0.74, within(1e-9));
      assertThat(raw.report().get("threshold").get("confidence").isNull()).isTrue();
      assertThat(raw.report().get("threshold").get("coverage").asDouble()).isZero();
      assertThat(raw.err()).contains("openai/gpt-4o-mini's confidence mapped in 1 blocks");
      assertThat(Files.readString(fitted)).contains("\"answeredBy\" : \"openai/gpt-4o-mini\"");

      // The step now uses the calibration eval fitted: 0.99 means 0.25, as measured.
      Ran calibrated = eval(openAi, file, Map.of("FLEET_CALIBRATION_DIR", calibrations.toString()));
      assertThat(calibrated.code()).as(calibrated.err()).isZero();
      assertThat(calibrated.report().get("ece").asDouble()).isCloseTo(0.0, within(1e-9));
      assertThat(calibrated.report().get("accuracy").asDouble()).isCloseTo(0.25, within(1e-9));
    }
  }
}
