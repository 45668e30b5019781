package dev.agentfleet.chaos;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, for each chat completion in arrival order, whether it meets a fault, which one, and how
 * long it waits first.
 *
 * <p>Whether a request fails is drawn at random with the total fault rate (seeded by position, so
 * the {@code n}-th request of two runs with the same seed fares the same). Which fault it gets is
 * dealt by smooth weighted round robin over the kinds' rates, so each kind's share of the faults is
 * exact rather than only expected, and every kind with a rate shows up within the first few faults
 * instead of by luck. The seed shifts the dealer's starting position, so the order of kinds differs
 * between seeds.
 */
final class FaultDealer {

  /** What happens to one request. */
  record Decision(long sequence, Fault fault, long latencyMillis) {

    /** True for a healthy answer. */
    boolean healthy() {
      return fault == null;
    }
  }

  private final ChaosSettings settings;
  private final Fault[] kinds = Fault.values();
  private final double[] weights = new double[kinds.length];
  private final double[] credit = new double[kinds.length];
  private final double total;
  private final AtomicLong sequence = new AtomicLong();

  FaultDealer(ChaosSettings settings) {
    this.settings = settings;
    double sum = 0;
    for (int i = 0; i < kinds.length; i++) {
      weights[i] = settings.rate(kinds[i]);
      credit[i] = weights[i] * Draws.unit(settings.seed(), i, 7);
      sum += weights[i];
    }
    this.total = sum;
  }

  /** The decision for the next request. */
  Decision next() {
    long n = sequence.getAndIncrement();
    long seed = settings.seed();
    Fault fault = Draws.unit(seed, n, 0) < total ? deal() : null;
    long latency = settings.latency().sampleMillis(Draws.unit(seed, n, 1), Draws.unit(seed, n, 2));
    return new Decision(n, fault, latency);
  }

  private synchronized Fault deal() {
    int best = -1;
    for (int i = 0; i < kinds.length; i++) {
      credit[i] += weights[i];
      if (weights[i] > 0 && (best < 0 || credit[i] > credit[best])) {
        best = i;
      }
    }
    credit[best] -= total;
    return kinds[best];
  }
}
