package dev.agentfleet.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosSettingsTest {

  @Test
  void reads_every_key_of_a_spec_and_writes_it_back_as_the_same_settings() {
    ChaosSettings settings =
        ChaosSettings.parse(
            "latency=lognormal:200ms:2s, 429=0.05,500=0.03,503=2%,reset=0.01,timeout=0.01,"
                + "malformed=0.02,contract=0.03,tool=0.02,retry-after=3s,hang=5s,seed=7");

    assertThat(settings.latency())
        .isEqualTo(Latency.logNormal(Duration.ofMillis(200), Duration.ofSeconds(2)));
    assertThat(settings.rate(Fault.THROTTLED_429)).isEqualTo(0.05);
    assertThat(settings.rate(Fault.ERROR_500)).isEqualTo(0.03);
    assertThat(settings.rate(Fault.UNAVAILABLE_503)).isEqualTo(0.02);
    assertThat(settings.rate(Fault.RESET)).isEqualTo(0.01);
    assertThat(settings.rate(Fault.TIMEOUT)).isEqualTo(0.01);
    assertThat(settings.rate(Fault.MALFORMED)).isEqualTo(0.02);
    assertThat(settings.rate(Fault.CONTRACT)).isEqualTo(0.03);
    assertThat(settings.rate(Fault.DISALLOWED_TOOL)).isEqualTo(0.02);
    assertThat(settings.totalFaultRate()).isCloseTo(0.19, within(1e-9));
    assertThat(settings.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.hang()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.seed()).isEqualTo(7);
    assertThat(settings.port()).isZero();

    assertThat(settings.spec())
        .isEqualTo(
            "latency=lognormal:200ms:2s,429=0.05,500=0.03,503=0.02,reset=0.01,timeout=0.01,"
                + "malformed=0.02,contract=0.03,tool=0.02,retry-after=3s,hang=5s,seed=7");
    assertThat(ChaosSettings.parse(settings.spec())).isEqualTo(settings);
  }

  @Test
  void spreads_a_total_fault_rate_evenly_and_lets_a_kind_override_its_share() {
    ChaosSettings even = ChaosSettings.faults(0.2);
    for (Fault fault : Fault.values()) {
      assertThat(even.rate(fault)).as(fault.key()).isCloseTo(0.025, within(1e-12));
    }
    assertThat(even.totalFaultRate()).isCloseTo(0.2, within(1e-9));
    assertThat(even.spec()).isEqualTo("latency=none,faults=0.2,seed=1");
    assertThat(ChaosSettings.parse(even.spec())).isEqualTo(even);
    ChaosSettings spelledOut =
        ChaosSettings.parse(
            "429=0.025,500=0.025,503=0.025,reset=0.025,timeout=0.025,malformed=0.025,"
                + "contract=0.025,tool=0.025");
    assertThat(spelledOut.spec()).isEqualTo("latency=none,faults=0.2,seed=1");

    ChaosSettings overridden = ChaosSettings.parse("429=0.1,faults=0.2");
    assertThat(overridden.rate(Fault.THROTTLED_429)).isEqualTo(0.1);
    assertThat(overridden.rate(Fault.TIMEOUT)).isCloseTo(0.025, within(1e-12));
  }

  @Test
  void a_blank_spec_or_none_is_a_healthy_server_without_latency() {
    for (String spec : new String[] {null, "", "  ", "none", "NONE"}) {
      ChaosSettings settings = ChaosSettings.parse(spec);
      assertThat(settings).as(String.valueOf(spec)).isEqualTo(ChaosSettings.none());
      assertThat(settings.totalFaultRate()).isZero();
      assertThat(settings.latency().sampleMillis(0.5, 0.5)).isZero();
    }
    assertThat(ChaosSettings.none().spec()).isEqualTo("latency=none,seed=1");
  }

  @Test
  void reads_every_latency_form() {
    assertThat(ChaosSettings.parse("latency=fixed:250ms").latency())
        .isEqualTo(Latency.fixed(Duration.ofMillis(250)));
    assertThat(ChaosSettings.parse("latency=uniform:100ms:0.8s").latency())
        .isEqualTo(Latency.uniform(Duration.ofMillis(100), Duration.ofMillis(800)));
    assertThat(ChaosSettings.parse("latency=lognormal:1s:1m").latency())
        .isEqualTo(Latency.logNormal(Duration.ofSeconds(1), Duration.ofMinutes(1)));
    assertThat(ChaosSettings.parse("latency=none").latency()).isEqualTo(Latency.none());
  }

  @Test
  void the_builders_change_one_setting_each() {
    ChaosSettings settings =
        ChaosSettings.none()
            .withLatency(Latency.fixed(Duration.ofMillis(5)))
            .withPort(8090)
            .withSeed(42)
            .withRate(Fault.RESET, 0.5)
            .withHang(Duration.ofSeconds(3))
            .withRetryAfter(Duration.ofSeconds(2));

    assertThat(settings.port()).isEqualTo(8090);
    assertThat(settings.seed()).isEqualTo(42);
    assertThat(settings.rate(Fault.RESET)).isEqualTo(0.5);
    assertThat(settings.totalFaultRate()).isEqualTo(0.5);
    assertThat(settings.spec())
        .isEqualTo("latency=fixed:5ms,reset=0.5,retry-after=2s,hang=3s,seed=42");
    assertThatThrownBy(() -> settings.withPort(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port must be between 0 and 65535");
    assertThatThrownBy(() -> settings.withRate(Fault.ERROR_500, 0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add up to 1.1");
  }

  @Test
  void a_bad_spec_is_refused_naming_the_key_and_the_expected_form() {
    assertRefused("latncy=fixed:1s", "unknown key 'latncy'", "expected latency, faults, 429");
    assertRefused("429=lots", "key '429'", "a rate between 0 and 1, like 0.05 or 5%", "'lots'");
    assertRefused("500=1.5", "key '500'", "a rate between 0 and 1");
    assertRefused("tool=-0.1", "key 'tool'", "a rate between 0 and 1");
    assertRefused("latency=lognormal:2s", "key 'latency'", "lognormal:MEDIAN:P99");
    assertRefused("latency=gauss:1s", "key 'latency'", "unknown distribution 'gauss'");
    assertRefused("latency=uniform:2s:1s", "key 'latency'", "below min");
    assertRefused("latency=fixed:200", "key 'latency'", "like 250ms or 2s");
    assertRefused("hang=soon", "key 'hang'", "a duration like 250ms, 2s or 1m");
    assertRefused("hang=0s", "key 'hang'", "above zero");
    assertRefused("retry-after=1h", "key 'retry-after'", "a duration like 250ms");
    assertRefused("seed=seven", "key 'seed'", "a whole number");
    assertRefused("429=0.6,500=0.5", "add up to 1.1", "at most 1");
    assertRefused("seed=1,seed=2", "key 'seed' is given twice");
    assertRefused("429", "'429' is not KEY=VALUE");
    assertRefused("429=0.1,,500=0.1", "an empty item");
  }

  private static void assertRefused(String spec, String... fragments) {
    assertThatThrownBy(() -> ChaosSettings.parse(spec))
        .as(spec)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chaos spec: ")
        .hasMessageContainingAll(fragments);
  }
}
