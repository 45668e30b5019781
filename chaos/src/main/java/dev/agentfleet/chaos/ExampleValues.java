package dev.agentfleet.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The leaf values of {@link SchemaExample}: strings and numbers that fit their schema. */
final class ExampleValues {

  private static final List<String> PATTERN_CANDIDATES =
      List.of(
          "en",
          "EUR",
          "USD",
          "A",
          "a",
          "x",
          "0",
          "1",
          "ab",
          "abc",
          "chaos",
          "A-1",
          "2024-01-01",
          "chaos@example.com",
          "https://example.com/chaos");

  private ExampleValues() {}

  /**
   * A string for a string schema: a format's example, the context's value of the same name, a short
   * candidate that matches the pattern, or a sentence about the field, whichever first fits the
   * lengths and the pattern.
   *
   * @param fromContext the step context's value of the same name, or null
   */
  static String string(JsonNode s, String name, String fromContext) {
    int min = s.path("minLength").asInt(0);
    int max = s.has("maxLength") ? s.get("maxLength").asInt() : Integer.MAX_VALUE;
    Pattern pattern = pattern(s.path("pattern").asText(null));
    List<String> candidates = new ArrayList<>();
    String format = s.path("format").asText("");
    if (!format.isEmpty()) {
      candidates.add(formatted(format));
    }
    if (fromContext != null) {
      candidates.add(fromContext);
    }
    if (pattern != null) {
      candidates.addAll(PATTERN_CANDIDATES);
    }
    candidates.add(sentence(name, min, max));
    for (String candidate : candidates) {
      int length = candidate.codePointCount(0, candidate.length());
      if (length >= min
          && length <= max
          && (pattern == null || pattern.matcher(candidate).find())) {
        return candidate;
      }
    }
    return candidates.get(0);
  }

  private static Pattern pattern(String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static String formatted(String format) {
    return switch (format) {
      case "date" -> "2024-01-01";
      case "date-time" -> "2024-01-01T12:00:00Z";
      case "time" -> "12:00:00Z";
      case "email", "idn-email" -> "chaos@example.com";
      case "uri", "url", "iri", "uri-reference", "iri-reference" -> "https://example.com/chaos";
      case "uuid" -> "00000000-0000-4000-8000-000000000000";
      case "hostname", "idn-hostname" -> "example.com";
      case "ipv4" -> "192.0.2.1";
      case "ipv6" -> "2001:db8::1";
      default -> "chaos";
    };
  }

  /** A readable sentence about the field, repeated up to {@code min} and cut to {@code max}. */
  static String sentence(String name, int min, int max) {
    String base =
        "The chaos model server wrote this "
            + (name == null ? "text" : words(name))
            + " in place of a real model's answer.";
    StringBuilder text = new StringBuilder(base);
    while (text.codePointCount(0, text.length()) < min) {
      text.append(' ').append(base);
    }
    String out = text.toString();
    if (out.codePointCount(0, out.length()) > max) {
      out = out.substring(0, out.offsetByCodePoints(0, max));
    }
    return out;
  }

  private static String words(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
        .replace('_', ' ')
        .replace('-', ' ')
        .toLowerCase(Locale.ROOT)
        .strip();
  }

  /**
   * A number inside the schema's bounds: the lower bound (or zero), or for a confidence-like field
   * nine tenths of the way up its range.
   */
  static JsonNode number(JsonNode s, String name, boolean integer) {
    Double lo = s.path("minimum").isNumber() ? s.get("minimum").asDouble() : null;
    Double hi = s.path("maximum").isNumber() ? s.get("maximum").asDouble() : null;
    boolean loOpen = s.path("exclusiveMinimum").asBoolean(false);
    boolean hiOpen = s.path("exclusiveMaximum").asBoolean(false);
    if (s.path("exclusiveMinimum").isNumber()) {
      double bound = s.get("exclusiveMinimum").asDouble();
      if (lo == null || bound >= lo) {
        lo = bound;
        loOpen = true;
      }
    }
    if (s.path("exclusiveMaximum").isNumber()) {
      double bound = s.get("exclusiveMaximum").asDouble();
      if (hi == null || bound <= hi) {
        hi = bound;
        hiOpen = true;
      }
    }
    double value;
    if (name != null && confidenceLike(name)) {
      if (lo != null && hi != null) {
        value = lo + 0.9 * (hi - lo);
      } else if (hi != null) {
        value = hi - 0.1;
      } else {
        value = lo != null ? lo + 0.9 : 0.9;
      }
    } else if (lo != null) {
      value = !loOpen ? lo : hi != null ? (lo + hi) / 2 : lo + 1;
    } else if (hi != null) {
      value = hiOpen ? Math.min(0, hi - 1) : Math.min(0, hi);
    } else {
      value = 0;
    }
    if (s.path("multipleOf").isNumber() && s.get("multipleOf").asDouble() > 0) {
      double step = s.get("multipleOf").asDouble();
      value = Math.ceil(value / step) * step;
      if (hi != null && (value > hi || (hiOpen && value >= hi))) {
        value -= step;
      }
    }
    if (!integer) {
      return DoubleNode.valueOf(value);
    }
    long whole = Math.round(value);
    if (lo != null && (whole < lo || (loOpen && whole <= lo))) {
      whole = (long) Math.floor(lo) + 1;
    }
    if (hi != null && (whole > hi || (hiOpen && whole >= hi))) {
      whole = (long) Math.ceil(hi) - 1;
    }
    return LongNode.valueOf(whole);
  }

  private static boolean confidenceLike(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("confidence") || n.contains("probability") || n.contains("certainty");
  }
}
