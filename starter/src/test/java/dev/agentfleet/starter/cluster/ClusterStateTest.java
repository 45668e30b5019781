package dev.agentfleet.starter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateTest {

  @TempDir Path dir;

  private static ClusterState sample() {
    ClusterState state = new ClusterState();
    state.topology = "split";
    state.namespace = "default";
    state.postgresPort = 25_432;
    state.postgresPassword = "pg-secret";
    state.ledgerPassword = "ledger-secret";
    for (String service : ClusterState.SERVICES) {
      ClusterState.Ports ports = new ClusterState.Ports();
      ports.grpc = 21_000 + service.length();
      ports.membership = 22_000 + service.length();
      state.ports.put(service, ports);
    }
    ClusterState.Part worker = new ClusterState.Part("worker-1", 0, 23_001);
    worker.pid = 4242;
    state.workers.add(worker);
    return state;
  }

  @Test
  void round_trips_through_a_file_only_its_owner_can_read() throws IOException {
    Path file = dir.resolve("cluster/cluster.json");
    sample().save(file);

    ClusterState loaded = ClusterState.load(file).orElseThrow();

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(loaded.temporalAddress()).isEqualTo("127.0.0.1:" + (21_000 + "frontend".length()));
    assertThat(loaded.workers).singleElement().satisfies(w -> assertThat(w.pid).isEqualTo(4242));
    assertThat(loaded.ledgerUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:25432/fleet?user=fleet&password=ledger-secret");
    assertThat(Files.readString(file)).doesNotContain("temporalAddress");
  }

  @Test
  void no_file_is_no_cluster_and_a_damaged_one_says_how_to_recover() throws IOException {
    assertThat(ClusterState.load(dir.resolve("missing.json"))).isEmpty();
    Path damaged = Files.writeString(dir.resolve("cluster.json"), "{not json");

    assertThatThrownBy(() -> ClusterState.load(damaged))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining(damaged.toString())
        .hasMessageContaining("./fleet cluster down");
  }

  @Test
  void a_pid_counts_only_while_its_process_runs_the_expected_program() {
    ClusterState.Part self = new ClusterState.Part("me", 0, 0);
    self.pid = ProcessHandle.current().pid();

    assertThat(ClusterState.alive(self, "java")).isPresent();
    assertThat(ClusterState.alive(self, "temporal-server")).isEmpty();
    assertThat(ClusterState.alive(new ClusterState.Part("none", 0, 0), "java")).isEmpty();
  }
}
