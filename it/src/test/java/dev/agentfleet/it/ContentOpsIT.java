package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The newsletter briefs end to end on a real dev server, through the CLI as an editor drives it:
 * every edition waits for an editor, one editor fixes a title, and then each edition is in the
 * publisher's ledger exactly once per language, the fixed title as the editor wrote it.
 */
class ContentOpsIT extends FleetItBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EDITED = "NL-2025-06";
  private static final String FIXED_TITLE = "What we shipped in May: boards twice as fast";

  @BeforeAll
  static void up() throws Exception {
    startFleetWithWorker("content-ops");
  }

  @AfterAll
  static void down() throws Exception {
    stopFleet();
  }

  @Test
  void briefs_wait_for_an_editor_then_publish_once_per_language() throws Exception {
    Cli.Result valid = cli.run("agents", "validate", "content-ops");
    assertThat(valid.exit()).as(valid.out() + valid.err()).isZero();

    Map<String, List<String>> languages = languagesByRecord();
    Cli.Result started =
        cli.run("run", "content-ops", "--input", example("briefs.jsonl").toString(), "--json");
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.json().path("started")).hasSize(languages.size());

    JsonNode pending =
        Await.until(
            "every brief waiting for an editor",
            Duration.ofSeconds(90),
            () -> cli.run("pending", "--json").json(),
            p -> p.size() == languages.size());
    for (JsonNode approval : pending) {
      assertThat(approval.path("stepId").asText()).isEqualTo("editor_review");
      assertThat(approval.path("role").asText()).isEqualTo("editor");
    }
    assertThat(ledgerRows("SELECT post_id FROM sandbox_posts"))
        .as("nothing is published before an editor approves")
        .isEmpty();

    Cli.Result wrongRole = cli.run("approve", "content-ops/" + EDITED, "--as", "bob");
    assertThat(wrongRole.exit()).as("bob is no editor").isNotZero();
    for (String recordId : languages.keySet()) {
      Cli.Result approved =
          recordId.equals(EDITED)
              ? cli.run(
                  "approve",
                  "content-ops/" + recordId,
                  "--as",
                  "erin",
                  "--set",
                  "title=" + FIXED_TITLE)
              : cli.run("approve", "content-ops/" + recordId, "--as", "erin");
      assertThat(approved.exit()).as(recordId + ": " + approved.err()).isZero();
    }

    JsonNode runs =
        Await.until(
            "every edition published",
            Duration.ofSeconds(90),
            () -> cli.run("runs", "--agent", "content-ops", "--json").json(),
            r ->
                r.size() == languages.size()
                    && statuses(r).stream().allMatch(s -> s.equals("completed")));
    assertThat(statuses(runs)).containsOnly("completed");

    JsonNode posts = cli.run("sandbox", "posts", "--json").json();
    Map<String, List<String>> published = new HashMap<>();
    for (JsonNode post : posts) {
      assertThat(post.path("status").asText()).isEqualTo("published");
      String recordId = post.path("workflowId").asText().substring("content-ops/".length());
      published
          .computeIfAbsent(recordId, k -> new ArrayList<>())
          .add(post.path("language").asText());
    }
    assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(languages.keySet());
    languages.forEach(
        (recordId, wanted) ->
            assertThat(published.get(recordId))
                .as("the posts of %s, once per language", recordId)
                .containsExactlyInAnyOrderElementsOf(wanted));
    for (JsonNode post : posts) {
      if (post.path("workflowId").asText().equals("content-ops/" + EDITED)) {
        assertThat(post.path("title").asText()).isEqualTo(FIXED_TITLE);
      }
    }

    JsonNode edited = cli.run("status", "content-ops/" + EDITED, "--json").json();
    assertThat(edited.path("approvals")).hasSize(1);
    assertThat(edited.path("approvals").get(0).path("status").asText()).isEqualTo("edited");
    assertThat(edited.path("approvals").get(0).path("decidedBy").asText()).isEqualTo("erin");
    JsonNode german = edited.path("outputs").path("translate").path("results").get(1);
    assertThat(german.path("note").asText()).startsWith("offline glossary substitution into de");
  }

  /** The languages each brief in the example file asks for, by record id. */
  private static Map<String, List<String>> languagesByRecord() throws Exception {
    Map<String, List<String>> languages = new HashMap<>();
    for (String line : Files.readAllLines(example("briefs.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode brief = JSON.readTree(line);
      List<String> wanted = new ArrayList<>();
      brief.path("languages").forEach(l -> wanted.add(l.asText()));
      languages.put(brief.path("id").asText(), wanted);
    }
    return languages;
  }
}
