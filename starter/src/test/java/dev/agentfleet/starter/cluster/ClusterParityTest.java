package dev.agentfleet.starter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.starter.local.FleetPaths;
import dev.agentfleet.workflows.run.FleetSearchAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster up} and docker-compose.temporal.yml run the server from the same files: the
 * template reads every variable cluster up sets, and the compose stack's search-attribute list is
 * the fleet's ({@code deploy/validate-compose.sh} checks the compose side).
 */
class ClusterParityTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static String read(String relative) throws IOException {
    return Files.readString(REPO.resolve(relative), StandardCharsets.UTF_8);
  }

  @Test
  void the_template_reads_every_variable_cluster_up_sets() throws IOException {
    String template = read(TemporalServices.CONFIG_TEMPLATE);
    assertThat(template).startsWith("# enable-template");
    assertThat(REPO.resolve(TemporalServices.DYNAMIC_CONFIG)).isRegularFile();
    Set<String> read = new HashSet<>();
    Matcher env = Pattern.compile("env \"([A-Z_]+)\"").matcher(template);
    while (env.find()) {
      read.add(env.group(1));
    }
    ClusterState state = new ClusterState();
    state.postgresPort = 25_432;
    state.postgresPassword = "pw";
    for (String service : ClusterState.SERVICES) {
      state.ports.put(service, new ClusterState.Ports());
    }
    FleetPaths paths = FleetPaths.from(Map.of("FLEET_REPO", REPO.toString()));

    Map<String, String> set = new TemporalServices(paths, REPO).environment(state, 29_000);

    assertThat(read).containsAll(set.keySet());
    assertThat(set)
        .containsEntry("PROMETHEUS_ENDPOINT", "127.0.0.1:29000")
        .containsEntry("NUM_HISTORY_SHARDS", "4")
        .containsEntry(
            "DYNAMIC_CONFIG_FILE_PATH", REPO.resolve(TemporalServices.DYNAMIC_CONFIG).toString());
  }

  @Test
  void the_compose_search_attribute_list_is_the_fleets() throws IOException {
    Map<String, String> listed = new HashMap<>();
    for (String line : read("deploy/temporal/search-attributes.txt").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] nameAndType = line.strip().split("\\s+");
        listed.put(nameAndType[0], nameAndType[1]);
      }
    }

    assertThat(listed).isEqualTo(FleetSearchAttributes.ALL);
  }

  @Test
  void compose_runs_the_server_version_cluster_up_builds() throws IOException {
    String compose = read("docker-compose.temporal.yml");

    assertThat(compose)
        .contains("image: temporalio/server:" + ServerTools.VERSION)
        .contains("image: temporalio/admin-tools:" + ServerTools.VERSION)
        .contains("./deploy/temporal:/etc/temporal/fleet:ro")
        .contains("TEMPORAL_SERVER_CONFIG_FILE_PATH: /etc/temporal/fleet/server.yaml")
        .doesNotContain("auto-setup");
  }
}
