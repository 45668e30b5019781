package dev.agentfleet.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.playbook.lint.LintResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Classify steps that take their labelled examples from a data file next to the playbook. */
class ExamplesFileTest {

  private static final String PLAYBOOK =
      """
      name: intents
      steps:
        - id: classify
          kind: model
          tier: small
          task: classify
          prompt: "{{input.text}}"
          labels: [card_arrival, lost_card]
          examples: {file: data/intents.csv, text: text, label: category}
          output: {type: object, properties: {category: {type: string}}}
          next: done
        - {id: done, kind: end, status: completed}
      """;

  private static final String GOOD =
      """
      text,category
      "Where is my card, it has not come",card_arrival
      "I lost my card
      yesterday",lost_card
      still waiting for the card,card_arrival
      """;

  private static ExampleFiles.Reader files(Map<String, String> contents) {
    return path -> {
      String text = contents.get(path);
      if (text == null) {
        throw new NoSuchFileException(path);
      }
      return text.getBytes(StandardCharsets.UTF_8);
    };
  }

  @Test
  void csv_rows_keep_quoted_commas_and_line_breaks_and_name_their_lines() {
    ExamplesTable.Result table =
        ExamplesTable.parse(GOOD, "intents.csv", "text", "category", Set.of());

    assertThat(table.problems()).isEmpty();
    assertThat(table.examples())
        .containsExactly(
            new Example("card_arrival", "Where is my card, it has not come"),
            new Example("lost_card", "I lost my card\nyesterday"),
            new Example("card_arrival", "still waiting for the card"));
    assertThat(table.lines()).containsExactly(2, 3, 5);
  }

  @Test
  void bad_rows_are_reported_with_their_line_and_the_good_ones_kept() {
    String csv =
        """
        text,category
        fine text,card_arrival
        ,card_arrival
        too,many,fields
        another,teleport_card
        """;

    ExamplesTable.Result table =
        ExamplesTable.parse(
            csv, "intents.csv", "text", "category", Set.of("card_arrival", "lost_card"));

    assertThat(table.examples()).containsExactly(new Example("card_arrival", "fine text"));
    assertThat(table.problems())
        .containsExactly(
            "intents.csv:3: 'text' is missing or empty",
            "intents.csv:4: expected 2 fields as in the header, got 3",
            "intents.csv:5: label 'teleport_card' is not one of the step's labels");
  }

  @Test
  void a_missing_column_is_named_with_the_columns_there_are() {
    ExamplesTable.Result table =
        ExamplesTable.parse("query,intent\nhi,x\n", "q.csv", "text", "category", Set.of());

    assertThat(table.problems())
        .containsExactly("q.csv:1: no column 'text' in the header (columns: query, intent)");
  }

  @Test
  void json_lines_are_read_by_field_and_bad_lines_named() {
    String jsonl =
        """
        {"text": "card not here yet", "category": "card_arrival"}
        not json
        {"text": "lost it", "category": "lost_card"}
        """;

    ExamplesTable.Result table =
        ExamplesTable.parse(jsonl, "x.jsonl", "text", "category", Set.of());

    assertThat(table.examples()).hasSize(2);
    assertThat(table.lines()).containsExactly(1, 3);
    assertThat(table.problems()).singleElement().asString().startsWith("x.jsonl:2: not a JSON");
  }

  @Test
  void the_definition_carries_the_file_and_its_hash_not_the_rows() throws Exception {
    LintResult result =
        PlaybookParser.check(PLAYBOOK, "intents.yaml", files(Map.of("data/intents.csv", GOOD)));

    assertThat(result.messages()).isEmpty();
    ModelStep step = (ModelStep) result.playbook().definition().requireStep("classify");
    assertThat(step.examples().inline()).isEmpty();
    assertThat(step.examples().file().file()).isEqualTo("data/intents.csv");
    assertThat(step.examples().file().label()).isEqualTo("category");
    assertThat(step.examples().file().sha256())
        .isEqualTo(ExampleFiles.sha256(GOOD.getBytes(StandardCharsets.UTF_8)));
    String json = new ObjectMapper().writeValueAsString(result.playbook().definition());
    assertThat(json).doesNotContain("not come").contains("\"sha256\":\"");
    assertThat(new ObjectMapper().readValue(json, AgentDefinition.class))
        .isEqualTo(result.playbook().definition());
  }

  @Test
  void a_changed_data_file_changes_the_playbook_version() {
    String before =
        PlaybookParser.check(PLAYBOOK, "i.yaml", files(Map.of("data/intents.csv", GOOD)))
            .playbook()
            .hash();
    String after =
        PlaybookParser.check(
                PLAYBOOK, "i.yaml", files(Map.of("data/intents.csv", GOOD + "lost,lost_card\n")))
            .playbook()
            .hash();

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void validate_names_the_playbook_line_and_the_data_files_bad_rows() {
    String bad = GOOD + "teleport me,teleport_card\n";

    LintResult result =
        PlaybookParser.check(PLAYBOOK, "intents.yaml", files(Map.of("data/intents.csv", bad)));

    assertThat(result.valid()).isFalse();
    assertThat(result.messages())
        .singleElement()
        .asString()
        .startsWith("intents.yaml:9:")
        .contains("data/intents.csv:6: label 'teleport_card' is not one of the step's labels");
  }

  @Test
  void a_missing_data_file_is_a_problem_at_the_step() {
    LintResult result = PlaybookParser.check(PLAYBOOK, "intents.yaml", files(Map.of()));

    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("no data file 'data/intents.csv' next to the playbook");
  }

  @Test
  void a_path_outside_the_playbooks_folder_is_refused() {
    LintResult result =
        PlaybookParser.check(
            PLAYBOOK.replace("data/intents.csv", "../secrets.csv"), "intents.yaml", null);

    assertThat(result.messages())
        .anyMatch(m -> m.contains("expected a path relative to the playbook's folder"));
  }

  @Test
  void inline_examples_still_read_and_write_as_a_list() throws Exception {
    Path file = Path.of("..", "agents", "support-triage.yaml");
    Playbook playbook = PlaybookParser.parse(Files.readString(file), file.toString());
    ModelStep step = (ModelStep) playbook.definition().requireStep("classify");

    assertThat(step.examples().inline()).hasSize(28);
    String json = new ObjectMapper().writeValueAsString(step);
    assertThat(json).contains("\"examples\":[{\"label\":\"refund\"");
    assertThat(new ObjectMapper().readValue(json, StepDef.class)).isEqualTo(step);
  }

  @Test
  void shipped_bank_support_playbook_pins_its_training_fold() throws Exception {
    Path folder = Path.of("..", "agents");
    String text = Files.readString(folder.resolve("bank-support.yaml"));

    LintResult result =
        PlaybookParser.check(
            text, "bank-support.yaml", relative -> Files.readAllBytes(folder.resolve(relative)));

    assertThat(result.messages()).isEmpty();
    ModelStep step = (ModelStep) result.playbook().definition().requireStep("classify");
    assertThat(step.labels()).hasSize(77);
    assertThat(step.examples().file().sha256()).hasSize(64);
    assertThat(List.of(step.examples().file().text(), step.examples().file().label()))
        .containsExactly("text", "category");
  }
}
