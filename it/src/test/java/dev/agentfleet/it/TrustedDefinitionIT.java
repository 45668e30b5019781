package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edited-playbook attack of issue 11 on a real dev server: a CLI pointed at an edited copy of
 * support-triage ({@code FLEET_AGENTS_DIR=./edited-agents ./fleet run ...}, its refund limit raised
 * from 50 to 5,000) starts a run that the worker refuses before any step, audited, with nothing in
 * the ledger, because the copy is neither deployed with the worker nor published. Once the copy is
 * published ({@code ./fleet agents publish}, signed with the release key), the same CLI's runs run;
 * and the deployed playbook runs as always.
 */
class TrustedDefinitionIT extends FleetItBase {

  private static final Set<String> RAN =
      Set.of("completed", "rejected", "closed", "waiting-approval", "dead-lettered");

  private static Path edited;

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("trust");
    awaitSandboxTables();
    edited = Files.createDirectories(home.resolve("edited-agents"));
    String playbook =
        Files.readString(Repo.root().resolve("agents/support-triage.yaml"), StandardCharsets.UTF_8);
    String changed =
        playbook.replace("steps.extract.currency) <= 50", "steps.extract.currency) <= 5000");
    assertThat(changed).isNotEqualTo(playbook);
    Files.writeString(edited.resolve("support-triage.yaml"), changed, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void an_edited_copy_is_refused_until_published_and_the_deployed_playbook_runs() throws Exception {
    Cli attacker = new Cli(server.address(), home).withEnv("FLEET_AGENTS_DIR", edited.toString());

    // when the edited copy is run
    ok(attacker.run("run", "support-triage", "--input", ticket("T-1014").toString(), "--json"));

    // then the worker refuses it before any step, audits the refusal, and nothing is paid
    String refusedId = "support-triage/T-1014";
    JsonNode refused = awaitStatus(refusedId, Set.of("refused"));
    assertThat(refused.path("steps").size()).isZero();
    assertThat(refused.path("outcome").asText())
        .contains("not trusted by this worker")
        .contains("agents publish");
    assertThat(refused.path("errors").get(0).path("type").asText())
        .isEqualTo("UntrustedDefinition");
    List<List<String>> audit =
        Await.until(
            "the refusal in the audit log",
            Duration.ofSeconds(30),
            () -> audit(refusedId),
            rows -> rows.stream().anyMatch(r -> r.get(0).equals("run")));
    assertThat(audit)
        .anySatisfy(
            r -> {
              assertThat(r.get(0)).isEqualTo("run");
              assertThat(r.get(1))
                  .startsWith("refused: definition support-triage ")
                  .contains("not trusted by this worker");
            });
    assertThat(audit).allSatisfy(r -> assertThat(r.get(0)).isIn("error", "run"));
    assertThat(
            ledgerRows(
                "SELECT COUNT(*) FROM ledger_actions WHERE workflow_id = '" + refusedId + "'"))
        .containsExactly(List.of("0"));
    assertThat(
            ledgerRows(
                "SELECT COUNT(*) FROM sandbox_payments WHERE workflow_id = '" + refusedId + "'"))
        .containsExactly(List.of("0"));

    // when the edited copy is published with the release key, the same CLI's next run runs
    Cli.Result published = attacker.run("agents", "publish", "support-triage");
    ok(published);
    assertThat(published.out()).startsWith("published support-triage ");
    assertThat(published.err()).contains("created the release signing key");
    Cli.Result again = attacker.run("agents", "publish", "support-triage", "--json");
    ok(again);
    assertThat(again.json().path("agent").asText()).isEqualTo("support-triage");
    assertThat(again.json().path("added").asBoolean()).isFalse();
    assertThat(published.out()).contains(again.json().path("sha256").asText());
    ok(attacker.run("run", "support-triage", "--input", ticket("T-1024").toString(), "--json"));
    JsonNode ran = awaitStatus("support-triage/T-1024", RAN);
    assertThat(ran.path("steps").size()).isPositive();

    // and the deployed playbook runs as always
    ok(cli.run("run", "support-triage", "--input", ticket("T-1001").toString(), "--json"));
    JsonNode deployed = awaitStatus("support-triage/T-1001", RAN);
    assertThat(deployed.path("steps").size()).isPositive();
    assertThat(deployed.path("definitionHash").asText())
        .isNotEqualTo(ran.path("definitionHash").asText());
  }

  /** A one-line input file with the example ticket of this id. */
  private static Path ticket(String id) throws Exception {
    Path file = home.resolve(id + ".jsonl");
    List<String> line =
        Files.readAllLines(example("tickets.jsonl"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("\"" + id + "\""))
            .toList();
    assertThat(line).hasSize(1);
    Files.write(file, line, StandardCharsets.UTF_8);
    return file;
  }

  private static JsonNode awaitStatus(String workflowId, Set<String> expected) {
    return Await.until(
        workflowId + " to be one of " + expected,
        Duration.ofMinutes(2),
        () -> cli.run("status", workflowId, "--json").json(),
        s -> expected.contains(s.path("status").asText()));
  }

  private static List<List<String>> audit(String workflowId) {
    try {
      return ledgerRows(
          "SELECT kind, detail FROM audit_log WHERE workflow_id = '"
              + workflowId
              + "' ORDER BY seq");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
