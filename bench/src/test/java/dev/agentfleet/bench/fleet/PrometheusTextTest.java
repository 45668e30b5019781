package dev.agentfleet.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String EXPOSITION =
      """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
      # TYPE jvm_threads_live_threads gauge
      jvm_threads_live_threads 42.0
      jvm_threads_live_threads_peak 50.0
      """;

  @Test
  void sums_the_samples_with_a_label() {
    assertThat(PrometheusText.sum(EXPOSITION, "jvm_memory_used_bytes", "area", "heap"))
        .hasValue(3.5e7);
  }

  @Test
  void a_metric_without_labels_is_not_confused_with_a_longer_name() {
    assertThat(PrometheusText.sum(EXPOSITION, "jvm_threads_live_threads", null, null))
        .hasValue(42.0);
  }

  @Test
  void an_absent_metric_is_empty() {
    assertThat(PrometheusText.sum(EXPOSITION, "fleet_runs_started_total", null, null)).isEmpty();
    assertThat(PrometheusText.sum(EXPOSITION, "jvm_memory_used_bytes", "area", "stack")).isEmpty();
  }
}
