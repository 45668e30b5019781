package dev.agentfleet.eval;

import dev.agentfleet.quality.Calibration;
import dev.agentfleet.quality.RiskCoverage;
import java.util.Locale;

/**
 * The two charts of the HTML report as inline SVG: the reliability diagram (accuracy per confidence
 * bin against the diagonal of perfect calibration) and the risk–coverage curve (precision when
 * acting only at or above each confidence, with the target and the chosen threshold).
 */
final class SvgCharts {

  private static final int SIZE = 320;
  private static final int PAD = 48;

  private SvgCharts() {}

  static void reliability(StringBuilder h, Calibration cal) {
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
              HtmlReport.esc(
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

  static void riskCoverage(StringBuilder h, RiskCoverage rc) {
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
              HtmlReport.esc(
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
}
