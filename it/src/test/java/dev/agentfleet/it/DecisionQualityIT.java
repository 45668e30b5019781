package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.eval.EvalMain;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * People's decisions as labels, on a real dev server: three large refunds wait for billing; one is
 * approved as proposed and one rejected; {@code fleet stats} and {@code fleet eval
 * --from-decisions} then judge the two decided proposals (one right, one wrong) and leave the
 * undecided one out.
 */
class DecisionQualityIT extends FleetItBase {

  private static final List<String> LARGE_REFUNDS = List.of("T-1006", "T-1014", "T-1024");

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("decision-quality");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void decided_proposals_become_labels_for_stats_and_eval() throws Exception {
    Path input = home.resolve("large-refunds.jsonl");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(example("tickets.jsonl"))) {
      if (LARGE_REFUNDS.stream().anyMatch(id -> line.contains("\"" + id + "\""))) {
        lines.add(line);
      }
    }
    Files.write(input, lines);
    ok(cli.run("run", "support-triage", "--input", input.toString(), "--json"));
    awaitSettled(3, Duration.ofMinutes(2));
    JsonNode pending =
        Await.until(
            "three refunds waiting for billing",
            Duration.ofSeconds(60),
            () -> cli.run("pending", "--json").json(),
            p -> p.size() == 3);
    List<String> waiting = new ArrayList<>();
    pending.forEach(p -> waiting.add(p.path("workflowId").asText()));
    waiting.sort(null);

    ok(cli.run("approve", waiting.get(0), "--as", "alice", "--comment", "receipt checked"));
    Cli.Result rejected =
        cli.run(
            "reject", waiting.get(1), "--as", "alice", "--comment", "not a refund case", "--json");
    ok(rejected);
    assertThat(rejected.json().path("outcome").asText()).isEqualTo("accepted");
    assertThat(rejected.json().path("decision").asText()).isEqualTo("reject");
    assertThat(rejected.json().path("workflowId").asText()).isEqualTo(waiting.get(1));
    Await.until(
        "two decisions to be taken",
        Duration.ofSeconds(60),
        () -> cli.run("pending", "--json").json(),
        p -> p.size() == 1);

    JsonNode stats = cli.run("stats", "--agent", "support-triage", "--json").json();
    JsonNode calibration = stats.path("calibration");
    assertThat(calibration.path("decided").asInt()).isEqualTo(2);
    int decided = 0;
    int accepted = 0;
    for (JsonNode band : calibration.path("bands")) {
      decided += band.path("decided").asInt();
      accepted += band.path("accepted").asInt();
    }
    assertThat(decided).isEqualTo(2);
    assertThat(accepted).isEqualTo(1);
    assertThat(calibration.path("ece").isNumber()).isTrue();
    String text = cli.run("stats", "--agent", "support-triage").out();
    assertThat(text).contains("calibration     ECE ").contains("over 2 decided proposals");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        EvalMain.run(
            new String[] {"support-triage", "--from-decisions", "--json"},
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(
                "TEMPORAL_ADDRESS", server.address(),
                "TEMPORAL_NAMESPACE", "default",
                "FLEET_HOME", home.toString(),
                "FLEET_REPO", Repo.root().toString()));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(report.path("records").asInt()).isEqualTo(2);
    assertThat(report.path("accuracy").asDouble()).isCloseTo(0.5, within(1e-9));
    List<String> labels = new ArrayList<>();
    report.path("labels").forEach(l -> labels.add(l.path("label").asText()));
    assertThat(labels).containsExactly("(unknown)", "refund");
    assertThat(report.path("autoActions")).isEmpty();
    assertThat(report.path("confusions").get(0).path("predicted").asText()).isEqualTo("refund");
  }
}
