package dev.agentfleet.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.chaos.ChaosModelServer;
import dev.agentfleet.chaos.ChaosSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet up --model} and {@code --chaos}: bad options are usage errors, and a worker or chaos
 * server already running on something else than what was asked stops {@code up} before it starts
 * anything. "Running" processes are this test JVM's own pid in the fleet home's pid files, which is
 * how {@code up} recognises the processes it started.
 */
class UpCommandTest {

  @TempDir Path repo;

  private CliHarness cli;
  private Path home;

  @BeforeEach
  void harness() throws Exception {
    cli = new CliHarness(repo);
    home = repo.resolve(".fleet");
    Files.createDirectories(home);
  }

  private void pretendRunning(String pidFile) throws Exception {
    Files.writeString(
        home.resolve(pidFile), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void a_taken_metrics_port_stops_up_before_it_starts_anything() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      cli.env.put("FLEET_METRICS_PORT", String.valueOf(taken.getLocalPort()));
      assertThat(cli.fleet("up", "--no-admin")).isEqualTo(1);
      assertThat(cli.stderr())
          .contains("metrics port " + taken.getLocalPort() + " is taken")
          .contains("FLEET_METRICS_PORT");
      assertThat(cli.stdout()).doesNotContain("starting Temporal");
    }
  }

  @Test
  void up_json_that_cannot_start_prints_no_json_and_says_why_on_stderr() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      cli.env.put("FLEET_METRICS_PORT", String.valueOf(taken.getLocalPort()));
      assertThat(cli.fleet("up", "--json", "--no-admin")).isEqualTo(1);
      assertThat(cli.stdout()).isEmpty();
      assertThat(cli.stderr()).contains("metrics port " + taken.getLocalPort() + " is taken");
    }
  }

  @Test
  void an_unknown_model_is_a_usage_error() {
    assertThat(cli.fleet("up", "--model", "gpt-5")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--model must be offline or chaos, got 'gpt-5'");
  }

  @Test
  void a_chaos_spec_needs_the_chaos_model_and_must_read() {
    assertThat(cli.fleet("up", "--chaos", "429=0.1")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--chaos SPEC needs --model chaos");

    assertThat(cli.fleet("up", "--model", "chaos", "--chaos", "latency=fast")).isEqualTo(2);
    assertThat(cli.stderr())
        .contains("--chaos: chaos spec: key 'latency'")
        .contains("lognormal:MEDIAN:P99");
  }

  @Test
  void a_worker_running_on_another_model_must_be_brought_down_first() throws Exception {
    pretendRunning("worker.pid");
    Files.writeString(home.resolve("worker.model"), "offline\n", StandardCharsets.UTF_8);

    assertThat(cli.fleet("up", "--model", "chaos")).isEqualTo(1);

    assertThat(cli.stderr())
        .contains("a worker is already running (pid " + ProcessHandle.current().pid() + ")")
        .contains("on the offline model")
        .contains("./fleet down must come first");
    assertThat(cli.stdout()).doesNotContain("starting");
    assertThat(home.resolve("chaos.pid")).doesNotExist();
  }

  @Test
  void a_chaos_server_running_with_another_spec_must_be_brought_down_first() throws Exception {
    try (ChaosModelServer running = ChaosModelServer.start(ChaosSettings.parse("500=0.3"))) {
      cli.env.put("FLEET_CHAOS_PORT", Integer.toString(running.port()));
      pretendRunning("chaos.pid");

      assertThat(cli.fleet("up", "--model", "chaos", "--chaos", "503=0.3")).isEqualTo(1);

      assertThat(cli.stderr())
          .contains("the chaos model server already runs")
          .contains("with latency=none,500=0.3,seed=1")
          .contains("./fleet down must come first to run it with latency=none,503=0.3,seed=1");
      assertThat(running.stats().total()).isZero();
    }
  }
}
