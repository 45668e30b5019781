package dev.agentfleet.workflows.playbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.playbook.lint.YamlPositions.Position;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places the record validator's problems in the file. The validator works on the bound records and
 * names places in words ({@code step 'triage'.rules['big'].when}, {@code remember.ttl}); this reads
 * the place back into a path over the tree ({@code steps[2].rules[0].when}) and finds its line.
 */
final class ValidatorMessages {

  /**
   * A place, then ": " and the message: {@code step 'x'.a.b}, {@code steps[1].id}, {@code name}.
   */
  private static final Pattern PLACE =
      Pattern.compile(
          "^((?:step '[^']*'|[A-Za-z_$][\\w$]*)(?:\\.[A-Za-z_$][\\w$]*|\\[\\d+]|\\['[^']*'])*):"
              + " ");

  private static final Pattern SEGMENT =
      Pattern.compile("step '([^']*)'|\\.?([A-Za-z_$][\\w$]*)|\\[(\\d+)]|\\['([^']*)']");

  private static final Pattern INPUT_FIELD = Pattern.compile("^field '([^']*)'");

  private ValidatorMessages() {}

  /**
   * The problem the message describes, placed at its line.
   *
   * @param message as the validator gives it: {@code source: place: what}, or {@code place: what}
   */
  static Problem place(String message, String source, Findings findings) {
    String text =
        message.startsWith(source + ": ") ? message.substring(source.length() + 2) : message;
    Matcher place = PLACE.matcher(text);
    String path = "";
    if (place.find()) {
      path = path(place.group(1), text.substring(place.end()), findings.root());
    }
    Position at = findings.positions().valueAt(path);
    return new Problem(at.line(), at.column(), path, Findings.oneLine(text));
  }

  /** The tree path of a place as the validator words it. */
  static String path(String place, String rest, JsonNode root) {
    String path = "";
    JsonNode node = root;
    Matcher segment = SEGMENT.matcher(place);
    while (segment.find()) {
      if (segment.group(1) != null) {
        int index = indexOf(root.path("steps"), "id", segment.group(1));
        if (index < 0) {
          return "steps";
        }
        path = YamlPath.index("steps", index);
        node = root.path("steps").path(index);
      } else if (segment.group(2) != null) {
        path = YamlPath.key(path, segment.group(2));
        node = node == null ? null : node.path(segment.group(2));
      } else if (segment.group(3) != null) {
        int index = Integer.parseInt(segment.group(3));
        path = YamlPath.index(path, index);
        node = node == null ? null : node.path(index);
      } else {
        int index = indexOf(node, "name", segment.group(4));
        if (index < 0) {
          index = indexOf(node, "id", segment.group(4));
        }
        if (index < 0) {
          return path;
        }
        path = YamlPath.index(path, index);
        node = node.path(index);
      }
    }
    Matcher field = INPUT_FIELD.matcher(rest);
    if (path.equals("input") && field.find()) {
      int index = indexOf(root.path("input"), "name", field.group(1));
      if (index >= 0) {
        path = YamlPath.index(path, index);
      }
    }
    return path;
  }

  private static int indexOf(JsonNode list, String key, String value) {
    if (list == null || !list.isArray()) {
      return -1;
    }
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).path(key).asText(null))
          || (value.equals("null") && list.get(i).path(key).isMissingNode())) {
        return i;
      }
    }
    return -1;
  }
}
