package dev.agentfleet.eval;

import dev.agentfleet.quality.Calibration;
import dev.agentfleet.quality.Classification;
import dev.agentfleet.quality.RiskCoverage;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link EvalReport} as one self-contained HTML page: the headline figures, the
 * reliability diagram and the risk–coverage curve as inline SVG, and the tables. Nothing is loaded
 * from elsewhere, and every text that came from a file or a playbook is escaped.
 */
public final class HtmlReport {

  private HtmlReport() {}

  public static String render(EvalReport r) {
    Classification c = r.classification();
    RiskCoverage.Threshold t = r.riskCoverage().threshold();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Decision quality: ")
        .append(esc(r.agent()))
        .append("</title><style>")
        .append(
            "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.2em .7em;")
        .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child")
        .append("{text-align:left}.figures{display:flex;gap:2em;flex-wrap:wrap}.figure{font-size:")
        .append(
            "1.6em;font-weight:600}.charts{display:flex;gap:2em;flex-wrap:wrap}figure{margin:0;max-width:420px}figcaption{font-weight:600}svg text")
        .append("{font-size:11px;fill:#444}.muted{color:#777}</style></head><body>\n");
    h.append("<h1>Decision quality: ").append(esc(r.agent())).append("</h1>\n");
    h.append("<p class=\"muted\">version ")
        .append(esc(r.version()))
        .append(", step <code>")
        .append(esc(r.step()))
        .append("</code>, ")
        .append(esc(r.source()))
        .append(r.mapping() == null ? "" : "<br>" + esc(r.mapping()))
        .append(
            r.answeredBy().isEmpty()
                ? ""
                : "<br>confidence from " + esc(String.join(", ", r.answeredBy())))
        .append("</p>\n<div class=\"figures\">");
    figure(h, "records", String.valueOf(c.records()));
    figure(h, "accuracy", TextReport.num(c.accuracy()));
    figure(h, "macro-F1", TextReport.num(c.macroF1()));
    figure(h, "ECE (15 bins)", TextReport.num(r.calibration().ece()));
    figure(
        h,
        "threshold for precision " + TextReport.num(t.targetPrecision()),
        t.confidence() == null
            ? "none"
            : "≥ " + TextReport.num(t.confidence()) + " · " + TextReport.pct(t.coverage()));
    h.append(
            "</div>\n<div class=\"charts\"><figure><figcaption>Reliability diagram</figcaption><div class=\"muted\">")
        .append(
            "bars: accuracy per confidence bin; dots: the bin's mean confidence; dashed: perfect")
        .append(" calibration</div>");
    SvgCharts.reliability(h, r.calibration());
    h.append("</figure><figure><figcaption>Risk–coverage curve</figcaption><div class=\"muted\">")
        .append("precision when acting only at or above each confidence; dashed: the target;")
        .append(" dot: the threshold chosen</div>");
    SvgCharts.riskCoverage(h, r.riskCoverage());
    h.append("</figure></div>\n");
    autoActions(h, r.autoActions());
    labels(h, c);
    confusions(h, c);
    reliabilityTable(h, r.calibration());
    if (!r.skipped().isEmpty()) {
      h.append("<h2>Left out</h2><ul id=\"skipped\">");
      r.skipped().forEach(p -> h.append("<li>").append(esc(p.toString())).append("</li>"));
      h.append("</ul>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void figure(StringBuilder h, String name, String value) {
    h.append("<div><div class=\"muted\">")
        .append(esc(name))
        .append("</div><div class=\"figure\">")
        .append(esc(value))
        .append("</div></div>");
  }

  private static void autoActions(StringBuilder h, List<EvalReport.AutoActionFigures> actions) {
    h.append("<h2>Automatic actions</h2><p class=\"muted\">Route rules that reach an action with")
        .append(" no approval before it.</p><table id=\"auto-actions\"><tr><th>rule</th>")
        .append("<th>action</th><th>records</th><th>precision</th></tr>");
    for (EvalReport.AutoActionFigures a : actions) {
      h.append("<tr><td>")
          .append(esc(a.rule()))
          .append("</td><td>")
          .append(esc(a.action() == null ? "" : a.action()))
          .append("</td><td>")
          .append(a.records())
          .append("</td><td>")
          .append(TextReport.num(a.precision()))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void labels(StringBuilder h, Classification c) {
    h.append("<h2>Per label</h2><table id=\"labels\"><tr><th>label</th><th>precision</th>")
        .append("<th>recall</th><th>F1</th><th>support</th></tr>");
    for (Classification.LabelFigures l : c.labels()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td></tr>",
              esc(l.label()),
              l.precision(),
              l.recall(),
              l.f1(),
              l.support()));
    }
    h.append("</table>\n");
  }

  private static void confusions(StringBuilder h, Classification c) {
    h.append("<h2>Most confused</h2><table id=\"confusions\"><tr><th>right label</th>")
        .append("<th>proposed</th><th>records</th></tr>");
    for (Classification.Confusion x : c.confusions()) {
      h.append("<tr><td>")
          .append(esc(x.label()))
          .append("</td><td>")
          .append(esc(x.predicted()))
          .append("</td><td>")
          .append(x.count())
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void reliabilityTable(StringBuilder h, Calibration cal) {
    h.append("<h2>Reliability</h2><table id=\"reliability-table\"><tr><th>confidence</th>")
        .append("<th>records</th><th>mean confidence</th><th>accuracy</th></tr>");
    for (Calibration.Bin b : cal.bins()) {
      if (b.count() == 0) {
        continue;
      }
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>[%.3f, %.3f%s</td><td>%d</td><td>%.3f</td><td>%.3f</td></tr>",
              b.lower(),
              b.upper(),
              b.upper() >= 1 ? "]" : ")",
              b.count(),
              b.meanConfidence(),
              b.accuracy()));
    }
    h.append("</table>\n");
  }

  /** Escapes text for HTML element content and attribute values. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
