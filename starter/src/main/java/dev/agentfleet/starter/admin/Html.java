package dev.agentfleet.starter.admin;

import dev.agentfleet.starter.approvers.Approver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The page frame and the escaping every page goes through: all text from runs (summaries, model
 * output, comments) is untrusted, so it is escaped here and nowhere concatenated raw. Pages carry
 * no script at all; the Content-Security-Policy header forbids one.
 */
final class Html {

  private Html() {}

  /** Text escaped for HTML content and double-quoted attributes. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The run page's path for a workflow id (ids contain slashes: one encoded path segment). */
  static String runPath(String workflowId) {
    return "/runs/" + segment(workflowId);
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Epoch milliseconds as a UTC time to the second; empty for 0. */
  static String time(long epochMillis) {
    if (epochMillis <= 0) {
      return "";
    }
    return Instant.ofEpochMilli(epochMillis)
            .truncatedTo(ChronoUnit.SECONDS)
            .toString()
            .replace('T', ' ')
            .replace("Z", "")
        + " UTC";
  }

  /** A waiting time the way people say it: 45 s, 12 min, 3 h, 2 d. */
  static String age(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min";
    }
    if (seconds < 172_800) {
      return seconds / 3600 + " h";
    }
    return seconds / 86_400 + " d";
  }

  static String usd(double usd) {
    return String.format(Locale.ROOT, "$%.4f", usd);
  }

  static String confidence(Double confidence) {
    return confidence == null ? "–" : String.format(Locale.ROOT, "%.2f", confidence);
  }

  /** A flash message box; {@code kind} is {@code ok}, {@code warn} or {@code error}. */
  static String flash(String kind, String message) {
    if (message == null) {
      return "";
    }
    return "<p class=\"flash "
        + esc(kind)
        + "\" role=\"status\" id=\"flash\">"
        + esc(message)
        + "</p>";
  }

  /**
   * A whole page. With an approver, the header names them and offers sign-out (a POST with the CSRF
   * token); {@code refreshSeconds} > 0 reloads the page, used while a run is moving.
   */
  static String page(
      String title, Approver approver, String csrf, int refreshSeconds, String body) {
    StringBuilder html = new StringBuilder(4096 + body.length());
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"referrer\" content=\"no-referrer\">");
    if (refreshSeconds > 0) {
      html.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">");
    }
    html.append("<title>")
        .append(esc(title))
        .append(" · Agent Fleet</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/admin.css\"></head><body>")
        .append("<header class=\"top\"><a class=\"brand\" href=\"/\">Agent Fleet · approvals</a>");
    if (approver != null) {
      html.append("<form method=\"post\" action=\"/logout\" class=\"who\">")
          .append(csrfField(csrf))
          .append("<span id=\"signed-in-as\">")
          .append(esc(approver.name()))
          .append("</span> <span class=\"roles\">")
          .append(esc(String.join(", ", approver.roles())))
          .append("</span> <button type=\"submit\" class=\"link\">Sign out</button></form>");
    }
    html.append("</header><main>").append(body).append("</main></body></html>\n");
    return html.toString();
  }

  static String csrfField(String csrf) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
  }
}
