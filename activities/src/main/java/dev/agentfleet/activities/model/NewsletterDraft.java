package dev.agentfleet.activities.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The offline provider's newsletter draft: when a draft step's context carries a {@code brief}, the
 * edition is arranged from the brief's own words (a title, a greeting for the audience, the brief
 * as the body, a one-sentence summary) and ends with a line saying it was drafted offline, so no
 * reader mistakes it for a model's or an editor's writing.
 */
final class NewsletterDraft {

  /** The context value that makes a draft a newsletter. */
  static final String BRIEF = "brief";

  /** The last line of every offline newsletter body. */
  static final String OFFLINE_NOTICE =
      "— drafted offline by Agent Fleet (template tier) from the brief's own words; a connected"
          + " model or an editor can refine it.";

  static final int TITLE_CHARS = 90;
  static final int SUMMARY_CHARS = 240;

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");

  private NewsletterDraft() {}

  /** True when the context asks for a newsletter rather than a support reply. */
  static boolean wanted(Map<String, Object> context) {
    return !ReplyTemplates.text(context, BRIEF).isEmpty();
  }

  /** The edition's {@code title}, {@code body} and {@code summary}. */
  static Map<String, Object> draft(Map<String, Object> context) {
    String brief = ReplyTemplates.text(context, BRIEF);
    String audience = ReplyTemplates.text(context, "audience");
    String title = ReplyTemplates.text(context, "title", "workingTitle", "subject");
    String summary = firstSentence(brief, SUMMARY_CHARS);
    if (title.isEmpty()) {
      title = firstSentence(brief, TITLE_CHARS).replaceAll("[.!?]+$", "");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("title", cut(title, TITLE_CHARS));
    values.put("body", body(title, brief, audience));
    values.put("summary", summary);
    return values;
  }

  private static String body(String title, String brief, String audience) {
    StringBuilder body = new StringBuilder();
    body.append("Hello ").append(audience.isEmpty() ? "everyone" : audience).append(",\n\n");
    body.append("This edition: ").append(title.strip()).append(".\n\n");
    for (String paragraph : paragraphs(brief)) {
      body.append(paragraph).append("\n\n");
    }
    body.append("Questions or feedback? Reply to this newsletter; we read every answer.\n\n");
    body.append(OFFLINE_NOTICE);
    return body.toString();
  }

  private static List<String> paragraphs(String text) {
    List<String> out = new ArrayList<>();
    for (String part : PARAGRAPHS.split(text.strip())) {
      String paragraph = part.replaceAll("\\s+", " ").strip();
      if (!paragraph.isEmpty()) {
        out.add(paragraph);
      }
    }
    return out;
  }

  /** The first sentence of the text, cut at a word to at most {@code maxChars}. */
  static String firstSentence(String text, int maxChars) {
    String flat = text.replaceAll("\\s+", " ").strip();
    String[] sentences = SENTENCE_END.split(flat, 2);
    return cut(sentences.length == 0 ? flat : sentences[0], maxChars);
  }

  private static String cut(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int at = text.lastIndexOf(' ', maxChars - 1);
    return text.substring(0, at > maxChars / 2 ? at : maxChars - 1).strip() + "…";
  }
}
