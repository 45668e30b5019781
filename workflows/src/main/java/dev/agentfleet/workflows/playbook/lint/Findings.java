package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.playbook.lint.YamlPositions.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while the checks walk a playbook, placing each at the line and column of the
 * value its path names and naming steps by their ids, as a person reads them.
 */
final class Findings {

  private final JsonNode root;
  private final YamlPositions positions;
  private final List<Problem> problems = new ArrayList<>();

  Findings(JsonNode root, YamlPositions positions) {
    this.root = root;
    this.positions = positions;
  }

  JsonNode root() {
    return root;
  }

  YamlPositions positions() {
    return positions;
  }

  /** A problem with the value at the path (or, when it is missing, with what encloses it). */
  void at(String path, String what) {
    add(positions.valueAt(path), path, what);
  }

  /** A problem with the key at the path: a field that should not be there. */
  void atKey(String path, String what) {
    add(positions.keyAt(path), path, what);
  }

  void add(Problem problem) {
    problems.add(problem);
  }

  List<Problem> problems() {
    return problems;
  }

  private void add(Position position, String path, String what) {
    problems.add(
        new Problem(
            position.line(),
            position.column(),
            path,
            path.isEmpty() ? oneLine(what) : human(path) + ": " + oneLine(what)));
  }

  /**
   * The path as a person reads it: the step named by its id ({@code step 'triage'}) and list
   * elements that have a name by their name ({@code rules['auto_refund_small']}).
   */
  String human(String path) {
    if (root == null || path.isEmpty()) {
      return path;
    }
    StringBuilder human = new StringBuilder();
    JsonNode node = root;
    String at = "";
    for (String segment : YamlPath.segments(path)) {
      at += segment;
      JsonNode next = node == null ? null : child(node, segment);
      String id = at.matches("steps\\[\\d+]") ? name(next, "id") : null;
      String name = segment.startsWith("[") && id == null ? name(next, "name") : null;
      if (id != null) {
        human.setLength(0);
        human.append("step '").append(id).append('\'');
      } else if (name != null) {
        human.append("['").append(name).append("']");
      } else {
        human.append(segment);
      }
      node = next;
    }
    return human.toString();
  }

  private static JsonNode child(JsonNode node, String segment) {
    if (segment.startsWith("['")) {
      return node.get(segment.substring(2, segment.length() - 2));
    }
    if (segment.startsWith("[")) {
      return node.get(Integer.parseInt(segment.substring(1, segment.length() - 1)));
    }
    return node.get(segment.startsWith(".") ? segment.substring(1) : segment);
  }

  private static String name(JsonNode node, String field) {
    JsonNode name = node == null ? null : node.get(field);
    return name != null && name.isTextual() && !name.asText().isBlank() ? name.asText() : null;
  }

  /**
   * One line of a message that may have more (a CEL error with a caret under the expression): a
   * problem is one line, {@code file:line:column: message}.
   */
  static String oneLine(String message) {
    String first = message.strip().lines().findFirst().orElse("");
    return first.replaceFirst("ERROR: <input>:(\\d+):(\\d+): ", "at $1:$2 of the expression: ");
  }
}
