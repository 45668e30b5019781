package dev.agentfleet.eval;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into rows of cells (RFC 4180), remembering the line each row starts on. A quoted
 * cell may hold commas, line breaks and doubled quotes; a quote that opens and never closes is an
 * error for the row where it opened, and reading stops there (the rest of the file is inside it).
 */
final class CsvScanner {

  /** One row's cells, or the error that made it unreadable. */
  record Cells(int line, List<String> values, String error) {}

  private final Reader input;
  private int line = 1;
  private int pushedBack = -2;
  private boolean done;

  CsvScanner(Reader input) {
    this.input = input;
  }

  /** The next row, or null at the end. */
  Cells next() throws IOException {
    if (done) {
      return null;
    }
    int start = line;
    List<String> values = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    boolean any = false;
    while (true) {
      int c = read();
      if (c == -1) {
        done = true;
        if (quoted) {
          return new Cells(start, List.of(), "a quoted value opened on this line never closes");
        }
        if (!any && values.isEmpty()) {
          return null;
        }
        values.add(cell.toString());
        return new Cells(start, values, null);
      }
      any = true;
      if (quoted) {
        if (c == '"') {
          int after = read();
          if (after == '"') {
            cell.append('"');
          } else {
            quoted = false;
            unread(after);
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append((char) c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          if (cell.isEmpty() && !wasQuoted) {
            quoted = true;
            wasQuoted = true;
          } else {
            return skipRest(start, "a quote inside an unquoted value; quote the whole value");
          }
        }
        case ',' -> {
          values.add(cell.toString());
          cell.setLength(0);
          wasQuoted = false;
        }
        case '\r' -> {
          int after = read();
          if (after != '\n') {
            unread(after);
          }
          line++;
          values.add(cell.toString());
          return new Cells(start, values, null);
        }
        case '\n' -> {
          line++;
          values.add(cell.toString());
          return new Cells(start, values, null);
        }
        default -> {
          if (wasQuoted) {
            return skipRest(start, "text after a closing quote; quote the whole value");
          }
          cell.append((char) c);
        }
      }
    }
  }

  private Cells skipRest(int start, String error) throws IOException {
    int c;
    while ((c = read()) != -1 && c != '\n') {
      // the rest of the broken row
    }
    if (c == -1) {
      done = true;
    } else {
      line++;
    }
    return new Cells(start, List.of(), error);
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return input.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
