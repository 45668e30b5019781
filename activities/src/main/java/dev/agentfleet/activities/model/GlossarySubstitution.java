package dev.agentfleet.activities.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The offline provider's answer to a {@code translate} task. It cannot translate: it replaces every
 * glossary term found in the source text with the glossary's form for the target language, leaves
 * every other word as it was, and says so plainly in the output's {@code note} and at the end of
 * the body. It reports the terms it replaced as {@code glossaryTerms}, each with the form found in
 * the source and the form written into the text, so rules can check that the glossary was kept.
 *
 * <p>The glossary comes from the step's context as {@code glossary}: a mapping of term to its form
 * per language ({@code workspace: {de: Arbeitsbereich, fr: espace de travail}}), either as a map or
 * as YAML or JSON text. Terms match whole words, ignoring case, longest first; a term that starts a
 * sentence keeps its capital letter.
 */
final class GlossarySubstitution {

  /** The text fields translated, in this order, when the context carries them. */
  static final List<String> FIELDS = List.of("title", "summary", "body", "text");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  private GlossarySubstitution() {}

  /** One glossary term as it was found in the source and as it was written into the result. */
  record Replaced(String term, String target) {
    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("term", term);
      map.put("target", target);
      return map;
    }
  }

  /** The note every offline translation carries. */
  static String note(String language, int replaced) {
    return "offline glossary substitution into "
        + language
        + ", not a translation: "
        + replaced
        + " glossary term(s) replaced, every other word left as written; connect a model"
        + " (FLEET_MODEL_PROVIDER=openai) to translate";
  }

  /**
   * The substituted fields, {@code language}, {@code glossaryTerms} and {@code note}.
   *
   * @throws ModelUnavailableException when the context names no target language or its glossary is
   *     not a mapping of terms to their forms per language
   */
  static Map<String, Object> translate(Map<String, Object> context) {
    String language = ReplyTemplates.text(context, "language", "targetLanguage", "lang");
    if (!LANGUAGE.matcher(language).matches()) {
      throw new ModelUnavailableException(
          "a translate step needs the target language in its context as 'language' (a tag such"
              + " as de or pt-BR), got '"
              + language
              + "'");
    }
    Map<String, String> targets = targets(glossary(context.get("glossary")), language);
    Pattern terms = pattern(targets.keySet());
    Map<String, Replaced> replaced = new LinkedHashMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("language", language);
    for (String field : FIELDS) {
      String source = ReplyTemplates.text(context, field);
      if (!source.isEmpty()) {
        values.put(field, substitute(source, terms, targets, replaced));
      }
    }
    String note = note(language, replaced.size());
    if (values.get("body") instanceof String body) {
      values.put("body", body + "\n\n— " + note + ".");
    }
    values.put("glossaryTerms", replaced.values().stream().map(Replaced::asMap).toList());
    values.put("note", note);
    return values;
  }

  /** Reads a glossary: term → (language → form), from a map or from YAML or JSON text. */
  static Map<String, Map<String, String>> glossary(Object raw) {
    if (raw == null || (raw instanceof String text && text.isBlank())) {
      return Map.of();
    }
    Map<String, Object> tree;
    if (raw instanceof Map<?, ?> map) {
      tree = new LinkedHashMap<>();
      map.forEach((k, v) -> tree.put(String.valueOf(k), v));
    } else {
      try {
        tree = YAML.readValue(raw.toString(), MAP);
      } catch (JsonProcessingException e) {
        throw badGlossary("it is not YAML or JSON: " + e.getOriginalMessage());
      }
      if (tree == null) {
        return Map.of();
      }
    }
    Map<String, Map<String, String>> glossary = new LinkedHashMap<>();
    tree.forEach(
        (term, forms) -> {
          if (!(forms instanceof Map<?, ?> byLanguage)) {
            throw badGlossary("the term '" + term + "' has no mapping of language to form");
          }
          Map<String, String> entry = new LinkedHashMap<>();
          byLanguage.forEach((lang, form) -> entry.put(String.valueOf(lang), String.valueOf(form)));
          glossary.put(term.strip(), entry);
        });
    return glossary;
  }

  private static ModelUnavailableException badGlossary(String why) {
    return new ModelUnavailableException(
        "the step's glossary must map each term to its form per language, such as"
            + " 'workspace: {de: Arbeitsbereich, fr: espace de travail}'; "
            + why);
  }

  /** The glossary's forms for one language, by lower-case term; terms without one are left out. */
  private static Map<String, String> targets(
      Map<String, Map<String, String>> glossary, String language) {
    Map<String, String> targets = new LinkedHashMap<>();
    String wanted = language.toLowerCase(Locale.ROOT);
    glossary.forEach(
        (term, forms) ->
            forms.forEach(
                (lang, form) -> {
                  if (lang.toLowerCase(Locale.ROOT).equals(wanted) && !form.isBlank()) {
                    targets.put(term.toLowerCase(Locale.ROOT), form.strip());
                  }
                }));
    return targets;
  }

  /** One pattern for every term, longest first, matching whole words and ignoring case. */
  private static Pattern pattern(Set<String> terms) {
    if (terms.isEmpty()) {
      return null;
    }
    String alternatives =
        terms.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    return Pattern.compile(
        "(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  private static String substitute(
      String source, Pattern terms, Map<String, String> targets, Map<String, Replaced> replaced) {
    if (terms == null) {
      return source;
    }
    Matcher matcher = terms.matcher(source);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String found = matcher.group();
      String key = found.toLowerCase(Locale.ROOT);
      String target = capitalizedLike(found, targets.get(key));
      replaced.putIfAbsent(key, new Replaced(found, target));
      matcher.appendReplacement(out, Matcher.quoteReplacement(target));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** The form with a capital first letter when the term as found had one and the form has none. */
  private static String capitalizedLike(String found, String form) {
    if (!form.isEmpty()
        && Character.isUpperCase(found.codePointAt(0))
        && Character.isLowerCase(form.codePointAt(0))) {
      return form.substring(0, 1).toUpperCase(Locale.ROOT) + form.substring(1);
    }
    return form;
  }
}
