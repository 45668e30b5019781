package dev.agentfleet.eval;

import dev.agentfleet.quality.Calibration;
import dev.agentfleet.quality.Classification;
import dev.agentfleet.quality.RiskCoverage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Writes an {@link EvalReport} for a terminal: the headline figures first, then the tables. */
public final class TextReport {

  /** How many rows of the risk–coverage curve the text shows (the JSON and HTML have them all). */
  private static final int CURVE_ROWS = 10;

  private static final int PROBLEMS_SHOWN = 10;

  private TextReport() {}

  public static void print(EvalReport r, PrintStream out) {
    Classification c = r.classification();
    out.println(
        "fleet eval: "
            + r.agent()
            + " (version "
            + r.version()
            + "), step "
            + r.step()
            + ", "
            + c.records()
            + " records from "
            + r.source());
    if (r.mapping() != null) {
      out.println("  " + r.mapping());
    }
    if (!r.answeredBy().isEmpty()) {
      out.println("  confidence from " + String.join(", ", r.answeredBy()));
    }
    if (!r.skipped().isEmpty()) {
      out.println("  " + r.skipped().size() + " left out:");
      r.skipped().stream().limit(PROBLEMS_SHOWN).forEach(p -> out.println("    " + p));
      if (r.skipped().size() > PROBLEMS_SHOWN) {
        out.println("    … and " + (r.skipped().size() - PROBLEMS_SHOWN) + " more");
      }
    }
    out.println();
    out.println(
        "accuracy  "
            + num(c.accuracy())
            + "   macro-F1  "
            + num(c.macroF1())
            + "   ECE  "
            + num(r.calibration().ece())
            + " ("
            + r.calibration().bins().size()
            + " bins)");
    RiskCoverage.Threshold t = r.riskCoverage().threshold();
    out.println(
        "threshold "
            + (t.confidence() == null
                ? " no confidence threshold reaches precision " + num(t.targetPrecision())
                : " confidence >= "
                    + num(t.confidence())
                    + " reaches precision "
                    + num(t.precision())
                    + " (target "
                    + num(t.targetPrecision())
                    + ") on "
                    + pct(t.coverage())
                    + " of records"));
    if (r.failed() > 0) {
      out.println(
          "failures   "
              + dev.agentfleet.starter.Counts.of(r.failed(), "record")
              + (r.failed() == 1 ? " met a failure on its path" : " met a failure on their path"));
    }
    out.println();
    out.printf(Locale.ROOT, "%-28s %9s %7s %8s%n", "label", "precision", "recall", "support");
    for (Classification.LabelFigures l : c.labels()) {
      out.printf(
          Locale.ROOT,
          "%-28s %9.3f %7.3f %8d%n",
          cut(l.label(), 28),
          l.precision(),
          l.recall(),
          l.support());
    }
    out.println();
    out.println("most confused (right label -> proposed)");
    if (c.confusions().isEmpty()) {
      out.println("  none");
    }
    for (Classification.Confusion x : c.confusions()) {
      out.printf(
          Locale.ROOT,
          "  %-26s -> %-26s %6d%n",
          cut(x.label(), 26),
          cut(x.predicted(), 26),
          x.count());
    }
    out.println();
    out.println("reliability (15 equal-width bins; empty bins left out)");
    out.printf(
        Locale.ROOT,
        "  %-14s %8s %10s %9s %7s%n",
        "confidence",
        "records",
        "mean conf",
        "accuracy",
        "gap");
    for (Calibration.Bin b : r.calibration().bins()) {
      if (b.count() == 0) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "  [%.3f, %.3f%s %8d %10.3f %9.3f %+7.3f%n",
          b.lower(),
          b.upper(),
          b.upper() >= 1.0 ? "]" : ")",
          b.count(),
          b.meanConfidence(),
          b.accuracy(),
          b.accuracy() - b.meanConfidence());
    }
    out.println();
    out.println("risk-coverage (act only at confidence >= threshold)");
    out.printf(Locale.ROOT, "  %-10s %9s %10s%n", "threshold", "coverage", "precision");
    for (RiskCoverage.Point p : sample(r.riskCoverage().points())) {
      out.printf(
          Locale.ROOT, "  >= %-7.3f %9s %10.3f%n", p.threshold(), pct(p.coverage()), p.precision());
    }
    out.println();
    out.println("automatic actions (route rules that reach an action with no approval before it)");
    if (r.autoActions().isEmpty()) {
      out.println("  none");
    }
    for (EvalReport.AutoActionFigures a : r.autoActions()) {
      out.println(
          "  "
              + a.rule()
              + (a.action() == null ? "" : " -> " + a.action())
              + ": "
              + a.records()
              + " records, precision "
              + num(a.precision()));
    }
    out.println();
    double seconds = r.elapsedMillis() / 1000.0;
    out.printf(
        Locale.ROOT,
        "evaluated in %.1f s (%.0f records/s)%n",
        seconds,
        seconds <= 0 ? 0 : c.records() / seconds);
  }

  /** About {@value #CURVE_ROWS} points spread over the curve, the last one always. */
  static List<RiskCoverage.Point> sample(List<RiskCoverage.Point> points) {
    if (points.size() <= CURVE_ROWS) {
      return points;
    }
    List<RiskCoverage.Point> out = new java.util.ArrayList<>();
    for (int i = 0; i < CURVE_ROWS; i++) {
      out.add(points.get((int) Math.round((double) i * (points.size() - 1) / (CURVE_ROWS - 1))));
    }
    return out;
  }

  static String num(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
