package dev.agentfleet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.EndStep;
import dev.agentfleet.workflows.playbook.InputField;
import dev.agentfleet.workflows.run.RunStatus;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelledRecordsTest {

  private static final AgentDefinition TICKETS =
      agent(
          new InputField("id", "string", true, 128),
          new InputField("from", "string", true, 320),
          new InputField("subject", "string", true, 20),
          new InputField("body", "string", true, null),
          new InputField("amount", "number", false, null));

  private static final AgentDefinition QUERIES =
      agent(new InputField("id", "string", true, 128), new InputField("text", "string", true, 50));

  private static AgentDefinition agent(InputField... fields) {
    return new AgentDefinition(
        "test",
        null,
        List.of(fields),
        null,
        null,
        null,
        List.of(new EndStep("done", "Done", RunStatus.COMPLETED, "done")));
  }

  private static LabelledFile.Read csv(String text) throws IOException {
    return LabelledFile.read(new StringReader(text), LabelledFile.Format.CSV);
  }

  @Test
  void the_text_column_fills_the_agent_field_of_its_name_and_rows_without_id_get_one_from_the_line()
      throws IOException {
    LabelledFile.Read read = csv("text,category\nmy card is gone,lost_card\n");
    InputMapping mapping = InputMapping.of(QUERIES, read.columns(), null, null);
    assertThat(mapping.labelColumn()).isEqualTo("category");
    assertThat(mapping.textField()).contains("text");
    LabelledRecords.Result result = LabelledRecords.of(read, QUERIES, mapping, Set.of("lost_card"));
    assertThat(result.problems()).isEmpty();
    LabelledRecords.Labelled record = result.records().get(0);
    assertThat(record.item().id()).isEqualTo("line-2");
    assertThat(record.item().fields()).containsEntry("text", "my card is gone");
    assertThat(record.item().fields()).doesNotContainKey("category");
    assertThat(record.label()).isEqualTo("lost_card");
  }

  @Test
  void the_text_column_goes_to_body_when_the_agent_has_no_field_named_like_it() throws IOException {
    LabelledFile.Read read =
        csv("id,from,subject,text,label,amount\nT-1,a@example.com,Hi,please refund,refund,12.50\n");
    InputMapping mapping = InputMapping.of(TICKETS, read.columns(), null, null);
    assertThat(mapping.textField()).contains("body");
    LabelledRecords.Labelled record =
        LabelledRecords.of(read, TICKETS, mapping, Set.of("refund")).records().get(0);
    assertThat(record.item().id()).isEqualTo("T-1");
    assertThat(record.item().fields()).containsEntry("body", "please refund");
    assertThat(((Number) record.item().fields().get("amount")).doubleValue()).isEqualTo(12.5);
  }

  @Test
  void a_required_field_no_column_fills_is_refused_before_anything_runs() throws IOException {
    LabelledFile.Read read = csv("text,label\nhello,a\n");
    assertThatThrownBy(() -> InputMapping.of(TICKETS, read.columns(), null, null))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("needs the input fields from, subject")
        .hasMessageContaining("--text-field");
  }

  @Test
  void a_file_without_a_label_column_is_refused_naming_the_columns() throws IOException {
    LabelledFile.Read read = csv("text,answer\nhello,a\n");
    assertThatThrownBy(() -> InputMapping.of(QUERIES, read.columns(), null, null))
        .hasMessageContaining("no label column (looked for label, category, intent)")
        .hasMessageContaining("--label-field");
    assertThat(InputMapping.of(QUERIES, read.columns(), null, "answer").labelColumn())
        .isEqualTo("answer");
  }

  @Test
  void rows_the_step_cannot_judge_or_the_contract_refuses_are_left_out_with_their_line()
      throws IOException {
    LabelledFile.Read read =
        csv(
            "id,text,label\n"
                + "A,fine,a\n"
                + "B,no label,\n"
                + "C,unknown label,zzz\n"
                + "D,"
                + "x".repeat(60)
                + ",a\n"
                + "A,same id,a\n");
    InputMapping mapping = InputMapping.of(QUERIES, read.columns(), null, null);
    LabelledRecords.Result result = LabelledRecords.of(read, QUERIES, mapping, Set.of("a", "b"));
    assertThat(result.records()).extracting(LabelledRecords.Labelled::line).containsExactly(2);
    assertThat(result.problems())
        .extracting(LabelledFile.Problem::toString)
        .containsExactly(
            "line 3: no label in column 'label'",
            "line 4: label 'zzz' is not one the step can give (a, b)",
            "line 5: field \"text\" is 60 characters long, the limit is 50",
            "line 6: id 'A' was first used on line 2");
  }
}
