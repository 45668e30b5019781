package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet down} and {@code down --json} where nothing of the fleet home runs (stopping real
 * processes is {@code UpDownJsonIT}'s).
 */
class DownCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private CliHarness cli;

  @BeforeEach
  void harness() throws Exception {
    cli = new CliHarness(repo);
  }

  private List<String> list(JsonNode node) {
    List<String> texts = new ArrayList<>();
    node.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  @Test
  void the_text_says_what_was_not_running() {
    assertThat(cli.fleet("down")).isZero();
    assertThat(cli.stdout())
        .isEqualTo("worker was not running\nTemporal dev server was not running\n");
  }

  @Test
  void the_json_lists_every_part_as_not_running_and_keeps_stdout_pure_json() throws Exception {
    assertThat(cli.fleet("down", "--json")).isZero();

    JsonNode json = JSON.readTree(cli.stdout());
    assertThat(list(json.path("stopped"))).isEmpty();
    assertThat(list(json.path("notRunning")))
        .containsExactly("admin page", "worker", "chaos model server", "Temporal dev server");
    assertThat(list(json.path("leftRunning"))).isEmpty();
    assertThat(cli.stderr()).contains("worker was not running");
  }

  @Test
  void a_temporal_this_fleet_did_not_start_is_left_running() throws Exception {
    try (ServerSocket external = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      cli.env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + external.getLocalPort());

      assertThat(cli.fleet("down", "--json")).isZero();

      JsonNode json = JSON.readTree(cli.stdout());
      assertThat(list(json.path("leftRunning"))).containsExactly("Temporal");
      assertThat(list(json.path("notRunning"))).doesNotContain("Temporal dev server");
      assertThat(cli.stderr()).contains("was not started by ./fleet up; left running");
    }
  }
}
