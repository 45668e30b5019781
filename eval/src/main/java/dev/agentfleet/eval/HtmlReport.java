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

  private static final int SIZE = 320;
  private static final int PAD = 48;

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
    reliability(h, r.calibration());
    h.append("</figure><figure><figcaption>Risk–coverage curve</figcaption><div class=\"muted\">")
        .append("precision when acting only at or above each confidence; dashed: the target;")
        .append(" dot: the threshold chosen</div>");
    riskCoverage(h, r.riskCoverage());
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

  private static void reliability(StringBuilder h, Calibration cal) {
    openSvg(h, "reliability", "confidence", "accuracy");
    h.append(line(0, 0, 1, 1, "#999", "4 3"));
    for (Calibration.Bin b : cal.bins()) {
      if (b.count() == 0) {
        continue;
      }
      double x = x(b.lower());
      double w = x(b.upper()) - x - 1;
      double top = y(b.accuracy(), 0);
      h.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bin\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                  + " fill=\"#4a7bd0\" fill-opacity=\"0.75\"><title>%s</title></rect>",
              x,
              top,
              w,
              y(0, 0) - top,
              esc(
                  String.format(
                      Locale.ROOT,
                      "[%.3f, %.3f): %d records, mean confidence %.3f, accuracy %.3f",
                      b.lower(),
                      b.upper(),
                      b.count(),
                      b.meanConfidence(),
                      b.accuracy()))));
      h.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#d04a4a\"/>",
              x(b.meanConfidence()),
              y(b.meanConfidence(), 0)));
    }
    axes(h, 0);
    h.append("</svg>");
  }

  private static void riskCoverage(StringBuilder h, RiskCoverage rc) {
    double lowest = rc.points().stream().mapToDouble(RiskCoverage.Point::precision).min().orElse(1);
    double floor = Math.min(0.9, Math.max(0, Math.floor((lowest - 0.05) * 10) / 10.0));
    openSvg(h, "risk-coverage", "coverage", "precision");
    StringBuilder points = new StringBuilder();
    for (RiskCoverage.Point p : rc.points()) {
      points.append(
          String.format(Locale.ROOT, "%.1f,%.1f ", x(p.coverage()), y(p.precision(), floor)));
    }
    h.append(
            "<polyline class=\"curve\" fill=\"none\" stroke=\"#4a7bd0\" stroke-width=\"2\" points=\"")
        .append(points.toString().strip())
        .append("\"/>");
    RiskCoverage.Threshold t = rc.threshold();
    if (t.targetPrecision() >= floor) {
      h.append(line(0, t.targetPrecision(), 1, t.targetPrecision(), "#d04a4a", "4 3", floor));
    }
    if (t.confidence() != null) {
      h.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"threshold\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#d04a4a\">"
                  + "<title>%s</title></circle>",
              x(t.coverage()),
              y(t.precision(), floor),
              esc(
                  "confidence >= "
                      + TextReport.num(t.confidence())
                      + ": precision "
                      + TextReport.num(t.precision())
                      + " on "
                      + TextReport.pct(t.coverage()))));
    }
    axes(h, floor);
    h.append("</svg>");
  }

  private static void openSvg(StringBuilder h, String id, String xName, String yName) {
    int full = SIZE + 2 * PAD;
    h.append(
        String.format(
            Locale.ROOT,
            "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s against %s\">",
            id,
            full,
            full,
            full,
            full,
            yName,
            xName));
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            PAD + SIZE / 2,
            full - 6,
            xName));
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"10\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 10 %d)\">%s</text>",
            PAD + SIZE / 2,
            PAD + SIZE / 2,
            yName));
  }

  private static void axes(StringBuilder h, double floor) {
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>",
            PAD,
            PAD,
            SIZE,
            SIZE));
    for (int i = 0; i <= 4; i++) {
      double v = i / 4.0;
      double yv = floor + (1 - floor) * v;
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>",
              x(v),
              PAD + SIZE + 14,
              v,
              PAD - 4,
              y(yv, floor) + 4,
              yv));
    }
  }

  private static String line(
      double x1, double y1, double x2, double y2, String color, String dash) {
    return line(x1, y1, x2, y2, color, dash, 0);
  }

  private static String line(
      double x1, double y1, double x2, double y2, String color, String dash, double floor) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"%s\"/>",
        x(x1),
        y(y1, floor),
        x(x2),
        y(y2, floor),
        color,
        dash);
  }

  private static double x(double v) {
    return PAD + v * SIZE;
  }

  private static double y(double v, double floor) {
    double share = (v - floor) / (1 - floor);
    return PAD + SIZE - Math.max(0, Math.min(1, share)) * SIZE;
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
