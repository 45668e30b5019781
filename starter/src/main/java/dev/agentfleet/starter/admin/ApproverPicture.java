package dev.agentfleet.starter.admin;

import static dev.agentfleet.starter.admin.Html.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.blob.BlobReferences;
import dev.agentfleet.workflows.run.Decision;
import dev.agentfleet.workflows.run.RunError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an approver needs to judge a proposal, as HTML for the queue card and the run page: the
 * record's own text (the customer's words, escaped, long texts folded), the fields the model
 * extracted, and the routing rules that sent the run here with the values their conditions saw.
 * Every value is untrusted text and goes through {@link Html#esc}.
 */
final class ApproverPicture {

  /** Texts longer than this, or with more lines than {@link #FOLD_LINES}, are folded. */
  static final int FOLD_CHARS = 600;

  static final int FOLD_LINES = 8;

  private static final int TEASER_CHARS = 160;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApproverPicture() {}

  /** The record's own fields; empty when the run carries none (runs recorded before they did). */
  static String record(Map<String, Object> input) {
    if (input == null || input.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<section class=\"record\"><h3>The record</h3><dl>");
    input.forEach(
        (name, value) ->
            html.append("<dt>")
                .append(esc(name))
                .append("</dt><dd data-field=\"")
                .append(esc(name))
                .append("\">")
                .append(value(value))
                .append("</dd>"));
    return html.append("</dl></section>").toString();
  }

  /**
   * The outputs of the steps an approval shows, by step; fields in {@code inForm} are left out
   * because the edit form shows them, editable.
   */
  static String extracted(Map<String, Object> proposal, Set<String> inForm) {
    if (proposal == null || proposal.isEmpty()) {
      return "";
    }
    StringBuilder html =
        new StringBuilder("<section class=\"extracted\"><h3>What the model found</h3>");
    proposal.forEach(
        (step, output) -> {
          html.append("<h4>").append(esc(step)).append("</h4><dl>");
          if (output instanceof Map<?, ?> fields) {
            fields.forEach(
                (name, value) -> {
                  if (!inForm.contains(String.valueOf(name))) {
                    html.append("<dt>")
                        .append(esc(name))
                        .append("</dt><dd data-field=\"")
                        .append(esc(step + "." + name))
                        .append("\">")
                        .append(value(value))
                        .append("</dd>");
                  }
                });
          } else {
            html.append("<dt>value</dt><dd>").append(value(output)).append("</dd>");
          }
          html.append("</dl>");
        });
    return html.append("</section>").toString();
  }

  /**
   * The routing decisions so far (the rule, its condition, and what the condition saw) and the step
   * errors that sent a run to a person instead.
   */
  static String why(List<Decision> decisions, List<RunError> errors) {
    boolean noDecisions = decisions == null || decisions.isEmpty();
    boolean noErrors = errors == null || errors.isEmpty();
    if (noDecisions && noErrors) {
      return "";
    }
    if (noDecisions) {
      decisions = List.of();
    }
    StringBuilder html =
        new StringBuilder("<section class=\"why\"><h3>Why it is here</h3><ul class=\"rules\">");
    for (Decision d : decisions) {
      html.append("<li data-rule=\"").append(esc(d.rule())).append("\">");
      html.append("<strong>").append(esc(d.stepId())).append("</strong>: ");
      if (d.expression() == null) {
        html.append("no rule held (<code>")
            .append(esc(d.rule()))
            .append("</code>), so on to <strong>")
            .append(esc(d.next()))
            .append("</strong>");
      } else {
        html.append("rule <code>")
            .append(esc(d.rule()))
            .append("</code> held, so on to <strong>")
            .append(esc(d.next()))
            .append("</strong><br><code class=\"when\">")
            .append(esc(d.expression().strip()))
            .append("</code>");
      }
      if (!d.seen().isEmpty()) {
        html.append("<br><span class=\"muted\">saw</span> ")
            .append(
                d.seen().entrySet().stream()
                    .map(
                        e ->
                            "<code>"
                                + esc(e.getKey())
                                + " = "
                                + esc(scalar(e.getValue()))
                                + "</code>")
                    .collect(Collectors.joining(", ")));
      }
      html.append("</li>");
    }
    if (!noErrors) {
      for (RunError e : errors) {
        html.append("<li class=\"error\"><strong>")
            .append(esc(e.stepId()))
            .append("</strong>: failed with <code>")
            .append(esc(e.type()))
            .append("</code>: ")
            .append(esc(e.message()))
            .append("</li>");
      }
    }
    return html.append("</ul></section>").toString();
  }

  /** One value as HTML: text (folded when long), a claim check's preview, or compact JSON. */
  static String value(Object value) {
    if (BlobReferences.isReference(value)) {
      Map<?, ?> ref = (Map<?, ?>) value;
      return text(BlobReferences.preview(value))
          + "<p class=\"muted\">The first part of "
          + esc(ref.get("size"))
          + " bytes; the whole text is in the blob store.</p>";
    }
    if (value instanceof String s) {
      return text(s);
    }
    return "<span class=\"text\">" + esc(scalar(value)) + "</span>";
  }

  /** Text as it was written (line breaks kept by the style sheet); folded when it is long. */
  static String text(String text) {
    if (text.length() <= FOLD_CHARS && text.lines().count() <= FOLD_LINES) {
      return "<div class=\"text\">" + esc(text) + "</div>";
    }
    String teaser =
        text.substring(0, Math.min(TEASER_CHARS, text.length())).replaceAll("\\s+", " ");
    return "<details class=\"fold\"><summary>"
        + esc(teaser)
        + "… <span class=\"muted\">("
        + text.length()
        + " characters, show all)</span></summary><div class=\"text\">"
        + esc(text)
        + "</div></details>";
  }

  /** A value as one line of text: null as a dash, structures as compact JSON. */
  static String scalar(Object value) {
    if (value == null) {
      return "–";
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
