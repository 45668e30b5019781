package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads labelled examples from the text of a data file: CSV with a header row (RFC 4180 quoting,
 * fields may span lines) or JSON Lines, chosen by the file name ({@code .jsonl}/{@code .ndjson} are
 * JSON Lines, everything else CSV). A pure function of the text, so the CLI's validation and the
 * worker's fitting read a file alike; every bad row is reported with its line and the good rows are
 * kept.
 */
public final class ExamplesTable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a file held.
   *
   * @param examples the good rows, in file order
   * @param lines the line each good row starts on, parallel to {@code examples}
   * @param problems each bad row or missing column as {@code file:line: what is wrong}
   */
  public record Result(List<Example> examples, List<Integer> lines, List<String> problems) {}

  private ExamplesTable() {}

  /**
   * Parses the file's text.
   *
   * @param allowed the labels a row may carry; empty allows any
   */
  public static Result parse(
      String content, String source, String textColumn, String labelColumn, Set<String> allowed) {
    boolean jsonLines = source.endsWith(".jsonl") || source.endsWith(".ndjson");
    Result raw =
        jsonLines
            ? jsonLines(content, source, textColumn, labelColumn)
            : csv(content, source, textColumn, labelColumn);
    if (allowed.isEmpty()) {
      return raw;
    }
    List<Example> examples = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>(raw.problems());
    for (int i = 0; i < raw.examples().size(); i++) {
      Example example = raw.examples().get(i);
      if (allowed.contains(example.label())) {
        examples.add(example);
        lines.add(raw.lines().get(i));
      } else {
        problems.add(
            source
                + ":"
                + raw.lines().get(i)
                + ": label '"
                + example.label()
                + "' is not one of the step's labels");
      }
    }
    return new Result(examples, lines, problems);
  }

  private static Result jsonLines(String content, String source, String textCol, String labelCol) {
    List<Example> examples = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] rows = content.split("\r?\n", -1);
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i].strip();
      if (row.isEmpty()) {
        continue;
      }
      String at = source + ":" + (i + 1) + ": ";
      JsonNode node;
      try {
        node = JSON.readTree(row);
      } catch (Exception e) {
        problems.add(
            at + "not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
        continue;
      }
      if (!node.isObject()) {
        problems.add(at + "expected a JSON object with '" + textCol + "' and '" + labelCol + "'");
        continue;
      }
      String text = node.path(textCol).isTextual() ? node.get(textCol).asText() : null;
      String label = node.path(labelCol).isValueNode() ? node.get(labelCol).asText() : null;
      add(examples, lines, problems, at, i + 1, text, label, textCol, labelCol);
    }
    return new Result(examples, lines, problems);
  }

  private static Result csv(String content, String source, String textCol, String labelCol) {
    List<Example> examples = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Csv.Record> records;
    try {
      records = Csv.read(content);
    } catch (IllegalArgumentException e) {
      return new Result(List.of(), List.of(), List.of(source + ":" + e.getMessage()));
    }
    if (records.isEmpty()) {
      return new Result(List.of(), List.of(), List.of(source + ":1: the file is empty"));
    }
    List<String> header = records.get(0).fields();
    int textAt = header.indexOf(textCol);
    int labelAt = header.indexOf(labelCol);
    if (textAt < 0 || labelAt < 0) {
      String missing = textAt < 0 ? textCol : labelCol;
      return new Result(
          List.of(),
          List.of(),
          List.of(
              source
                  + ":1: no column '"
                  + missing
                  + "' in the header (columns: "
                  + String.join(", ", header)
                  + ")"));
    }
    for (Csv.Record record : records.subList(1, records.size())) {
      List<String> fields = record.fields();
      String at = source + ":" + record.line() + ": ";
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      if (fields.size() != header.size()) {
        problems.add(
            at + "expected " + header.size() + " fields as in the header, got " + fields.size());
        continue;
      }
      add(
          examples,
          lines,
          problems,
          at,
          record.line(),
          fields.get(textAt),
          fields.get(labelAt),
          textCol,
          labelCol);
    }
    return new Result(examples, lines, problems);
  }

  private static void add(
      List<Example> examples,
      List<Integer> lines,
      List<String> problems,
      String at,
      int line,
      String text,
      String label,
      String textCol,
      String labelCol) {
    if (text == null || text.isBlank()) {
      problems.add(at + "'" + textCol + "' is missing or empty");
    } else if (label == null || label.isBlank()) {
      problems.add(at + "'" + labelCol + "' is missing or empty");
    } else {
      examples.add(new Example(label.strip(), text));
      lines.add(line);
    }
  }
}
