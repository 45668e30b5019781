package dev.agentfleet.workflows.playbook.lint;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each value and key of a YAML text lies, by path ({@code steps[3].rules[1].when} → line 42,
 * column 15). Built from SnakeYAML's node tree, the parser Jackson's YAML support runs on, so the
 * positions are those of the same reading of the text.
 */
public final class YamlPositions {

  /** A 1-based place in the text. */
  public record Position(int line, int column) {

    static final Position START = new Position(1, 1);

    static Position of(Mark mark) {
      return mark == null ? START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
  }

  /** A key a mapping holds a second time: YAML readers keep only the last, silently. */
  record Duplicate(String path, int firstLine, Position at) {}

  private final Map<String, Position> values = new HashMap<>();
  private final Map<String, Position> keys = new HashMap<>();
  private final List<Duplicate> duplicates = new ArrayList<>();
  private Problem syntaxError;

  private YamlPositions() {}

  /** Reads the text's node tree and records every position, every duplicate key or the error. */
  static YamlPositions read(String text) {
    YamlPositions positions = new YamlPositions();
    Node root;
    try {
      root = new Yaml(PlaybookYaml.loaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Position at = Position.of(mark);
      positions.syntaxError =
          new Problem(at.line(), at.column(), "", "YAML syntax: " + describe(e));
      return positions;
    } catch (YAMLException e) {
      positions.syntaxError = new Problem(1, 1, "", "YAML: " + e.getMessage());
      return positions;
    }
    if (root != null) {
      positions.walk(root, "", new HashSet<>());
    }
    return positions;
  }

  /** The YAML syntax error that stopped the reading, or null. */
  Problem syntaxError() {
    return syntaxError;
  }

  /** The keys given twice, in the order they came. */
  List<Duplicate> duplicates() {
    return duplicates;
  }

  /** The position of the value at the path, or of the nearest enclosing value that is there. */
  public Position valueAt(String path) {
    for (String at = path; ; at = YamlPath.parent(at)) {
      Position position = values.get(at);
      if (position != null) {
        return position;
      }
      if (at.isEmpty()) {
        return Position.START;
      }
    }
  }

  /** The position of the key of the value at the path; the value's position when it has none. */
  public Position keyAt(String path) {
    Position key = keys.get(path);
    return key != null ? key : valueAt(path);
  }

  /** True when the text holds a value at exactly this path. */
  public boolean has(String path) {
    return values.containsKey(path);
  }

  private void walk(Node node, String path, Set<Node> seen) {
    values.putIfAbsent(path, Position.of(node.getStartMark()));
    if (!seen.add(node)) {
      return; // an alias of a node already walked
    }
    if (node instanceof MappingNode mapping) {
      Set<String> names = new HashSet<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          continue;
        }
        String child = YamlPath.key(path, key.getValue());
        if (!names.add(key.getValue())) {
          duplicates.add(
              new Duplicate(child, keys.get(child).line(), Position.of(key.getStartMark())));
          continue;
        }
        keys.put(child, Position.of(key.getStartMark()));
        walk(tuple.getValueNode(), child, seen);
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), YamlPath.index(path, i), seen);
      }
    }
  }

  private static String describe(MarkedYAMLException e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getProblem()));
    if (e.getContext() != null) {
      text.append(" (").append(e.getContext());
      Mark context = e.getContextMark();
      if (context != null
          && e.getProblemMark() != null
          && context.getLine() != e.getProblemMark().getLine()) {
        text.append(" that started at line ").append(context.getLine() + 1);
      }
      text.append(')');
    }
    return text.toString();
  }
}
