package dev.agentfleet.workflows.playbook.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the paths problems are filed under: {@code steps[3].rules[1].when}. A key that is not a
 * plain name is quoted ({@code context['a b']}), so every path names exactly one place.
 */
public final class YamlPath {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  private YamlPath() {}

  /** The path of a mapping's value under {@code key}. */
  public static String key(String parent, String key) {
    if (PLAIN.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  /** The path of a list's element at {@code index}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The enclosing path, or empty at the top. */
  public static String parent(String path) {
    List<Integer> starts = segmentStarts(path);
    if (starts.size() <= 1) {
      return "";
    }
    return path.substring(0, starts.get(starts.size() - 1));
  }

  /** The path's segments as written: {@code steps}, {@code [3]}, {@code .when}, {@code ['a b']}. */
  static List<String> segments(String path) {
    List<Integer> starts = segmentStarts(path);
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : path.length();
      segments.add(path.substring(starts.get(i), end));
    }
    return segments;
  }

  /** Where each segment of the path starts: at its name, its '.' or its '['. */
  private static List<Integer> segmentStarts(String path) {
    List<Integer> starts = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      starts.add(i);
      char c = path.charAt(i);
      if (c == '[') {
        i = closing(path, i) + 1;
      } else {
        i++;
        while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
          i++;
        }
      }
    }
    return starts;
  }

  private static int closing(String path, int open) {
    if (path.startsWith("['", open)) {
      for (int i = open + 2; i < path.length(); i++) {
        if (path.charAt(i) == '\\') {
          i++;
        } else if (path.startsWith("']", i)) {
          return i + 1;
        }
      }
      return path.length() - 1;
    }
    int close = path.indexOf(']', open);
    return close < 0 ? path.length() - 1 : close;
  }
}
