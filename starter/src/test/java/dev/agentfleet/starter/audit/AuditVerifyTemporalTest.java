package dev.agentfleet.starter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.starter.FleetCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit verify} fails closed when it cannot read the chain heads anchored in Temporal: an
 * unreachable server is an error that says how to check without them, never a pass. (The check
 * against a real server is {@code AuditTailCutIT}.)
 */
class AuditVerifyTemporalTest {

  @TempDir Path repo;

  @Test
  void unreachable_temporal_is_an_error_naming_offline_not_a_pass() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("FLEET_REPO", repo.toString());
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + closedPort());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        FleetCli.run(
            new String[] {"audit", "verify"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot reach Temporal at 127.0.0.1:")
        .contains("to read the audit chain's anchors")
        .contains("./fleet audit verify --offline");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("intact");
  }

  /** A port nothing listens on: taken from the OS, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
