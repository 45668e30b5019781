package dev.agentfleet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dealer's decisions: rates, determinism and latency percentiles, without HTTP. */
class FaultDealerTest {

  private static final int DRAWS = 20_000;

  @Test
  void injects_each_fault_at_its_rate_with_a_fixed_seed() {
    ChaosSettings settings =
        ChaosSettings.parse(
            "429=0.05,500=0.03,503=0.02,reset=0.04,timeout=0.01,malformed=0.02,contract=0.03,"
                + "tool=0.05,seed=11");
    FaultDealer dealer = new FaultDealer(settings);

    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    int healthy = 0;
    for (int i = 0; i < DRAWS; i++) {
      FaultDealer.Decision decision = dealer.next();
      if (decision.healthy()) {
        healthy++;
      } else {
        counts.merge(decision.fault(), 1, Integer::sum);
      }
    }

    assertWithinFourSigma("healthy", healthy, 1 - settings.totalFaultRate());
    for (Fault fault : Fault.values()) {
      assertWithinFourSigma(fault.key(), counts.getOrDefault(fault, 0), settings.rate(fault));
    }
  }

  @Test
  void the_same_seed_gives_the_same_faults_and_latencies_and_another_seed_does_not() {
    ChaosSettings settings =
        ChaosSettings.faults(0.3)
            .withLatency(Latency.uniform(Duration.ZERO, Duration.ofSeconds(1)));

    List<FaultDealer.Decision> first = decisions(settings.withSeed(5), 200);
    List<FaultDealer.Decision> again = decisions(settings.withSeed(5), 200);
    List<FaultDealer.Decision> other = decisions(settings.withSeed(6), 200);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void every_kind_shows_up_among_the_first_faults_when_the_rates_are_even() {
    for (long seed = 1; seed <= 20; seed++) {
      FaultDealer dealer = new FaultDealer(ChaosSettings.faults(0.2).withSeed(seed));
      Set<Fault> seen = new LinkedHashSet<>();
      int faults = 0;
      while (faults < Fault.values().length) {
        FaultDealer.Decision decision = dealer.next();
        if (!decision.healthy()) {
          seen.add(decision.fault());
          faults++;
        }
      }
      assertThat(seen).as("seed " + seed).containsExactlyInAnyOrder(Fault.values());
    }
  }

  @Test
  void a_healthy_server_injects_nothing() {
    assertThat(decisions(ChaosSettings.none(), 1_000)).allMatch(FaultDealer.Decision::healthy);
  }

  @Test
  void a_lognormal_latency_has_the_configured_median_and_99th_percentile() {
    long[] millis =
        latencies(Latency.logNormal(Duration.ofMillis(200), Duration.ofSeconds(2)), DRAWS);

    assertThat(percentile(millis, 0.50)).isBetween(180L, 220L);
    assertThat(percentile(millis, 0.99)).isBetween(1_700L, 2_300L);
    assertThat(millis[0]).isPositive();
  }

  @Test
  void a_uniform_latency_stays_in_its_range_and_spreads_over_it() {
    long[] millis =
        latencies(Latency.uniform(Duration.ofMillis(100), Duration.ofMillis(800)), DRAWS);

    assertThat(millis[0]).isGreaterThanOrEqualTo(100);
    assertThat(millis[millis.length - 1]).isLessThanOrEqualTo(800);
    assertThat(percentile(millis, 0.50)).isBetween(420L, 480L);
    assertThat(percentile(millis, 0.05)).isBetween(120L, 150L);
  }

  @Test
  void a_fixed_latency_is_always_the_same() {
    long[] millis = latencies(Latency.fixed(Duration.ofMillis(250)), 1_000);

    assertThat(millis[0]).isEqualTo(250);
    assertThat(millis[millis.length - 1]).isEqualTo(250);
  }

  private static List<FaultDealer.Decision> decisions(ChaosSettings settings, int count) {
    FaultDealer dealer = new FaultDealer(settings);
    List<FaultDealer.Decision> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(dealer.next());
    }
    return out;
  }

  private static long[] latencies(Latency latency, int count) {
    FaultDealer dealer = new FaultDealer(ChaosSettings.none().withLatency(latency).withSeed(3));
    long[] millis = new long[count];
    for (int i = 0; i < count; i++) {
      millis[i] = dealer.next().latencyMillis();
    }
    Arrays.sort(millis);
    return millis;
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private static void assertWithinFourSigma(String what, int count, double rate) {
    double expected = DRAWS * rate;
    double sigma = Math.sqrt(DRAWS * rate * (1 - rate));
    assertThat((double) count)
        .as(what + ": " + count + " of " + DRAWS + ", expected about " + expected)
        .isBetween(expected - 4 * sigma, expected + 4 * sigma);
  }
}
