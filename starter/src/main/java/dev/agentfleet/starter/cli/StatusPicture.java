package dev.agentfleet.starter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.approval.ApprovalRequest;
import dev.agentfleet.workflows.blob.BlobReferences;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The approver's picture in {@code fleet status}: the record's own text and the proposal's fields,
 * texts indented under their name with line breaks kept, long ones cut to their first lines unless
 * {@code --full} is given. Control characters are shown escaped, so a record cannot move the
 * terminal's cursor or change its colours.
 */
final class StatusPicture {

  /** Lines of one text shown before it is cut. */
  static final int FOLD_LINES = 6;

  /** Characters of one text shown before it is cut. */
  static final int FOLD_CHARS = 600;

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusPicture() {}

  static void record(Map<String, Object> input, PrintStream out, boolean full) {
    if (input == null || input.isEmpty()) {
      return;
    }
    out.println();
    out.println("Record");
    input.forEach((name, value) -> value(out, "  ", name, value, full));
  }

  static void proposal(ApprovalRequest request, PrintStream out, boolean full) {
    if (request.proposal() == null || request.proposal().isEmpty()) {
      return;
    }
    out.println("  proposal");
    request
        .proposal()
        .forEach(
            (step, output) -> {
              if (output instanceof Map<?, ?> fields) {
                out.println("    " + safe(step));
                fields.forEach(
                    (name, value) -> value(out, "      ", String.valueOf(name), value, full));
              } else {
                value(out, "    ", step, output, full);
              }
            });
  }

  /** What a routing decision's condition saw, on one line. */
  static String seen(Map<String, Object> seen) {
    if (seen == null || seen.isEmpty()) {
      return "";
    }
    return seen.entrySet().stream()
        .map(e -> e.getKey() + "=" + oneLine(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static void value(
      PrintStream out, String indent, String name, Object value, boolean full) {
    String text;
    String note = null;
    if (BlobReferences.isReference(value)) {
      text = BlobReferences.preview(value);
      note = "(the first part of " + ((Map<?, ?>) value).get("size") + " bytes, in the blob store)";
    } else if (value instanceof String s) {
      text = s;
    } else {
      out.printf("%s%-10s %s%n", indent, safe(name), oneLine(value));
      return;
    }
    List<String> lines = text.strip().lines().toList();
    if (lines.size() <= 1 && text.length() <= 100) {
      out.printf("%s%-10s %s%n", indent, safe(name), safe(text.strip()));
      return;
    }
    out.println(indent + safe(name));
    int shownChars = 0;
    int shown = 0;
    for (String line : lines) {
      if (!full && (shown == FOLD_LINES || shownChars + line.length() > FOLD_CHARS)) {
        out.println(
            indent
                + "  … ("
                + text.length()
                + " characters in "
                + lines.size()
                + " lines; --full shows all)");
        break;
      }
      out.println(indent + "  " + safe(line));
      shown++;
      shownChars += line.length();
    }
    if (note != null) {
      out.println(indent + "  " + note);
    }
  }

  private static String oneLine(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return safe(String.valueOf(value).replaceAll("\\s+", " "));
    }
    try {
      return safe(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      return safe(String.valueOf(value));
    }
  }

  /** Control characters (escape sequences, carriage returns) shown as {@code \\uXXXX}. */
  static String safe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if ((Character.isISOControl(c) && c != '\t') || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
