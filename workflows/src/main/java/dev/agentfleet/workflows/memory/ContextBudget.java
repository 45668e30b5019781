package dev.agentfleet.workflows.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits a model step's context into its token budget. Tokens are estimated at four characters each
 * (names and values counted, structure not), the rule of thumb for English text; the estimate is
 * pure and deterministic, so workflow code can run it and replay it.
 *
 * <p>The step's own fields come first and similar cases fill what is left: while the context is
 * over budget, similar cases are dropped from the end (the least similar first) as long as they
 * take more than half the budget; then the fields' text values are cut, the shortest kept whole and
 * the longest cut to equal shares, each cut one ending in {@value #ELLIPSIS}; only when even empty
 * text would not fit are the remaining cases dropped. Values that are not text (numbers, lists,
 * nested maps such as blob references) are never changed; when they alone exceed the budget the
 * result says so.
 */
public final class ContextBudget {

  /** The context key under which recalled cases reach the model. */
  public static final String SIMILAR_CASES = "similarCases";

  /** The mark at the end of a cut value. */
  public static final String ELLIPSIS = "…";

  private static final int CHARS_PER_TOKEN = 4;

  private ContextBudget() {}

  /**
   * A context that fits its budget, or as close as values that cannot be cut allow.
   *
   * @param values the fields in declared order, then {@link #SIMILAR_CASES} when cases were given
   * @param tokens the estimated tokens of {@code values}
   * @param budget the budget it was fitted to
   * @param cuts what was cut or dropped, one phrase each; empty when everything fitted as it was
   */
  public record Fitted(Map<String, Object> values, int tokens, int budget, List<String> cuts) {

    /** One line for a step record: {@code context 1990/2000 tokens: cut body 9000->7000 chars}. */
    public String summary() {
      String head = "context " + tokens + "/" + budget + " tokens";
      return cuts.isEmpty() ? head : head + ": " + String.join(", ", cuts);
    }
  }

  /**
   * Fits fields and similar cases into a budget.
   *
   * @param fields the step's declared values, in declared order
   * @param similarCases the recalled cases, the most similar first; null when the step recalls none
   *     (then the result has no {@link #SIMILAR_CASES} key)
   * @param budgetTokens the budget in estimated tokens
   */
  public static Fitted fit(
      Map<String, Object> fields, List<Map<String, Object>> similarCases, int budgetTokens) {
    int budgetChars = Math.max(0, budgetTokens) * CHARS_PER_TOKEN;
    List<Map<String, Object>> cases = similarCases == null ? null : new ArrayList<>(similarCases);
    int offered = cases == null ? 0 : cases.size();
    List<String> cuts = new ArrayList<>();
    int fieldChars = chars(fields);

    while (cases != null
        && !cases.isEmpty()
        && fieldChars + casesChars(cases) > budgetChars
        && casesChars(cases) > budgetChars / 2) {
      cases.removeLast();
    }
    Map<String, Object> values = new LinkedHashMap<>(fields);
    if (fieldChars + casesChars(cases) > budgetChars) {
      int fixed = fieldChars - textChars(fields);
      while (cases != null && !cases.isEmpty() && fixed + casesChars(cases) > budgetChars) {
        cases.removeLast();
      }
      int allowance = Math.max(0, budgetChars - fixed - casesChars(cases));
      cutTexts(values, allowance, cuts);
      if (fixed + casesChars(cases) > budgetChars) {
        cuts.add("values that cannot be cut take " + tokens(fixed) + " tokens");
      }
    }
    if (cases != null) {
      if (cases.size() < offered) {
        cuts.add("dropped " + (offered - cases.size()) + " of " + offered + " similar cases");
      }
      values.put(SIMILAR_CASES, List.copyOf(cases));
    }
    return new Fitted(values, tokens(chars(values)), budgetTokens, List.copyOf(cuts));
  }

  /** The estimated tokens of a value: its names and text, four characters a token. */
  public static int estimateTokens(Object value) {
    return tokens(chars(value));
  }

  /** Cuts text to what a budget of {@code maxTokens} estimated tokens holds (see {@link #cut}). */
  public static String cutToTokens(String text, int maxTokens) {
    return cut(text, Math.max(0, maxTokens) * CHARS_PER_TOKEN);
  }

  /**
   * Cuts text to at most {@code maxChars} characters, ending a cut text with {@value #ELLIPSIS} and
   * never splitting a surrogate pair.
   */
  public static String cut(String text, int maxChars) {
    if (text == null || text.length() <= maxChars) {
      return text;
    }
    if (maxChars <= 0) {
      return "";
    }
    int end = maxChars - ELLIPSIS.length();
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, Math.max(0, end)) + ELLIPSIS;
  }

  /** Water-fills the allowance over the text values: short ones whole, long ones equal shares. */
  private static void cutTexts(Map<String, Object> values, int allowance, List<String> cuts) {
    List<String> names = new ArrayList<>();
    values.forEach(
        (name, value) -> {
          if (value instanceof String) {
            names.add(name);
          }
        });
    List<String> byLength = new ArrayList<>(names);
    byLength.sort(Comparator.comparingInt(n -> ((String) values.get(n)).length()));
    int remaining = allowance;
    Map<String, Integer> shares = new LinkedHashMap<>();
    for (int i = 0; i < byLength.size(); i++) {
      String name = byLength.get(i);
      int length = ((String) values.get(name)).length();
      int share = Math.min(length, remaining / (byLength.size() - i));
      shares.put(name, share);
      remaining -= share;
    }
    for (String name : names) {
      String text = (String) values.get(name);
      String kept = cut(text, shares.get(name));
      if (kept.length() < text.length()) {
        values.put(name, kept);
        cuts.add(
            String.format(Locale.ROOT, "cut %s %d->%d chars", name, text.length(), kept.length()));
      }
    }
  }

  private static int casesChars(List<Map<String, Object>> cases) {
    return cases == null ? 0 : SIMILAR_CASES.length() + chars(cases);
  }

  private static int textChars(Map<String, Object> fields) {
    int sum = 0;
    for (Object value : fields.values()) {
      if (value instanceof String s) {
        sum += s.length();
      }
    }
    return sum;
  }

  private static int chars(Object value) {
    return switch (value) {
      case null -> 0;
      case String s -> s.length();
      case Map<?, ?> map -> {
        int sum = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          sum += String.valueOf(e.getKey()).length() + chars(e.getValue());
        }
        yield sum;
      }
      case Collection<?> list -> {
        int sum = 0;
        for (Object element : list) {
          sum += chars(element);
        }
        yield sum;
      }
      default -> String.valueOf(value).length();
    };
  }

  private static int tokens(int chars) {
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }
}
