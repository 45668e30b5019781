package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet cluster} where no cluster was set up, and its usage errors (a real cluster is {@code
 * ClusterIT}'s).
 */
class ClusterCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private CliHarness cli;

  @BeforeEach
  void harness() throws Exception {
    cli = new CliHarness(repo);
  }

  @Test
  void status_without_a_cluster_fails_and_says_how_to_start_one() {
    assertThat(cli.fleet("cluster", "status", "--json")).isEqualTo(1);
    assertThat(cli.stdout()).isEmpty();
    assertThat(cli.stderr())
        .contains("no cluster in .fleet/cluster: ./fleet cluster up starts one");
  }

  @Test
  void down_without_a_cluster_stops_nothing() throws Exception {
    assertThat(cli.fleet("cluster", "down", "--json")).isZero();

    JsonNode json = JSON.readTree(cli.stdout());
    assertThat(json.get("stopped")).isEmpty();
    assertThat(cli.stderr()).contains("nothing to stop");
  }

  @Test
  void up_refuses_an_unknown_topology_before_starting_anything() {
    assertThat(cli.fleet("cluster", "up", "--services", "both")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--services must be split or single, got 'both'");
    assertThat(Files.exists(repo.resolve(".fleet/cluster"))).isFalse();
  }

  @Test
  void up_refuses_a_worker_count_out_of_range() {
    assertThat(cli.fleet("cluster", "up", "--workers", "-1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--workers must be 0 to 32, got -1");
  }

  @Test
  void up_refuses_a_port_out_of_range() {
    assertThat(cli.fleet("cluster", "up", "--port", "70000")).isEqualTo(2);
    assertThat(cli.stderr()).contains("a port must be 1 to 65535, got 70000");
  }
}
