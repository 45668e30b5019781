package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet eval support-triage} over a small labelled file, in-process: the real offline model
 * (all-MiniLM-L6-v2) through the execution plane's model activities, the real route rules, no
 * Temporal.
 */
class EvalEndToEndTest {

  private static final List<String> SHAPE =
      List.of(
          "agent",
          "version",
          "step",
          "records",
          "accuracy",
          "macroF1",
          "ece",
          "labels",
          "confusions",
          "riskCoverage",
          "autoActions",
          "threshold");

  @TempDir Path home;

  private record Ran(int code, String out, String err) {}

  private Ran eval(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        EvalMain.run(
            args,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("FLEET_REPO", ShippedPlaybooks.REPO.toString(), "FLEET_HOME", home.toString()));
    return new Ran(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path labelled(int records, String... extraLines) throws Exception {
    List<String> lines =
        new ArrayList<>(
            Files.readAllLines(ShippedPlaybooks.REPO.resolve("examples/labelled-tickets.jsonl"))
                .subList(0, records));
    lines.addAll(List.of(extraLines));
    Path file = Files.createTempFile(home.getParent(), "labelled", ".jsonl");
    Files.write(file, lines);
    return file;
  }

  @Test
  void evaluates_support_triage_over_labelled_tickets_and_prints_the_stable_json_shape()
      throws Exception {
    Path file = labelled(12);
    Path html = home.getParent().resolve("eval-report-" + System.nanoTime() + ".html");
    Ran ran =
        eval("support-triage", "--labelled", file.toString(), "--json", "--html", html.toString());

    assertThat(ran.code()).as(ran.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(ran.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyElementsOf(SHAPE);
    assertThat(json.get("agent").asText()).isEqualTo("support-triage");
    assertThat(json.get("step").asText()).isEqualTo("classify");
    assertThat(json.get("records").asInt()).isEqualTo(12);
    int support = 0;
    for (JsonNode label : json.get("labels")) {
      support += label.get("support").asInt();
      assertThat(label.has("precision") && label.has("recall")).isTrue();
    }
    assertThat(support).isEqualTo(12);
    double accuracy = json.get("accuracy").asDouble();
    assertThat(accuracy).isBetween(0.5, 1.0);
    JsonNode last = json.get("riskCoverage").get(json.get("riskCoverage").size() - 1);
    assertThat(last.get("coverage").asDouble()).isEqualTo(1.0);
    assertThat(last.get("precision").asDouble()).isEqualTo(accuracy);
    assertThat(json.get("autoActions"))
        .extracting(a -> a.get("rule").asText())
        .containsExactly("triage/auto_refund_small", "reply_gate/confident_reply");
    assertThat(json.get("threshold").get("targetPrecision").asDouble()).isEqualTo(0.99);
    assertThat(Files.readString(html))
        .contains("<svg id=\"reliability\"", "<svg id=\"risk-coverage\"");
    // Nothing touched the world: no ledger, audit log or any other file in the fleet home.
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void bad_rows_are_reported_with_their_line_and_the_rest_is_evaluated() throws Exception {
    Path file =
        labelled(
            3,
            "{\"id\":\"X-1\",\"from\":\"a@example.com\",\"subject\":\"s\",\"body\":\"b\",\"label\":\"nonsense\"}",
            "{not json");
    Ran ran = eval("support-triage", "--labelled", file.toString());

    assertThat(ran.code()).as(ran.err()).isEqualTo(3);
    assertThat(ran.out())
        .contains("3 records from")
        .contains("confidence from offline/")
        .contains("line 4: label 'nonsense' is not one the step can give")
        .contains("line 5: not valid JSON")
        .contains("accuracy")
        .contains("reliability (15 equal-width bins")
        .contains("triage/auto_refund_small -> refund (payments.refund)");
  }

  @Test
  void a_file_that_cannot_fill_the_agents_input_is_refused_with_what_to_do() throws Exception {
    Path file = Files.createTempFile(home.getParent(), "labelled", ".csv");
    Files.writeString(file, "text,label\nmy parcel is late,shipping\n");
    Ran ran = eval("support-triage", "--labelled", file.toString());
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.err())
        .contains("error: agent support-triage needs the input fields from, subject")
        .contains("input.body");
  }

  @Test
  void usage_mistakes_exit_with_two() {
    assertThat(eval("support-triage").code()).isEqualTo(2);
    assertThat(eval("support-triage", "--labelled", "x.csv", "--target-precision", "1.5").code())
        .isEqualTo(2);
  }
}
