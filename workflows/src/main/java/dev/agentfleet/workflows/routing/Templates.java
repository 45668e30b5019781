package dev.agentfleet.workflows.routing;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code {{path.to.value}}} placeholders against the run state (the same {@code input},
 * {@code steps} and {@code run} maps the rules see). A missing value renders as empty text; a
 * template that is exactly one placeholder keeps the value's own type.
 */
public final class Templates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private Templates() {}

  /** Renders a template to text. */
  public static String render(String template, Map<String, Object> variables) {
    if (template == null) {
      return "";
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = lookup(matcher.group(1), variables);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : text(value)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * Renders a template to a value: a lone placeholder yields the referenced value itself (a number
   * stays a number, a missing value is null); anything else yields text.
   */
  public static Object value(String template, Map<String, Object> variables) {
    if (template == null) {
      return null;
    }
    Matcher matcher = PLACEHOLDER.matcher(template.trim());
    if (matcher.matches()) {
      return lookup(matcher.group(1), variables);
    }
    return render(template, variables);
  }

  /** Follows a dotted path through nested maps; null when any part is missing. */
  public static Object lookup(String path, Map<String, Object> variables) {
    Object current = variables;
    for (String part : path.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(part);
      } else {
        return null;
      }
    }
    return current;
  }

  private static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return String.valueOf(d.longValue());
    }
    if (value instanceof List<?> list) {
      return String.join(", ", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }
}
