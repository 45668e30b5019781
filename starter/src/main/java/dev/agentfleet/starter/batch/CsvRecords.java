package dev.agentfleet.starter.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfleet.starter.records.Rejection;
import dev.agentfleet.workflows.playbook.InputField;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns CSV (RFC 4180: a header row naming the fields, comma-separated values, double quotes around
 * values that hold commas, quotes or line breaks) into JSON Lines that {@link
 * dev.agentfleet.starter.records.RecordReader} judges against the agent's contract. Each record's
 * JSON sits on the line where its row starts in the CSV, with blank lines in between, so a rejected
 * record is reported with its CSV line number. An empty cell is a missing value; a cell under a
 * field the contract declares a number, an integer or a boolean is converted when it reads as one.
 */
final class CsvRecords {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The JSON Lines text, and the rows that could not become a JSON object at all. */
  record Converted(String jsonLines, List<Rejection> rejected) {}

  private CsvRecords() {}

  static Converted toJsonLines(Reader csv, List<InputField> contract) throws IOException {
    Map<String, String> types = new HashMap<>();
    contract.forEach(
        f -> types.put(f.name(), f.type() == null ? "" : f.type().toLowerCase(Locale.ROOT)));
    RowScanner rows = new RowScanner(csv);
    StringBuilder out = new StringBuilder();
    List<Rejection> rejected = new ArrayList<>();
    int lineOfOutput = 1;
    List<String> header = null;
    RowScanner.Row row;
    while ((row = rows.next()) != null) {
      while (lineOfOutput < row.line()) {
        out.append('\n');
        lineOfOutput++;
      }
      if (row.error() != null) {
        rejected.add(new Rejection(row.line(), row.error()));
        continue;
      }
      if (row.blank()) {
        continue;
      }
      if (header == null) {
        header = header(row, rejected);
        if (header == null) {
          return new Converted("", rejected);
        }
        continue;
      }
      if (row.cells().size() != header.size()) {
        rejected.add(
            new Rejection(
                row.line(),
                "row has "
                    + row.cells().size()
                    + " values, the header names "
                    + header.size()
                    + " columns"));
        continue;
      }
      ObjectNode record = JSON.createObjectNode();
      for (int i = 0; i < header.size(); i++) {
        String cell = row.cells().get(i);
        if (!cell.isEmpty()) {
          put(record, header.get(i), cell, types.getOrDefault(header.get(i), ""));
        }
      }
      out.append(JSON.writeValueAsString(record));
    }
    return new Converted(out.toString(), rejected);
  }

  private static List<String> header(RowScanner.Row row, List<Rejection> rejected) {
    List<String> names = row.cells().stream().map(String::strip).toList();
    if (!names.contains("id")) {
      rejected.add(
          new Rejection(
              row.line(),
              "the CSV header must name an \"id\" column, got " + String.join(",", names)));
      return null;
    }
    if (names.stream().distinct().count() != names.size()) {
      rejected.add(new Rejection(row.line(), "the CSV header names a column twice"));
      return null;
    }
    return names;
  }

  private static void put(ObjectNode record, String name, String cell, String type) {
    String text = cell.strip();
    switch (type) {
      case "integer" -> {
        try {
          record.put(name, Long.parseLong(text));
          return;
        } catch (NumberFormatException e) {
          // left as text: the contract check names the field and what it expected
        }
      }
      case "number" -> {
        try {
          record.put(name, new BigDecimal(text).doubleValue());
          return;
        } catch (NumberFormatException e) {
          // left as text, as above
        }
      }
      case "boolean" -> {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          record.put(name, Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
          return;
        }
      }
      default -> {}
    }
    record.put(name, cell);
  }

  /** Reads CSV rows, each with the line it starts on; quoted values may span lines. */
  static final class RowScanner {

    record Row(int line, List<String> cells, String error) {
      boolean blank() {
        return cells.size() == 1 && cells.get(0).isEmpty();
      }
    }

    private final Reader in;
    private int line = 1;
    private int pending = -2;
    private boolean first = true;

    RowScanner(Reader in) {
      this.in = in;
    }

    private int read() throws IOException {
      if (pending != -2) {
        int c = pending;
        pending = -2;
        return c;
      }
      int c = in.read();
      if (first) {
        first = false;
        if (c == '\uFEFF') {
          c = in.read();
        }
      }
      return c;
    }

    /** The next row, or null at the end of the input. */
    Row next() throws IOException {
      int c = read();
      if (c == -1) {
        return null;
      }
      pending = c;
      int start = line;
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      boolean afterQuote = false;
      while (true) {
        c = read();
        if (quoted) {
          if (c == -1) {
            return new Row(start, cells, "a quoted value opened on this line is never closed");
          }
          if (c == '"') {
            int peek = read();
            if (peek == '"') {
              cell.append('"');
            } else {
              quoted = false;
              afterQuote = true;
              pending = peek;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            cell.append((char) c);
          }
          continue;
        }
        if (c == -1 || c == '\n' || c == '\r') {
          if (c == '\r') {
            int peek = read();
            if (peek != '\n') {
              pending = peek;
            }
          }
          if (c != -1) {
            line++;
          }
          cells.add(cell.toString());
          return new Row(start, cells, null);
        }
        if (c == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
          afterQuote = false;
        } else if (c == '"' && cell.isEmpty() && !afterQuote) {
          quoted = true;
        } else if (afterQuote) {
          skipRow();
          return new Row(start, cells, "unexpected text after a closing quote");
        } else {
          cell.append((char) c);
        }
      }
    }

    /** Skips to the end of the current physical line. */
    private void skipRow() throws IOException {
      int c;
      while ((c = read()) != -1) {
        if (c == '\n') {
          line++;
          return;
        }
        if (c == '\r') {
          line++;
          int peek = read();
          if (peek != '\n') {
            pending = peek;
          }
          return;
        }
      }
    }
  }
}
