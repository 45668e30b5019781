package dev.agentfleet.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentfleet.starter.records.Duplicate;
import dev.agentfleet.starter.records.InputRecord;
import dev.agentfleet.starter.records.ReadResult;
import dev.agentfleet.starter.records.RecordReader;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.playbook.AgentDefinition;
import dev.agentfleet.workflows.playbook.InputField;
import dev.agentfleet.workflows.run.WorkItem;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rows of a labelled file into the agent's input records with their right labels. Each
 * record is checked against the agent's input contract by the same {@link RecordReader} that {@code
 * fleet run} uses, so a record eval accepts is one a run would accept; a row that fails, has no
 * label, or has a label the step cannot give, is reported with its line and left out.
 */
public final class LabelledRecords {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** One record to evaluate: where it came from, the agent's input and the right label. */
  public record Labelled(int line, WorkItem item, String label) {}

  /** The records to evaluate and the rows left out, by line. */
  public record Result(List<Labelled> records, List<LabelledFile.Problem> problems) {}

  private LabelledRecords() {}

  /**
   * Maps and checks every row.
   *
   * @param labels the labels the classification step can give; a row labelled otherwise is left out
   *     (the step could never be right about it)
   */
  public static Result of(
      LabelledFile.Read read, AgentDefinition definition, InputMapping mapping, Set<String> labels)
      throws IOException {
    List<LabelledFile.Problem> problems = new ArrayList<>(read.problems());
    Map<String, String> types = new HashMap<>();
    definition
        .input()
        .forEach(
            f -> types.put(f.name(), f.type() == null ? "" : f.type().toLowerCase(Locale.ROOT)));
    Map<Integer, String> labelOfLine = new HashMap<>();
    StringBuilder jsonLines = new StringBuilder();
    int lineOfOutput = 1;
    for (LabelledFile.Row row : read.rows()) {
      Object label = row.values().get(mapping.labelColumn());
      String labelText = label == null ? "" : String.valueOf(label).strip();
      if (labelText.isEmpty()) {
        problems.add(
            new LabelledFile.Problem(
                row.line(), "no label in column '" + mapping.labelColumn() + "'"));
        continue;
      }
      if (!labels.contains(labelText)) {
        problems.add(
            new LabelledFile.Problem(
                row.line(),
                "label '"
                    + labelText
                    + "' is not one the step can give ("
                    + String.join(", ", labels.stream().sorted().limit(12).toList())
                    + (labels.size() > 12 ? ", …" : "")
                    + ")"));
        continue;
      }
      Map<String, Object> record = input(row, definition, mapping, types);
      while (lineOfOutput < row.line()) {
        jsonLines.append('\n');
        lineOfOutput++;
      }
      try {
        jsonLines.append(JSON.writeValueAsString(record));
      } catch (JsonProcessingException e) {
        problems.add(
            new LabelledFile.Problem(
                row.line(), "cannot be written as a record: " + e.getOriginalMessage()));
        continue;
      }
      labelOfLine.put(row.line(), labelText);
    }
    ReadResult checked =
        new RecordReader(definition.input()).read(new StringReader(jsonLines.toString()));
    for (Rejection r : checked.rejected()) {
      problems.add(new LabelledFile.Problem(r.line(), r.error()));
    }
    for (Duplicate d : checked.duplicates()) {
      problems.add(
          new LabelledFile.Problem(
              d.line(), "id '" + d.recordId() + "' was first used on line " + d.firstLine()));
    }
    List<Labelled> records = new ArrayList<>();
    for (InputRecord r : checked.records()) {
      records.add(new Labelled(r.line(), r.item(), labelOfLine.get(r.line())));
    }
    problems.sort(Comparator.comparingInt(LabelledFile.Problem::line));
    return new Result(records, problems);
  }

  private static Map<String, Object> input(
      LabelledFile.Row row,
      AgentDefinition definition,
      InputMapping mapping,
      Map<String, String> types) {
    Map<String, Object> record = new LinkedHashMap<>();
    Object id = row.values().get("id");
    record.put("id", id == null ? "line-" + row.line() : id);
    if (definition.input().isEmpty()) {
      // An agent that declares no input takes every field: every column but the label.
      row.values()
          .forEach(
              (column, value) -> {
                if (!column.equals(mapping.labelColumn()) && !column.equals("id")) {
                  record.put(column, value);
                }
              });
    }
    for (InputField field : definition.input()) {
      Object value = row.values().get(field.name());
      if (value != null && !field.name().equals("id")) {
        record.put(field.name(), typed(value, types.get(field.name())));
      }
    }
    if (mapping.textField().isPresent()) {
      Object text = row.values().get(mapping.textColumn());
      if (text != null) {
        record.putIfAbsent(mapping.textField().get(), text);
      }
    }
    return record;
  }

  /** A CSV cell under a number or boolean field, converted when it reads as one. */
  private static Object typed(Object value, String type) {
    if (!(value instanceof String text) || type == null) {
      return value;
    }
    try {
      return switch (type) {
        case "number" -> new BigDecimal(text.strip());
        case "integer" -> Long.parseLong(text.strip());
        case "boolean" ->
            text.strip().equalsIgnoreCase("true")
                ? Boolean.TRUE
                : text.strip().equalsIgnoreCase("false") ? Boolean.FALSE : text;
        default -> value;
      };
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
