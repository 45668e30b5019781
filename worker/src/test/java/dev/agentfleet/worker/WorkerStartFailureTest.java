package dev.agentfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker that cannot start says why and exits at once, instead of living on without polling. */
class WorkerStartFailureTest {

  @TempDir Path home;

  @Test
  void a_worker_whose_metrics_port_is_taken_exits_1_at_once_and_says_which_port() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket closed = new ServerSocket(0)) {
      int temporalPort = closed.getLocalPort();
      closed.close();
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              WorkerMain.class.getName());
      builder.environment().put("FLEET_HOME", home.toString());
      builder.environment().put("FLEET_REPO", Path.of("").toAbsolutePath().getParent().toString());
      builder.environment().put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
      builder.environment().put("TEMPORAL_CONFIG_FILE", home.resolve("none.toml").toString());
      builder.environment().put("FLEET_METRICS_HOST", "127.0.0.1");
      builder.environment().put("FLEET_METRICS_PORT", String.valueOf(taken.getLocalPort()));
      builder.environment().put("FLEET_CODEC_PORT", "0");
      builder.redirectOutput(home.resolve("worker.out").toFile());
      builder.redirectError(home.resolve("worker.err").toFile());
      Process worker = builder.start();
      boolean exited = worker.waitFor(90, TimeUnit.SECONDS);
      if (!exited) {
        worker.destroyForcibly();
      }
      String err =
          java.nio.file.Files.readString(home.resolve("worker.err"), StandardCharsets.UTF_8);
      assertThat(exited).as("the worker exited; stderr: %s", err).isTrue();
      assertThat(worker.exitValue()).isEqualTo(1);
      assertThat(err)
          .contains("worker: cannot start:")
          .contains("metrics endpoint cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("FLEET_METRICS_PORT");
    }
  }

  @Test
  void the_reason_names_the_root_cause() {
    Exception failure =
        new IllegalStateException("cannot open the ledger", new java.io.IOException("disk full"));
    assertThat(WorkerMain.reason(failure))
        .isEqualTo("cannot open the ledger (java.io.IOException: disk full)");
    assertThat(WorkerMain.reason(new IllegalStateException("plain"))).isEqualTo("plain");
  }
}
