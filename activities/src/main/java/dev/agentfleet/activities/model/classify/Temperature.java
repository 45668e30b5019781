package dev.agentfleet.activities.model.classify;

import java.util.List;

/**
 * Temperature scaling: the one number {@code T} that divides the logits so the softmax's
 * probabilities match how often the model is right, found by minimising the negative log-likelihood
 * of held-out logits (a golden-section search over {@code ln T}, the loss being convex in {@code
 * 1/T}).
 *
 * <p>The targets are smoothed by {@code 1/(n+1)} for {@code n} held-out examples, as if one more
 * example had been seen and got wrong: a few dozen examples that all came out right do not prove
 * the classifier is never wrong, and without this the fit would sharpen the probabilities to 1. On
 * thousands of examples the smoothing is negligible.
 */
final class Temperature {

  private static final double MIN_LOG = Math.log(0.05);
  private static final double MAX_LOG = Math.log(50);

  private Temperature() {}

  static double fit(List<double[]> logits, List<Integer> truth) {
    if (logits.isEmpty()) {
      return 1.0;
    }
    double phi = (Math.sqrt(5) - 1) / 2;
    double lo = MIN_LOG;
    double hi = MAX_LOG;
    double a = hi - phi * (hi - lo);
    double b = lo + phi * (hi - lo);
    double fa = nll(logits, truth, Math.exp(a));
    double fb = nll(logits, truth, Math.exp(b));
    for (int i = 0; i < 60; i++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - phi * (hi - lo);
        fa = nll(logits, truth, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + phi * (hi - lo);
        fb = nll(logits, truth, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  static double nll(List<double[]> logits, List<Integer> truth, double t) {
    double smoothing = 1.0 / (logits.size() + 1);
    double sum = 0;
    for (int i = 0; i < logits.size(); i++) {
      double[] z = logits.get(i);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v / t);
      }
      double norm = 0;
      for (double v : z) {
        norm += Math.exp(v / t - max);
      }
      double logNorm = max + Math.log(norm);
      double spread = 0;
      for (double v : z) {
        spread += v / t - logNorm;
      }
      sum += -(1 - smoothing) * (z[truth.get(i)] / t - logNorm) - smoothing / z.length * spread;
    }
    return sum / logits.size();
  }

  static double accuracy(List<double[]> logits, List<Integer> truth) {
    int right = 0;
    for (int i = 0; i < logits.size(); i++) {
      double[] z = logits.get(i);
      int best = 0;
      for (int k = 1; k < z.length; k++) {
        if (z[k] > z[best]) {
          best = k;
        }
      }
      right += best == truth.get(i) ? 1 : 0;
    }
    return logits.isEmpty() ? Double.NaN : right / (double) logits.size();
  }
}
