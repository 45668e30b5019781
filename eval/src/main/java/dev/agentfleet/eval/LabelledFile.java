package dev.agentfleet.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a labelled file: CSV with a header row (RFC 4180: commas, double quotes around values that
 * hold commas, quotes or line breaks, {@code ""} for a quote) or JSON Lines (one object a line).
 * Each row keeps the line it starts on, so every problem is reported as {@code line N: what}; a bad
 * row is set aside and the others are read on. An empty CSV cell is a missing value.
 */
public final class LabelledFile {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** The two formats. */
  public enum Format {
    CSV,
    JSONL
  }

  /** One row: the line it starts on and its values by column (JSON values stay typed). */
  public record Row(int line, Map<String, Object> values) {}

  /** A row that could not be read, or a record that cannot be evaluated. */
  public record Problem(int line, String message) {

    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  /**
   * What was read.
   *
   * @param columns every column seen, in order of first appearance (the header for CSV)
   */
  public record Read(Format format, List<String> columns, List<Row> rows, List<Problem> problems) {}

  private LabelledFile() {}

  /** The format a file name says ({@code .csv}, else JSON Lines), or the first character shows. */
  public static Format formatOf(String fileName, String firstText) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return Format.JSONL;
    }
    return firstText.stripLeading().startsWith("{") ? Format.JSONL : Format.CSV;
  }

  /** Reads every row; it does not close the reader. */
  public static Read read(Reader input, Format format) throws IOException {
    return format == Format.CSV ? readCsv(input) : readJsonLines(input);
  }

  private static Read readJsonLines(Reader input) throws IOException {
    BufferedReader lines = new BufferedReader(input);
    Set<String> columns = new LinkedHashSet<>();
    List<Row> rows = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    String text;
    int number = 0;
    while ((text = lines.readLine()) != null) {
      number++;
      if (number == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        problems.add(new Problem(number, "not valid JSON: " + e.getOriginalMessage()));
        continue;
      }
      if (!node.isObject()) {
        problems.add(new Problem(number, "expected a JSON object, got " + node.getNodeType()));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  values.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
              });
      columns.addAll(values.keySet());
      rows.add(new Row(number, values));
    }
    return new Read(Format.JSONL, List.copyOf(columns), rows, problems);
  }

  private static Read readCsv(Reader input) throws IOException {
    CsvScanner scanner = new CsvScanner(input);
    List<Row> rows = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<String> header = null;
    CsvScanner.Cells cells;
    while ((cells = scanner.next()) != null) {
      if (cells.error() != null) {
        problems.add(new Problem(cells.line(), cells.error()));
        continue;
      }
      if (cells.values().size() == 1 && cells.values().get(0).isBlank()) {
        continue;
      }
      if (header == null) {
        header = header(cells, problems);
        if (header == null) {
          return new Read(Format.CSV, List.of(), List.of(), problems);
        }
        continue;
      }
      if (cells.values().size() != header.size()) {
        problems.add(
            new Problem(
                cells.line(),
                "expected "
                    + header.size()
                    + " values ("
                    + String.join(",", header)
                    + "), got "
                    + cells.values().size()));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String value = cells.values().get(i);
        if (!value.isEmpty()) {
          values.put(header.get(i), value);
        }
      }
      rows.add(new Row(cells.line(), values));
    }
    return new Read(Format.CSV, header == null ? List.of() : header, rows, problems);
  }

  private static List<String> header(CsvScanner.Cells cells, List<Problem> problems) {
    List<String> names = new ArrayList<>();
    for (String raw : cells.values()) {
      String name = raw.strip();
      if (cells.line() == 1 && names.isEmpty() && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      if (name.isEmpty() || names.contains(name)) {
        problems.add(
            new Problem(
                cells.line(),
                "the header row needs distinct, non-empty column names, got "
                    + String.join(",", cells.values())));
        return null;
      }
      names.add(name);
    }
    return names;
  }
}
