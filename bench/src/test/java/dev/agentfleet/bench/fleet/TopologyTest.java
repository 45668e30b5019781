package dev.agentfleet.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyTest {

  @Test
  void a_dev_server_result_keeps_its_name_and_parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();

    Topology.DEV_SERVER.describe(parameters);

    assertThat(Topology.DEV_SERVER.resultName("throughput")).isEqualTo("throughput");
    assertThat(Topology.DEV_SERVER.titleSuffix()).isEmpty();
    assertThat(parameters).isEmpty();
  }

  @Test
  void a_cluster_result_is_named_after_its_workers() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    Topology two = Topology.cluster(2);

    two.describe(parameters);

    assertThat(two.resultName("recovery")).isEqualTo("recovery-cluster-w2");
    assertThat(Topology.cluster(1).resultName("throughput")).isEqualTo("throughput-cluster-w1");
    assertThat(two.titleSuffix()).isEqualTo(", on a cluster with 2 workers");
    assertThat(Topology.cluster(1).workersPhrase()).isEqualTo("one worker");
    assertThat(parameters).containsEntry("fleet", "cluster").containsEntry("workers", 2);
  }

  @Test
  void workers_need_a_cluster_and_at_least_one() {
    assertThatThrownBy(() -> Topology.cluster(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--workers must be at least 1, got 0");
    assertThatThrownBy(() -> new Topology(false, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--workers 2 needs --cluster");
  }
}
