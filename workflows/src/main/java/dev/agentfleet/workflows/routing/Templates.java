package dev.agentfleet.workflows.routing;

import dev.agentfleet.workflows.blob.BlobReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code {{path.to.value}}} placeholders against the run state (the same {@code input},
 * {@code steps} and {@code run} maps the rules see). A missing value renders as empty text; a
 * template that is exactly one placeholder keeps the value's own type.
 *
 * <p>A value moved to the blob store (a {@link BlobReferences reference map}) renders as its inline
 * preview in text, so prompts and summaries stay small and workflow code never loads a blob. Where
 * a value is wanted ({@link #value}), a lone placeholder keeps the reference and a template that
 * mixes text with references yields a concatenation map, so the execution plane can resolve the
 * whole text when it needs it.
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
   * stays a number, a missing value is null, a blob reference stays a reference); a template that
   * mixes text with blob references yields a concatenation map; anything else yields text.
   */
  public static Object value(String template, Map<String, Object> variables) {
    if (template == null) {
      return null;
    }
    Matcher matcher = PLACEHOLDER.matcher(template.trim());
    if (matcher.matches()) {
      return lookup(matcher.group(1), variables);
    }
    return referencesIn(template, variables)
        ? concat(template, variables)
        : render(template, variables);
  }

  private static boolean referencesIn(String template, Map<String, Object> variables) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      if (BlobReferences.isReference(lookup(matcher.group(1), variables))) {
        return true;
      }
    }
    return false;
  }

  /** The template as a concatenation map: text runs between the references it holds. */
  private static Map<String, Object> concat(String template, Map<String, Object> variables) {
    List<Object> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Matcher matcher = PLACEHOLDER.matcher(template);
    int last = 0;
    while (matcher.find()) {
      text.append(template, last, matcher.start());
      last = matcher.end();
      Object value = lookup(matcher.group(1), variables);
      if (BlobReferences.isReference(value)) {
        if (!text.isEmpty()) {
          parts.add(text.toString());
          text.setLength(0);
        }
        parts.add(value);
      } else if (value != null) {
        text.append(text(value));
      }
    }
    text.append(template, last, template.length());
    if (!text.isEmpty()) {
      parts.add(text.toString());
    }
    return BlobReferences.concat(parts);
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
    if (BlobReferences.isReference(value)) {
      return BlobReferences.preview(value);
    }
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return String.valueOf(d.longValue());
    }
    if (value instanceof List<?> list) {
      return String.join(", ", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }
}
